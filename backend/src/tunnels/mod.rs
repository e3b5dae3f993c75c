//! SSH tunnels: local (`-L`), remote (`-R`) and dynamic SOCKS5 (`-D`) port forwards.
//!
//! `store` keeps their definitions (validated, with clear field errors); the
//! `TunnelManager` runs them as server-side tokio tasks, one SSH connection per running
//! tunnel, so closing the browser changes nothing. A dropped connection is retried
//! with exponential backoff; `stats` counts bytes and open connections live.

pub mod local;
pub mod manager;
pub mod remote;
pub mod socks;
pub mod stats;
pub mod store;

pub use manager::{Phase, Snapshot, TunnelManager};
pub use store::{TunnelError, TunnelInput};

use serde::{Deserialize, Serialize};

/// Which way a tunnel forwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `-L`: listen here, connect from the SSH server to the target.
    Local,
    /// `-R`: the SSH server listens, connections come back to a target reachable from here.
    Remote,
    /// `-D`: a SOCKS5 proxy here; each CONNECT goes out through the SSH server.
    Dynamic,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Local => "local",
            Kind::Remote => "remote",
            Kind::Dynamic => "dynamic",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "local" => Some(Kind::Local),
            "remote" => Some(Kind::Remote),
            "dynamic" => Some(Kind::Dynamic),
            _ => None,
        }
    }
}

/// A validated tunnel, ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub id: i64,
    pub host_id: i64,
    pub name: String,
    pub kind: Kind,
    pub bind_address: String,
    pub bind_port: u16,
    /// Target host and port; `None` for dynamic tunnels.
    pub target: Option<(String, u16)>,
}

impl Spec {
    /// `127.0.0.1:8080` / `[::1]:8080`.
    pub fn bind_display(&self) -> String {
        join_host_port(&self.bind_address, self.bind_port)
    }
}

pub fn join_host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}
