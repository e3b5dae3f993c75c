//! Server-side helpers shared by server functions: state, the signed-in user, the
//! request's metadata, cookies, and error mapping.

use crate::AppError;
use archnest_backend::auth::web::RequestMeta;
use archnest_backend::auth::{AuthError, CurrentUser};
use archnest_backend::AppState;
use leptos::prelude::use_context;

/// The server state the router provided to this request.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from server function context");
        AppError::Internal
    })
}

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The signed-in user. The access middleware has already applied the endpoint's
/// declared access level; this yields the identity.
pub fn current_user() -> Result<CurrentUser, AppError> {
    parts().and_then(|p| p.extensions.get::<CurrentUser>().cloned()).ok_or(AppError::Unauthorized)
}

/// The signed-in user's database row (for fields the session does not carry).
pub async fn load_user(st: &AppState, user: &CurrentUser) -> Result<archnest_backend::entities::user::Model, AppError> {
    archnest_backend::auth::users::find(&st.db, user.id)
        .await
        .map_err(internal("load user"))?
        .ok_or(AppError::Unauthorized)
}

pub fn meta() -> RequestMeta {
    parts()
        .and_then(|p| p.extensions.get::<RequestMeta>().cloned())
        .unwrap_or(RequestMeta { ip: "unknown".into(), user_agent: String::new(), secure: false })
}

/// Adds a `Set-Cookie` header to this server function's response.
pub fn set_cookie(value: &str) {
    if let (Some(resp), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value)) {
        resp.append_header(http::header::SET_COOKIE, v);
    }
}

/// Logs a server-side failure with context and hides its details from the browser.
pub fn internal<E: std::fmt::Display>(context: &'static str) -> impl FnOnce(E) -> AppError {
    move |e| {
        tracing::error!(error = %e, "{context}");
        AppError::Internal
    }
}

/// A backend message as a sentence for the UI ("the server refused …" → "The server refused …").
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

impl From<AuthError> for AppError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::BadCredentials => AppError::invalid("login", "Wrong username or password."),
            AuthError::BadTotp => AppError::invalid("code", "That code is not valid. Check your authenticator's clock and try again."),
            AuthError::Throttled(secs) => AppError::RateLimited { retry_after_secs: secs },
            AuthError::Invalid { field, reason } => AppError::invalid(field, reason),
            AuthError::AlreadySetUp => AppError::Conflict("An admin already exists. Sign in instead.".into()),
            AuthError::NotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "auth failure");
                AppError::Internal
            }
        }
    }
}
