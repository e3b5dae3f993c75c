//! Infrastructure: everything ArchNest knows in one list — SSH hosts, Docker sources
//! and their containers — with status, tags and quick actions.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfraItem {
    /// host, docker, container
    pub kind: String,
    pub name: String,
    /// Address, engine URL or image.
    pub detail: String,
    /// ok, bad, idle, unknown — for the status dot.
    pub health: String,
    pub status: String,
    pub tags: Vec<String>,
    /// The source a container belongs to.
    pub parent: Option<String>,
    /// Quick actions: (label, link).
    pub actions: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
mod build;

#[server(prefix = "/api/fn", endpoint = "infrastructure/list")]
pub async fn list_infrastructure() -> Result<Vec<InfraItem>, AppError> {
    let st = crate::api::ssr::state()?;
    build::items(&st).await
}
