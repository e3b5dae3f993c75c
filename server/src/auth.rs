//! Request authentication and the access table's enforcement.
//!
//! `session` turns the cookie into a `CurrentUser` extension (sliding the token
//! forward when half-used); `access` then applies the declared access level of the
//! page or server function before any handler runs.

use crate::ServerState;
use archnest_app::access::{api_route_access, page_access, server_fn_access, FN_PREFIX};
use archnest_app::AppError;
use archnest_backend::auth::web::{self, page_gate, Access, Gate, RequestMeta};
use archnest_backend::auth::{sessions, users, CurrentUser};
use archnest_backend::db::now;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;

pub fn request_meta(req: &Request, trust_proxy: bool) -> RequestMeta {
    let h = req.headers();
    let get = |n: &str| h.get(n).and_then(|v| v.to_str().ok());
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    let forwarded = trust_proxy.then(|| get("x-forwarded-for").and_then(|v| v.split(',').next()).map(|s| s.trim().to_owned())).flatten();
    RequestMeta {
        ip: forwarded.or(peer).unwrap_or_else(|| "unknown".into()),
        user_agent: get("user-agent").unwrap_or("").to_owned(),
        secure: trust_proxy && get("x-forwarded-proto") == Some("https"),
    }
}

pub async fn session(State(st): State<ServerState>, mut req: Request, next: Next) -> Response {
    if is_asset(req.uri().path()) {
        return next.run(req).await;
    }
    let meta = request_meta(&req, st.app.config.trust_proxy);
    let token = req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()).and_then(web::token_from_cookie_header).map(str::to_owned);
    let mut refreshed = None;
    if let Some(claims) = token.and_then(|t| st.app.tokens.verify(&t)) {
        let t = now();
        match sessions::touch(&st.app.db, &claims.sid, &meta.ip, t).await {
            Ok(Some(user)) => {
                if claims.needs_refresh(t) {
                    refreshed = Some(st.app.tokens.issue(&claims.sid, user.id, t));
                }
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "session lookup failed"),
        }
    }
    let secure = meta.secure;
    req.extensions_mut().insert(meta);
    let mut resp = next.run(req).await;
    if let Some(token) = refreshed {
        let already = resp.headers().get_all(header::SET_COOKIE).iter().any(|v| v.to_str().is_ok_and(|s| s.starts_with(web::COOKIE)));
        if !already {
            if let Ok(v) = HeaderValue::from_str(&web::session_cookie(&token, secure)) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    resp
}

/// Static files never need a session; everything else is a page or an API.
fn is_asset(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

pub async fn access(State(st): State<ServerState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let user = req.extensions().get::<CurrentUser>().cloned();
    if path.starts_with(&format!("{FN_PREFIX}/")) {
        return match (server_fn_access(&path), &user) {
            (Access::Public, _) => next.run(req).await,
            (_, None) => app_error(StatusCode::UNAUTHORIZED, AppError::Unauthorized),
            (Access::Admin, Some(u)) if !u.is_admin() => app_error(StatusCode::FORBIDDEN, AppError::Forbidden),
            _ => next.run(req).await,
        };
    }
    if let Some(access) = api_route_access(&path) {
        return match (access, &user) {
            (Access::Public, _) => next.run(req).await,
            (_, None) => StatusCode::UNAUTHORIZED.into_response(),
            (Access::Admin, Some(u)) if !u.is_admin() => StatusCode::FORBIDDEN.into_response(),
            _ => next.run(req).await,
        };
    }
    if path.starts_with("/api/") || is_asset(&path) || !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let has_users = match users::count(&st.app.db).await {
        Ok(n) => n > 0,
        Err(e) => {
            tracing::error!(error = %e, "user count failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    match page_gate(&path, req.uri().query(), has_users, user.as_ref(), page_access(&path)) {
        Gate::Allow => next.run(req).await,
        Gate::Redirect(to) => Redirect::to(&to).into_response(),
        Gate::Forbidden => forbidden_page(),
    }
}

fn app_error(status: StatusCode, err: AppError) -> Response {
    let body = serde_json::to_string(&err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], Body::from(body)).into_response()
}

fn forbidden_page() -> Response {
    let html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
        content=\"width=device-width, initial-scale=1\"><title>Not allowed · ArchNest</title></head>\
        <body style=\"background:#0f1216;color:#e6e9ef;font:15px system-ui;display:grid;place-items:center;min-height:90vh\">\
        <main style=\"text-align:center\"><h1 style=\"font-size:1.3rem\">You do not have permission to open this page</h1>\
        <p style=\"color:#8b94a3\">It is for administrators. Ask an admin of this ArchNest if you need it.</p>\
        <p><a style=\"color:#e8a33d\" href=\"/\">Back to Glance</a></p></main></body></html>";
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}
