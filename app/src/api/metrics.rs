//! Host metrics: the latest state of every host, one host's history, and the
//! collection interval. Collection itself runs in the server (`MetricsCollector`).

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiskUsage {
    pub mount: String,
    pub fs: String,
    /// Bytes.
    pub used: u64,
    pub total: u64,
}

/// One chart point (bucket average). Percentages are 0–100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub at: i64,
    pub cpu: Option<f64>,
    pub mem: f64,
    pub load1: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostMetrics {
    pub host_id: i64,
    pub name: String,
    pub address: String,
    /// None until the collector has tried this host once.
    pub reachable: Option<bool>,
    pub last_ok_at: Option<i64>,
    /// Why the last attempt failed (the connection error's text).
    pub last_error: Option<String>,
    /// Time of the latest sample.
    pub at: Option<i64>,
    pub cpu_pct: Option<f64>,
    pub load: Option<[f64; 3]>,
    pub mem_used: u64,
    pub mem_total: u64,
    pub uptime_s: Option<u64>,
    pub disks: Vec<DiskUsage>,
    /// The last hour, for sparklines.
    pub spark: Vec<SeriesPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsOverview {
    pub hosts: Vec<HostMetrics>,
    pub interval_secs: u64,
    /// Server time, for "seen 12 s ago".
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsHistory {
    pub host_id: i64,
    pub range: String,
    pub from: i64,
    pub to: i64,
    /// Seconds one point covers.
    pub bucket: i64,
    pub points: Vec<SeriesPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsSettings {
    pub interval_secs: u64,
    pub min_secs: u64,
    pub max_secs: u64,
    pub can_edit: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod convert;

#[server(prefix = "/api/fn", endpoint = "metrics/overview")]
pub async fn load_metrics_overview() -> Result<MetricsOverview, AppError> {
    let st = crate::api::ssr::state()?;
    crate::api::ssr::current_user()?;
    convert::overview(&st).await
}

/// `range`: `1h`, `24h` or `7d`.
#[server(prefix = "/api/fn", endpoint = "metrics/history")]
pub async fn load_metrics_history(host_id: i64, range: String) -> Result<MetricsHistory, AppError> {
    let st = crate::api::ssr::state()?;
    crate::api::ssr::current_user()?;
    convert::history(&st, host_id, &range).await
}

#[server(prefix = "/api/fn", endpoint = "metrics/settings")]
pub async fn load_metrics_settings() -> Result<MetricsSettings, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    Ok(convert::settings(&st, u.is_admin()).await)
}

#[server(prefix = "/api/fn", endpoint = "metrics/set-interval")]
pub async fn set_metrics_interval(secs: u64) -> Result<MetricsSettings, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::set_interval(&st, &u, secs).await
}
