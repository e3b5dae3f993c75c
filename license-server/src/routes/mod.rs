//! The HTTP surface. Handlers are thin: extract, call a pure rule or a store
//! function, answer. `build_router` serves in-process tests; `serve` the real socket.

mod check;
mod checkout;
mod json;
mod pages;
mod purchases;
mod webhook;

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;

pub use checkout::{CheckoutBody, CheckoutResponse};

/// Request bodies above this are refused with 413.
pub const BODY_LIMIT: usize = 64 * 1024;
/// Stripe events can carry large objects; they are authenticated before parsing.
pub const WEBHOOK_BODY_LIMIT: usize = 256 * 1024;

pub fn build_router(state: AppState) -> Router {
    let limited = Router::new()
        .route("/v1/licenses/check", post(check::check))
        .route("/v1/checkout", post(checkout::create))
        .route("/v1/installs/{id}/purchases", get(purchases::list))
        .route_layer(middleware::from_fn_with_state(state.clone(), limit_ip));
    Router::new()
        .merge(limited)
        // Not IP-limited: Stripe delivers bursts from few addresses, and each request
        // is authenticated by its HMAC before anything else happens.
        .route("/v1/stripe/webhook", post(webhook::receive).layer(DefaultBodyLimit::max(WEBHOOK_BODY_LIMIT)))
        .route("/checkout/done", get(pages::done))
        .route("/healthz", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves until the process ends (or the listener fails).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = build_router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await
}

fn client_ip(state: &AppState, req: &Request) -> String {
    if state.trust_forwarded_for {
        let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        if let Some(ip) = forwarded.and_then(|v| v.rsplit(',').next()).map(str::trim).filter(|s| !s.is_empty()) {
            return ip.to_owned();
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

async fn limit_ip(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ip = client_ip(&state, &req);
    if !state.limits.per_ip.allow(&ip) {
        tracing::warn!(%ip, path = %req.uri().path(), "rate limited by IP");
        return ApiError::RateLimited.into_response();
    }
    next.run(req).await
}

/// Applies the per-install bucket; handlers call it once they know the install.
fn limit_install(state: &AppState, install_id: &str) -> Result<(), ApiError> {
    if state.limits.per_install.allow(install_id) {
        Ok(())
    } else {
        tracing::warn!(install_id, "rate limited by install");
        Err(ApiError::RateLimited)
    }
}

fn require_install_id(id: &str) -> Result<(), ApiError> {
    if crate::install_auth::valid_install_id(id) {
        Ok(())
    } else {
        Err(ApiError::BadRequest("install_id must be 1-128 characters of A-Z, a-z, 0-9, '-' or '_'".into()))
    }
}
