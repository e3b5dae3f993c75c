//! Docker server functions: sources (Settings → Integrations) and the Docker page.
//! Wire types live here; the work is in `archnest_backend::docker`.

pub mod engine;
pub mod sources;
#[cfg(feature = "ssr")]
mod ssr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DockerSource {
    pub id: i32,
    pub name: String,
    pub transport: String,
    pub url: String,
    pub tls_ca_stored: bool,
    pub tls_cert_stored: bool,
    pub tls_key_stored: bool,
}

/// The outcome of "Test connection". `kind`: ok, unreachable, tls, api-version, refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionTest {
    pub ok: bool,
    pub kind: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerInfo {
    pub id: String,
    pub name: String,
    pub image: String,
    pub state: String,
    pub status: String,
    pub ports: Vec<String>,
    pub created: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContainerUsage {
    pub id: String,
    pub cpu_percent: Option<f64>,
    pub mem_used: Option<u64>,
    pub mem_limit: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInfo {
    pub id: String,
    pub tags: Vec<String>,
    pub size: i64,
    pub created: i64,
    pub containers: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeInfo {
    pub name: String,
    pub driver: String,
    pub mountpoint: String,
    pub created: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkInfo {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub scope: String,
    pub subnets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DockerSourceSummary {
    pub id: i32,
    pub name: String,
    pub running: u32,
    pub stopped: u32,
    pub error: Option<String>,
}
