//! Server-side helpers shared by server functions.

use crate::AppError;
use archnest_backend::AppState;
use leptos::prelude::use_context;

/// The server state the router provided to this request.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from server function context");
        AppError::Internal
    })
}

/// Logs a server-side failure with context and hides its details from the browser.
pub fn internal<E: std::fmt::Display>(context: &'static str) -> impl FnOnce(E) -> AppError {
    move |e| {
        tracing::error!(error = %e, "{context}");
        AppError::Internal
    }
}
