//! Server-side glue: error mapping, engine lookup, conversions, audit.

use super::*;
use crate::api::ssr::{capitalise, current_user, internal, meta};
use crate::AppError;
use archnest_backend::docker::{self as d, DockerError};
use archnest_backend::AppState;
use std::sync::Arc;

impl From<DockerError> for AppError {
    fn from(e: DockerError) -> Self {
        match e {
            DockerError::Invalid { field, reason } => AppError::invalid(field, reason),
            DockerError::LimitReached { limit, module } => {
                AppError::LimitReached { limit: format!("{limit} Docker source{}", if limit == 1 { "" } else { "s" }), module }
            }
            DockerError::ModuleLocked(module) => AppError::ModuleLocked { module },
            DockerError::SourceNotFound => AppError::NotFound,
            DockerError::Db(_) | DockerError::Vault(_) | DockerError::Other(_) => internal("docker")(e),
            // Everything else is the engine's own answer or a connection problem the
            // user can act on; its message is the point.
            other => AppError::Conflict(capitalise(&other.to_string())),
        }
    }
}

pub async fn engine(st: &AppState, source: i32) -> Result<Arc<d::client::Engine>, AppError> {
    let conn = d::sources::conn(&st.db, &st.vault, source).await?;
    Ok(d::client::engine_for(&conn).await?)
}

pub async fn audit(st: &AppState, action: &str, detail: &str) {
    if let Ok(u) = current_user() {
        archnest_backend::audit::record(&st.db, Some(u.id), &u.username, action, &meta().ip, detail).await;
    }
}

pub fn source(v: d::sources::SourceView) -> DockerSource {
    DockerSource {
        id: v.id,
        name: v.name,
        transport: v.transport,
        url: v.url,
        tls_ca_stored: v.tls_ca_stored,
        tls_cert_stored: v.tls_cert_stored,
        tls_key_stored: v.tls_key_stored,
    }
}

pub fn container(c: d::containers::ContainerRow) -> ContainerInfo {
    ContainerInfo { id: c.id, name: c.name, image: c.image, state: c.state, status: c.status, ports: c.ports, created: c.created }
}

pub fn usage(s: d::stats::ContainerStats) -> ContainerUsage {
    ContainerUsage { id: s.id, cpu_percent: s.cpu_percent, mem_used: s.mem_used, mem_limit: s.mem_limit }
}

pub fn test_result(r: Result<d::client::EngineInfo, DockerError>) -> Result<ConnectionTest, AppError> {
    let (kind, message) = match r {
        Ok(i) => ("ok", format!("Connected: Docker Engine {} ({}), API {}", i.engine_version, i.os, i.api_version)),
        Err(e @ DockerError::Unreachable { .. }) | Err(e @ DockerError::Timeout(_)) => ("unreachable", capitalise(&e.to_string())),
        Err(e @ DockerError::Tls { .. }) => ("tls", capitalise(&e.to_string())),
        Err(e @ DockerError::ApiVersion { .. }) => ("api-version", capitalise(&e.to_string())),
        Err(e @ DockerError::Engine { .. }) | Err(e @ DockerError::NotFound(_)) => ("refused", capitalise(&e.to_string())),
        Err(other) => return Err(other.into()),
    };
    Ok(ConnectionTest { ok: kind == "ok", kind: kind.into(), message })
}
