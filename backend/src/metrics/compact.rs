//! Rolling history: raw samples for 24 h, then 5-minute averages, dropped after 7 days.

use super::parse::Disk;
use super::store::disks_of;
use crate::entities::metric_sample as sample;
use sea_orm::{DatabaseConnection, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};

pub const FULL_RESOLUTION_SECS: i64 = 24 * 3600;
pub const KEEP_SECS: i64 = 7 * 24 * 3600;
pub const BUCKET_SECS: i64 = 300;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Compacted {
    /// Raw samples folded into averages.
    pub folded: u64,
    /// Averaged rows written.
    pub averaged: u64,
    /// Rows older than the retention, removed.
    pub dropped: u64,
}

/// Compacts everything older than 24 h (whole 5-minute buckets only) and drops rows
/// older than 7 days. Idempotent; runs in one transaction.
pub async fn compact(db: &DatabaseConnection, now: i64) -> Result<Compacted, DbErr> {
    let cutoff = {
        let c = now - FULL_RESOLUTION_SECS;
        c - c.rem_euclid(BUCKET_SECS)
    };
    let txn = db.begin().await?;
    let dropped = sample::Entity::delete_many().filter(sample::Column::At.lt(now - KEEP_SECS)).exec(&txn).await?.rows_affected;
    let raw_old = || sea_orm::Condition::all().add(sample::Column::Resolution.eq(0)).add(sample::Column::At.lt(cutoff));
    let rows = sample::Entity::find()
        .filter(raw_old())
        .order_by_asc(sample::Column::HostId)
        .order_by_asc(sample::Column::At)
        .all(&txn)
        .await?;
    let mut averaged = Vec::new();
    let mut group: Vec<&sample::Model> = Vec::new();
    for row in &rows {
        if let Some(first) = group.first() {
            if first.host_id != row.host_id || bucket(first.at) != bucket(row.at) {
                averaged.push(average(&group));
                group.clear();
            }
        }
        group.push(row);
    }
    if !group.is_empty() {
        averaged.push(average(&group));
    }
    let written = averaged.len() as u64;
    for chunk in averaged.chunks(500) {
        sample::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    let folded = sample::Entity::delete_many().filter(raw_old()).exec(&txn).await?.rows_affected;
    txn.commit().await?;
    Ok(Compacted { folded, averaged: written, dropped })
}

fn bucket(at: i64) -> i64 {
    at - at.rem_euclid(BUCKET_SECS)
}

fn average(rows: &[&sample::Model]) -> sample::ActiveModel {
    let n = rows.len() as f64;
    let mean = |f: &dyn Fn(&sample::Model) -> f64| rows.iter().map(|r| f(r)).sum::<f64>() / n;
    let cpus: Vec<f64> = rows.iter().filter_map(|r| r.cpu_pct).collect();
    // Disks: mean used/total per mount over the samples that list it.
    let mut disks: Vec<(Disk, u64)> = Vec::new();
    for r in rows {
        for d in disks_of(r) {
            match disks.iter_mut().find(|(x, _)| x.mount == d.mount) {
                Some((x, k)) => {
                    x.used += d.used;
                    x.total += d.total;
                    *k += 1;
                }
                None => disks.push((d, 1)),
            }
        }
    }
    let disks: Vec<Disk> = disks.into_iter().map(|(d, k)| Disk { used: d.used / k, total: d.total / k, ..d }).collect();
    sample::ActiveModel {
        host_id: Set(rows[0].host_id),
        at: Set(bucket(rows[0].at)),
        resolution: Set(BUCKET_SECS as i32),
        cpu_pct: Set((!cpus.is_empty()).then(|| cpus.iter().sum::<f64>() / cpus.len() as f64)),
        load1: Set(mean(&|r| r.load1)),
        load5: Set(mean(&|r| r.load5)),
        load15: Set(mean(&|r| r.load15)),
        mem_used: Set(mean(&|r| r.mem_used as f64).round() as i64),
        mem_total: Set(mean(&|r| r.mem_total as f64).round() as i64),
        uptime_s: Set(rows.iter().map(|r| r.uptime_s).max().unwrap_or(0)),
        disks: Set(serde_json::to_string(&disks).unwrap_or_else(|_| "[]".into())),
        ..Default::default()
    }
}
