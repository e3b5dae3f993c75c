//! Docker Engine API sources and what the Docker page shows of them: containers with
//! their stats, logs, images, volumes and networks. Free core: one source over TCP
//! (optionally TLS); the SSH transport is the `docker-over-ssh` module.

pub mod client;
pub mod containers;
pub mod images;
pub mod logs;
pub mod sources;
pub mod stats;
pub mod summary;

use archnest_modules::Module;

#[derive(Debug, thiserror::Error)]
pub enum DockerError {
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("the free core allows {limit} Docker source(s)")]
    LimitReached { limit: u32, module: Module },
    #[error("{} is a paid module", .0.name())]
    ModuleLocked(Module),
    #[error("no such Docker source")]
    SourceNotFound,
    #[error("a Docker source named {0:?} already exists")]
    DuplicateName(String),
    /// The engine answered 404 for a container, image, volume or network.
    #[error("{0}")]
    NotFound(String),
    #[error("cannot connect to {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("TLS error talking to {url}: {reason}")]
    Tls { url: String, reason: String },
    #[error("the engine at {url} did not report a usable API version: {reason}")]
    ApiVersion { url: String, reason: String },
    #[error("the Docker Engine did not answer within {0} s")]
    Timeout(u64),
    /// The engine refused the request (e.g. 409 "container is not running").
    #[error("Docker Engine: {message}")]
    Engine { status: u16, message: String },
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("vault: {0}")]
    Vault(#[from] crate::vault::VaultError),
    #[error("{0}")]
    Other(String),
}

impl DockerError {
    /// Errors that mean the engine could not be reached at all (as opposed to
    /// a request it refused).
    pub fn is_connection(&self) -> bool {
        matches!(self, DockerError::Unreachable { .. } | DockerError::Tls { .. } | DockerError::ApiVersion { .. } | DockerError::Timeout(_))
    }
}

/// Short ids as `docker ps` shows them.
pub fn short_id(id: &str) -> String {
    id.strip_prefix("sha256:").unwrap_or(id).chars().take(12).collect()
}
