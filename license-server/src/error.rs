//! The one error type that crosses the wire: `{"error": "..."}` with a fitting status.
//! Internal details are logged here and replaced by a generic message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("too many requests; slow down")]
    RateLimited,
    #[error("{0} is not configured on this license server")]
    NotConfigured(&'static str),
    #[error("the payment provider is unavailable; try again later")]
    Upstream(String),
    #[error("internal error")]
    Internal(String),
    /// An extractor refused the request (bad JSON, body too large, …).
    #[error("{1}")]
    Rejected(StatusCode, String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotConfigured(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Upstream(_) => StatusCode::BAD_GATEWAY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Rejected(status, _) => *status,
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match e {
            StoreError::KeyMismatch(id) => ApiError::Forbidden(format!(
                "install `{id}` is registered with a different public key; ask the vendor to reset this install"
            )),
            StoreError::UnknownInstall(id) => ApiError::NotFound(format!("install `{id}` is unknown")),
            StoreError::Db(e) => e.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Upstream(detail) => tracing::error!(%detail, "stripe request failed"),
            ApiError::Internal(detail) => tracing::error!(%detail, "internal error"),
            other => tracing::debug!(error = %other, "request refused"),
        }
        (self.status(), Json(serde_json::json!({ "error": self.to_string() }))).into_response()
    }
}
