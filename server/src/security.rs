//! Browser-facing protections: security headers on every response and a same-origin
//! check (CSRF) on every state-changing request and WebSocket upgrade.

use crate::ServerState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The Content-Security-Policy. HTML pages add a per-request nonce for Leptos'
/// hydration script; `wasm-unsafe-eval` is what WebAssembly compilation needs.
pub fn csp(nonce: Option<&str>) -> String {
    let script = match nonce {
        Some(n) => format!("script-src 'self' 'wasm-unsafe-eval' 'nonce-{n}'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; {script}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
         connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'; manifest-src 'self'; worker-src 'self'"
    )
}

pub async fn headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&csp(None)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    resp
}

/// Refuses cross-origin state changes and WebSocket upgrades with 403.
pub async fn same_origin(State(st): State<ServerState>, req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let upgrade = req
        .headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if (unsafe_method || upgrade) && !is_same_origin(req.headers(), st.app.config.trust_proxy) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-origin request");
        return refuse();
    }
    next.run(req).await
}

fn refuse() -> Response {
    let body = serde_json::json!({ "error": "Cross-origin request refused" }).to_string();
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], Body::from(body)).into_response()
}

/// `Origin` (or, failing that, `Referer`) must name the host the request was sent to.
pub fn is_same_origin(headers: &HeaderMap, trust_proxy: bool) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = if trust_proxy { get("x-forwarded-host").or_else(|| get("host")) } else { get("host") };
    let Some(host) = host else { return false };
    let source = get("origin").filter(|o| *o != "null").or_else(|| get("referer"));
    let Some(source) = source else { return false };
    let authority = source.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or("")).unwrap_or("");
    authority.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn origin_rules() {
        assert!(is_same_origin(&h(&[("host", "a:8080"), ("origin", "http://a:8080")]), false));
        assert!(!is_same_origin(&h(&[("host", "a:8080"), ("origin", "http://evil:8080")]), false));
        assert!(is_same_origin(&h(&[("host", "a:8080"), ("referer", "http://a:8080/x/y")]), false));
        assert!(!is_same_origin(&h(&[("host", "a:8080")]), false));
        assert!(!is_same_origin(&h(&[("host", "a:8080"), ("origin", "null")]), false));
        let proxied = h(&[("host", "internal:8080"), ("x-forwarded-host", "nest.example"), ("origin", "https://nest.example")]);
        assert!(is_same_origin(&proxied, true));
        assert!(!is_same_origin(&proxied, false));
    }

    #[test]
    fn csp_allows_wasm_and_the_nonce_only() {
        let c = csp(Some("abc"));
        assert!(c.contains("'wasm-unsafe-eval'") && c.contains("'nonce-abc'") && c.contains("frame-ancestors 'none'"));
        assert!(!c.contains("'unsafe-eval'") && !c.contains("script-src 'self' 'unsafe-inline'"));
    }
}
