//! Server side of the metrics functions: backend read models → page shapes.

use super::{DiskUsage, HostMetrics, MetricsHistory, MetricsOverview, MetricsSettings, SeriesPoint};
use crate::api::ssr::internal;
use crate::AppError;
use archnest_backend::auth::CurrentUser;
use archnest_backend::metrics::{self, settings, store::Point, HostOverview, Range};
use archnest_backend::{audit, db::now, AppState};

fn point(p: Point) -> SeriesPoint {
    SeriesPoint { at: p.at, cpu: p.cpu_pct, mem: p.mem_pct, load1: p.load1 }
}

fn host(h: HostOverview) -> HostMetrics {
    let latest = h.latest.as_ref();
    HostMetrics {
        host_id: h.host.id,
        name: h.host.name,
        address: h.host.address,
        reachable: h.status.as_ref().map(|s| s.reachable),
        last_ok_at: h.status.as_ref().and_then(|s| s.last_ok_at),
        last_error: h.status.as_ref().filter(|s| !s.reachable).and_then(|s| s.last_error.clone()),
        at: latest.map(|s| s.at),
        cpu_pct: latest.and_then(|s| s.cpu_pct),
        load: latest.map(|s| [s.load1, s.load5, s.load15]),
        mem_used: latest.map_or(0, |s| s.mem_used.max(0) as u64),
        mem_total: latest.map_or(0, |s| s.mem_total.max(0) as u64),
        uptime_s: latest.map(|s| s.uptime_s.max(0) as u64),
        disks: h
            .disks
            .into_iter()
            .map(|d| DiskUsage { mount: d.mount, fs: d.fs, used: d.used * 1024, total: d.total * 1024 })
            .collect(),
        spark: h.spark.into_iter().map(point).collect(),
    }
}

pub async fn overview(st: &AppState) -> Result<MetricsOverview, AppError> {
    let t = now();
    let hosts = metrics::overview(&st.db, t).await.map_err(internal("metrics overview"))?;
    Ok(MetricsOverview {
        hosts: hosts.into_iter().map(host).collect(),
        interval_secs: settings::interval(&st.db).await,
        now: t,
    })
}

pub async fn history(st: &AppState, host_id: i64, range: &str) -> Result<MetricsHistory, AppError> {
    let r = Range::parse(range).ok_or_else(|| AppError::invalid("range", "one of 1h, 24h, 7d"))?;
    archnest_backend::ssh::hosts::get(&st.db, host_id).await.map_err(|_| AppError::NotFound)?;
    let t = now();
    let points = metrics::history(&st.db, host_id, r, t).await.map_err(internal("metrics history"))?;
    Ok(MetricsHistory {
        host_id,
        range: range.to_owned(),
        from: t - r.secs(),
        to: t,
        bucket: r.bucket(),
        points: points.into_iter().map(point).collect(),
    })
}

pub async fn settings(st: &AppState, can_edit: bool) -> MetricsSettings {
    MetricsSettings {
        interval_secs: settings::interval(&st.db).await,
        min_secs: settings::MIN_INTERVAL,
        max_secs: settings::MAX_INTERVAL,
        can_edit,
    }
}

pub async fn set_interval(st: &AppState, u: &CurrentUser, secs: u64) -> Result<MetricsSettings, AppError> {
    settings::set_interval(&st.db, secs).await.map_err(|e| match e {
        settings::IntervalError::OutOfRange => AppError::invalid("interval", e.to_string()),
        other => internal("set metrics interval")(other),
    })?;
    st.metrics.wake();
    audit::record(&st.db, Some(u.id), &u.username, "metrics.interval", &crate::api::ssr::meta().ip, &format!("{secs} s")).await;
    Ok(self::settings(st, u.is_admin()).await)
}
