//! The one error type that crosses the wire. It says what a user can act on and
//! nothing more; the server logs the details before mapping to it.

use archnest_modules::Module;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in.")]
    Unauthorized,
    #[error("You do not have permission to do this.")]
    Forbidden,
    #[error("{} is a paid module. Unlock it for $5 in the Module Store.", module.name())]
    ModuleLocked { module: Module },
    #[error("The free core allows {limit}. {} lifts the limit.", module.name())]
    LimitReached { limit: String, module: Module },
    #[error("Not found.")]
    NotFound,
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    #[error("{0}")]
    Conflict(String),
    /// An operation on a remote host failed; the message says exactly why.
    #[error("{0}")]
    Remote(String),
    #[error("Something went wrong on the server. The details are in the server log.")]
    Internal,
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        AppError::Invalid { field: field.into(), reason: reason.into() }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}
