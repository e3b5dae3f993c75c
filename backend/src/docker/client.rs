//! Connecting to a Docker Engine with bollard: plain TCP or TLS, API version
//! negotiated (dockerd 20.10 speaks 1.41 at most), errors classified so the user
//! learns whether the address, TLS or the engine itself is the problem.

use super::sources::Conn;
use super::DockerError;
use bollard::Docker;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// Seconds to wait for the engine's response headers (streams are not cut).
pub const TIMEOUT_SECS: u64 = 10;

/// A connected, version-negotiated engine client. Holds the directory with the TLS
/// files (mode 700, removed on drop) for as long as the client lives, because
/// bollard reads the client key at each handshake.
pub struct Engine {
    pub docker: Docker,
    pub url: String,
    pub api_version: String,
    _tls_dir: Option<tempfile::TempDir>,
}

/// The outcome of "Test connection".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineInfo {
    pub engine_version: String,
    pub api_version: String,
    pub os: String,
}

/// Clients by (source id, updated_at): an edit of the source makes a new key.
static POOL: LazyLock<Mutex<HashMap<(i32, i64), Arc<Engine>>>> = LazyLock::new(Default::default);

/// A pooled engine for a stored source; negotiates once per source version.
pub async fn engine_for(conn: &Conn) -> Result<Arc<Engine>, DockerError> {
    let key = (conn.id, conn.updated_at);
    if let Some(e) = POOL.lock().ok().and_then(|p| p.get(&key).cloned()) {
        return Ok(e);
    }
    let engine = Arc::new(connect(conn).await?);
    if let Ok(mut pool) = POOL.lock() {
        pool.retain(|(id, _), _| *id != conn.id);
        pool.insert(key, engine.clone());
    }
    Ok(engine)
}

/// Drops a pooled client, e.g. after the source was deleted.
pub fn forget(source_id: i32) {
    if let Ok(mut pool) = POOL.lock() {
        pool.retain(|(id, _), _| *id != source_id);
    }
}

/// Connects and negotiates the API version (one `/version` round trip).
pub async fn connect(conn: &Conn) -> Result<Engine, DockerError> {
    let (docker, tls_dir) = match &conn.tls {
        None => {
            let docker = Docker::connect_with_http(&conn.url, TIMEOUT_SECS, bollard::API_DEFAULT_VERSION)
                .map_err(|e| classify(&conn.url, e))?;
            (docker, None)
        }
        Some(tls) => {
            let dir = tempfile::Builder::new().prefix("archnest-docker-tls").tempdir().map_err(|e| DockerError::Other(e.to_string()))?;
            let write = |name: &str, pem: &str| -> Result<std::path::PathBuf, DockerError> {
                let path = dir.path().join(name);
                std::fs::write(&path, pem).map_err(|e| DockerError::Other(e.to_string()))?;
                Ok(path)
            };
            let (ca, cert, key) = (write("ca.pem", &tls.ca)?, write("cert.pem", &tls.cert)?, write("key.pem", &tls.key)?);
            let addr = conn.url.replacen("https://", "tcp://", 1);
            let docker = Docker::connect_with_ssl(&addr, &key, &cert, &ca, TIMEOUT_SECS, bollard::API_DEFAULT_VERSION)
                .map_err(|e| classify(&conn.url, e))?;
            (docker, Some(dir))
        }
    };
    let docker = docker.negotiate_version().await.map_err(|e| match classify(&conn.url, e) {
        // Over TLS, a connection that opened but failed is the handshake's fault.
        DockerError::Unreachable { url, reason } if conn.tls.is_some() && !reason.contains("refused") && !reason.contains("resolve") => {
            DockerError::Tls { url, reason }
        }
        other => other,
    })?;
    let v = docker.client_version();
    Ok(Engine { docker, url: conn.url.clone(), api_version: format!("{}.{}", v.major_version, v.minor_version), _tls_dir: tls_dir })
}

/// "Test connection": connect, negotiate, read the engine's version.
pub async fn test(conn: &Conn) -> Result<EngineInfo, DockerError> {
    let engine = connect(conn).await?;
    let v = engine.docker.version().await.map_err(|e| classify(&conn.url, e))?;
    Ok(EngineInfo {
        engine_version: v.version.unwrap_or_else(|| "unknown".into()),
        api_version: engine.api_version.clone(),
        os: [v.os, v.arch].into_iter().flatten().collect::<Vec<_>>().join("/"),
    })
}

/// Maps a bollard error to what the user can act on.
pub fn classify(url: &str, e: bollard::errors::Error) -> DockerError {
    use bollard::errors::Error as E;
    let url = url.to_owned();
    match e {
        E::DockerResponseServerError { status_code: 404, message } => DockerError::NotFound(message),
        E::DockerResponseServerError { status_code, message } => DockerError::Engine { status: status_code, message },
        E::RequestTimeoutError => DockerError::Timeout(TIMEOUT_SECS),
        E::APIVersionParseError {} => DockerError::ApiVersion { url, reason: "the /version answer has no ApiVersion".into() },
        E::CertPathError { .. } | E::CertParseError { .. } | E::CertMultipleKeys { .. } => {
            DockerError::Tls { url, reason: "a CA, certificate or key is not valid PEM".into() }
        }
        E::JsonDataError { message, .. } => DockerError::ApiVersion { url, reason: format!("unexpected answer: {message}") },
        other => {
            let text = chain(&other);
            let lower = text.to_lowercase();
            if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") || lower.contains("invalid peer") {
                DockerError::Tls { url, reason: text }
            } else if lower.contains("connection refused") {
                DockerError::Unreachable { url, reason: "connection refused (is dockerd listening on this address?)".into() }
            } else if lower.contains("dns") || lower.contains("lookup") || lower.contains("resolve") {
                DockerError::Unreachable { url, reason: format!("host name does not resolve ({text})") }
            } else {
                DockerError::Unreachable { url, reason: text }
            }
        }
    }
}

/// The error and its sources on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = inner.source();
    }
    s
}
