//! Glance: one snapshot of everything the home page shows. The page loads it once
//! and then follows `/api/glance/events` (server-sent events) for live updates.

use crate::api::bookmarks::BookmarkTile;
use crate::api::docker::DockerSourceSummary;
use crate::api::metrics::MetricsOverview;
use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Path of the live-update stream.
pub const EVENTS_PATH: &str = "/api/glance/events";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlanceData {
    pub metrics: MetricsOverview,
    pub docker: Vec<DockerSourceSummary>,
    pub bookmarks: Vec<BookmarkTile>,
    /// Tunnels up / defined.
    pub tunnels: (u32, u32),
    /// valid, offline-grace, expired, tampered, free, no-production-key
    pub license_state: String,
    pub valid_until: Option<i64>,
    pub modules_owned: u32,
}

#[cfg(feature = "ssr")]
mod build;
#[cfg(feature = "ssr")]
pub use build::build;

#[server(prefix = "/api/fn", endpoint = "glance/summary")]
pub async fn load_glance() -> Result<GlanceData, AppError> {
    let st = crate::api::ssr::state()?;
    build(&st).await
}
