//! SSH tunnels: definitions (admins) and start/stop with live status (every user).
//! Tunnels run on the server; these functions only change or read the manager.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TunnelView {
    pub id: i64,
    pub host_id: i64,
    pub host_name: String,
    pub name: String,
    /// `local`, `remote` or `dynamic`.
    pub kind: String,
    pub bind_address: String,
    pub bind_port: u16,
    pub target_host: Option<String>,
    pub target_port: Option<u16>,
    pub allow_wide_bind: bool,
    pub auto_start: bool,
    /// `stopped`, `connecting`, `up` or `failed`.
    pub state: String,
    /// Human status, e.g. "connecting (retry in 4 s): could not open TCP …".
    pub status: String,
    pub since: Option<i64>,
    pub last_error: Option<String>,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub open_connections: u64,
    pub total_connections: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TunnelList {
    pub tunnels: Vec<TunnelView>,
    /// The signed-in user may create, edit and delete tunnels.
    pub can_edit: bool,
    /// Server clock, so "since" and retry countdowns do not depend on the browser's.
    pub now: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TunnelForm {
    pub id: Option<i64>,
    pub host_id: i64,
    pub name: String,
    pub kind: String,
    pub bind_address: String,
    pub bind_port: u32,
    pub target_host: String,
    pub target_port: u32,
    pub allow_wide_bind: bool,
    pub auto_start: bool,
}

#[cfg(feature = "ssr")]
mod convert;

#[server(prefix = "/api/fn", endpoint = "tunnels/list")]
pub async fn list_tunnels() -> Result<TunnelList, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::list(&st, u.is_admin()).await
}

#[server(prefix = "/api/fn", endpoint = "tunnels/save")]
pub async fn save_tunnel(form: TunnelForm) -> Result<TunnelView, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::save(&st, &u, form).await
}

#[server(prefix = "/api/fn", endpoint = "tunnels/delete")]
pub async fn delete_tunnel(id: i64) -> Result<(), AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::delete(&st, &u, id).await
}

#[server(prefix = "/api/fn", endpoint = "tunnels/start")]
pub async fn start_tunnel(id: i64) -> Result<TunnelView, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::start(&st, &u, id).await
}

#[server(prefix = "/api/fn", endpoint = "tunnels/stop")]
pub async fn stop_tunnel(id: i64) -> Result<TunnelView, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::stop(&st, &u, id).await
}
