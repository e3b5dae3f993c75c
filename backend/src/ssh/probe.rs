//! "Test connection": the connection layer's steps reported one by one.

use super::connect::{connect, ConnectError, ConnectOptions};
use crate::vault::Vault;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub ok: bool,
    pub steps: Vec<Step>,
    /// Set when the failure is an untrusted or changed host key.
    pub error: Option<ConnectError>,
}

fn step(name: &str, ok: bool, detail: impl Into<String>) -> Step {
    Step { name: name.into(), ok, detail: detail.into() }
}

pub async fn test(db: &DatabaseConnection, vault: &Vault, host_id: i64) -> Report {
    match connect(db, vault, host_id, ConnectOptions::default()).await {
        Ok(conn) => {
            let steps = vec![
                step("DNS", true, format!("{} → {}", conn.host.address, conn.peer.ip())),
                step("TCP", true, format!("connected to {}", conn.peer)),
                step("Host key", true, format!("trusted {}", conn.host_key_fingerprint)),
                step("Authentication", true, format!("signed in as {}", conn.host.username)),
            ];
            conn.close().await;
            Report { ok: true, steps, error: None }
        }
        Err(e) => {
            let mut steps = Vec::new();
            let reached = match &e {
                ConnectError::NotFound | ConnectError::Credentials { .. } => 0,
                ConnectError::Dns { .. } => 1,
                ConnectError::Tcp { .. } => 2,
                ConnectError::Handshake { .. } | ConnectError::HostKeyUnknown { .. } | ConnectError::HostKeyChanged { .. } => 3,
                ConnectError::Auth { .. } => 4,
            };
            let names = ["DNS", "TCP", "Host key", "Authentication"];
            for (i, name) in names.iter().enumerate().take(reached) {
                let last = i + 1 == reached;
                steps.push(step(name, !last, if last { e.to_string() } else { "ok".into() }));
            }
            if reached == 0 {
                steps.push(step("Host", false, e.to_string()));
            }
            Report { ok: false, steps, error: Some(e) }
        }
    }
}
