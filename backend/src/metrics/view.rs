//! Read models for the Metrics page and Glance: the latest state of every host with a
//! short sparkline, and one host's history over a range.

use super::parse::Disk;
use super::store::{self, Point};
use crate::entities::{metric_host_status, metric_sample, ssh_host};
use crate::ssh::hosts;
use sea_orm::{DatabaseConnection, DbErr};

/// Sparklines cover the last hour in 1-minute buckets.
pub const SPARK_SECS: i64 = 3600;
pub const SPARK_BUCKET: i64 = 60;

#[derive(Debug, Clone)]
pub struct HostOverview {
    pub host: ssh_host::Model,
    pub status: Option<metric_host_status::Model>,
    pub latest: Option<metric_sample::Model>,
    pub disks: Vec<Disk>,
    pub spark: Vec<Point>,
}

/// Every host: status, latest sample and the last hour's sparkline.
pub async fn overview(db: &DatabaseConnection, now: i64) -> Result<Vec<HostOverview>, DbErr> {
    let list = hosts::list(db).await.map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut out = Vec::with_capacity(list.len());
    for host in list {
        let latest = store::latest(db, host.id).await?;
        let disks = latest.as_ref().map(store::disks_of).unwrap_or_default();
        let status = store::status_of(db, host.id).await?;
        let spark = store::series(db, host.id, now - SPARK_SECS, SPARK_BUCKET).await?;
        out.push(HostOverview { host, status, latest, disks, spark });
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    Hour,
    Day,
    Week,
}

impl Range {
    pub fn parse(s: &str) -> Option<Range> {
        match s {
            "1h" => Some(Range::Hour),
            "24h" => Some(Range::Day),
            "7d" => Some(Range::Week),
            _ => None,
        }
    }

    pub fn secs(self) -> i64 {
        match self {
            Range::Hour => 3600,
            Range::Day => 86_400,
            Range::Week => 7 * 86_400,
        }
    }

    /// About 240 points per chart whatever the range.
    pub fn bucket(self) -> i64 {
        self.secs() / 240
    }
}

pub async fn history(db: &DatabaseConnection, host_id: i64, range: Range, now: i64) -> Result<Vec<Point>, DbErr> {
    store::series(db, host_id, now - range.secs(), range.bucket()).await
}
