//! Metrics rows: writing a round's results, reading the latest and a history.

use super::parse::{Disk, Reading};
use crate::entities::{metric_host_status as status, metric_sample as sample};
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};

/// A round's outcome for one host.
#[derive(Debug, Clone)]
pub enum Outcome {
    Ok { host_id: i64, at: i64, cpu_pct: Option<f64>, reading: Reading },
    Failed { host_id: i64, at: i64, error: String },
}

fn sample_row(host_id: i64, at: i64, cpu_pct: Option<f64>, r: &Reading) -> sample::ActiveModel {
    sample::ActiveModel {
        host_id: Set(host_id),
        at: Set(at),
        resolution: Set(0),
        cpu_pct: Set(cpu_pct),
        load1: Set(r.load[0]),
        load5: Set(r.load[1]),
        load15: Set(r.load[2]),
        mem_used: Set(r.mem_used as i64),
        mem_total: Set(r.mem_total as i64),
        uptime_s: Set(r.uptime_s as i64),
        disks: Set(serde_json::to_string(&r.disks).unwrap_or_else(|_| "[]".into())),
        ..Default::default()
    }
}

/// Writes all outcomes of a round in one transaction: samples, then statuses.
pub async fn save_round(db: &DatabaseConnection, outcomes: &[Outcome]) -> Result<(), DbErr> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let txn = db.begin().await?;
    let rows: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Ok { host_id, at, cpu_pct, reading } => Some(sample_row(*host_id, *at, *cpu_pct, reading)),
            Outcome::Failed { .. } => None,
        })
        .collect();
    if !rows.is_empty() {
        sample::Entity::insert_many(rows).exec(&txn).await?;
    }
    for o in outcomes {
        let (host_id, at, error) = match o {
            Outcome::Ok { host_id, at, .. } => (*host_id, *at, None),
            Outcome::Failed { host_id, at, error } => (*host_id, *at, Some(error.clone())),
        };
        let ok = error.is_none();
        let row = status::ActiveModel {
            host_id: Set(host_id),
            reachable: Set(ok),
            last_ok_at: Set(ok.then_some(at)),
            last_error_at: Set((!ok).then_some(at)),
            last_error: Set(error),
            updated_at: Set(at),
        };
        // A success keeps the last error for reference; a failure keeps the last success time.
        let cols = if ok {
            vec![status::Column::Reachable, status::Column::LastOkAt, status::Column::UpdatedAt]
        } else {
            vec![status::Column::Reachable, status::Column::LastError, status::Column::LastErrorAt, status::Column::UpdatedAt]
        };
        status::Entity::insert(row)
            .on_conflict(OnConflict::column(status::Column::HostId).update_columns(cols).to_owned())
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

pub fn disks_of(m: &sample::Model) -> Vec<Disk> {
    serde_json::from_str(&m.disks).unwrap_or_default()
}

pub async fn latest(db: &impl ConnectionTrait, host_id: i64) -> Result<Option<sample::Model>, DbErr> {
    sample::Entity::find()
        .filter(sample::Column::HostId.eq(host_id))
        .order_by_desc(sample::Column::At)
        .one(db)
        .await
}

pub async fn status_of(db: &impl ConnectionTrait, host_id: i64) -> Result<Option<status::Model>, DbErr> {
    status::Entity::find_by_id(host_id).one(db).await
}

/// A chart point: averages over one bucket.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    pub at: i64,
    pub cpu_pct: Option<f64>,
    pub mem_pct: f64,
    pub load1: f64,
}

/// Points of `host_id` since `since`, averaged into buckets of `bucket` seconds.
pub async fn series(db: &impl ConnectionTrait, host_id: i64, since: i64, bucket: i64) -> Result<Vec<Point>, DbErr> {
    let rows: Vec<(i64, Option<f64>, i64, i64, f64)> = sample::Entity::find()
        .select_only()
        .columns([sample::Column::At, sample::Column::CpuPct, sample::Column::MemUsed, sample::Column::MemTotal, sample::Column::Load1])
        .filter(sample::Column::HostId.eq(host_id))
        .filter(sample::Column::At.gte(since))
        .order_by_asc(sample::Column::At)
        .into_tuple()
        .all(db)
        .await?;
    Ok(bucketed(&rows, bucket.max(1)))
}

fn bucketed(rows: &[(i64, Option<f64>, i64, i64, f64)], bucket: i64) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    let mut acc: Option<(i64, f64, u32, f64, f64, u32)> = None; // start, cpu sum, cpu n, mem sum, load sum, n
    let flush = |a: (i64, f64, u32, f64, f64, u32), out: &mut Vec<Point>| {
        let (start, cpu, cn, mem, load, n) = a;
        out.push(Point {
            at: start,
            cpu_pct: (cn > 0).then(|| cpu / f64::from(cn)),
            mem_pct: mem / f64::from(n),
            load1: load / f64::from(n),
        });
    };
    for &(at, cpu, used, total, load) in rows {
        let start = at - at.rem_euclid(bucket);
        let mem = if total > 0 { used as f64 * 100.0 / total as f64 } else { 0.0 };
        match acc.as_mut() {
            Some(a) if a.0 == start => {
                if let Some(c) = cpu {
                    a.1 += c;
                    a.2 += 1;
                }
                a.3 += mem;
                a.4 += load;
                a.5 += 1;
            }
            _ => {
                if let Some(a) = acc.take() {
                    flush(a, &mut out);
                }
                acc = Some((start, cpu.unwrap_or(0.0), u32::from(cpu.is_some()), mem, load, 1));
            }
        }
    }
    if let Some(a) = acc {
        flush(a, &mut out);
    }
    out
}
