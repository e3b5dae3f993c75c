//! Facts about this install for the Glance page.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemInfo {
    pub version: String,
    pub database: String,
    pub database_ok: bool,
}

#[server(prefix = "/api/fn", endpoint = "system/info")]
pub async fn load_system_info() -> Result<SystemInfo, AppError> {
    let state = crate::api::ssr::state()?;
    Ok(SystemInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        database: if state.config.is_sqlite() { "SQLite (embedded)" } else { "PostgreSQL" }.to_string(),
        database_ok: archnest_backend::db::ping(&state.db).await,
    })
}
