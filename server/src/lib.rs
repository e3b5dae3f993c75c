//! Wiring for the `archnest` binary: configuration, the axum router and the CLI.
//!
//! Tests use [`build_router`] with `oneshot` or [`serve`] on a port-0 listener.

// Leptos view types of the larger pages are deep; the test build of this crate
// computes their layouts too.
#![recursion_limit = "512"]

pub mod audit_export;
pub mod auth;
pub mod bookmark_icon;
pub mod cli;
pub mod docker_logs;
pub mod files_http;
pub mod health;
pub mod logging;
pub mod pwa;
pub mod security;
pub mod glance_events;
pub mod terminal_ws;
mod vault_key;
mod site;

use anyhow::Context;
use archnest_app::{shell, App};
use archnest_backend::AppState;
use axum::extract::FromRef;
use axum::routing::{get, put};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;

/// Everything handlers can extract.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos: LeptosOptions,
    pub app: AppState,
    /// The shared producer of `/api/glance/events`.
    pub glance: glance_events::GlanceFeed,
}

pub use site::leptos_options;

pub fn build_router(app: AppState, leptos: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let ctx = app.clone();
    let state = ServerState { leptos: leptos.clone(), app, glance: Default::default() };
    Router::new()
        .route("/api/health", get(health::health))
        .route("/api/vault-key", get(vault_key::download))
        .route("/api/audit/export", get(audit_export::export))
        .route(archnest_app::terminal_protocol::PATH, get(terminal_ws::upgrade))
        .route("/api/docker/{source}/containers/{id}/logs", get(docker_logs::stream))
        .route("/api/docker/{source}/containers/{id}/logs/download", get(docker_logs::download))
        .route("/api/bookmarks/{id}/icon", get(bookmark_icon::icon))
        .route(archnest_app::api::glance::EVENTS_PATH, get(glance_events::stream))
        // Streamed; no body limit applies (the router sets none), the remote disk is the limit.
        .route("/api/files/{host}/upload", put(files_http::upload))
        .route("/api/files/{host}/download", get(files_http::download))
        .route("/sw.js", get(pwa::service_worker))
        .leptos_routes_with_context(&state, routes, move || page_context(&ctx), {
            let leptos = leptos.clone();
            move || shell(leptos.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<ServerState, _>(shell))
        // Layers run bottom-up: headers, then CSRF, then session, then access.
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::access))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::session))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::same_origin))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Context for every rendered page and server function: the app state, and the
/// CSP header carrying this response's script nonce.
fn page_context(app: &AppState) {
    provide_context(app.clone());
    if let (Some(nonce), Some(resp)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(v) = http::HeaderValue::from_str(&security::csp(Some(&nonce.to_string()))) {
            resp.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
}

/// Serves until the process receives Ctrl-C / SIGTERM.
pub async fn serve(listener: TcpListener, app: AppState, leptos: LeptosOptions) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;
    let router = build_router(app, leptos);
    // Keystrokes and their echo are tiny writes: without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs add ~40 ms to every one of them on the terminal WebSocket.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving HTTP")
}

/// `archnest serve`: read config, open the database, migrate, listen.
pub async fn run() -> anyhow::Result<()> {
    let config = cli::load_config()?;
    let addr = config.addr;
    let leptos = leptos_options(addr)?;
    let state = AppState::init(config).await.context("opening the database")?;
    archnest_backend::license::schedule::spawn(state.license.clone());
    state.metrics.spawn(state.db.clone(), state.vault.clone());
    // Tunnels marked auto-start come up at boot when `tunnel-auto-start` is licensed.
    let (tunnels, owned) = (state.tunnels.clone(), state.license.modules());
    tokio::spawn(async move {
        let n = tunnels.start_auto(owned).await;
        if n > 0 {
            tracing::info!(started = n, "auto-started tunnels");
        }
    });
    state.sftp.spawn_reaper();
    let listener = TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    tracing::info!(%addr, version = env!("CARGO_PKG_VERSION"), "ArchNest listening on http://{addr}");
    serve(listener, state, leptos).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
