use sea_orm::entity::prelude::*;

/// One metrics sample of a host (raw, or a 5-minute average when `resolution` is 300).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "metric_samples")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub host_id: i64,
    pub at: i64,
    pub resolution: i32,
    /// None for a host's first sample (CPU % needs two readings).
    pub cpu_pct: Option<f64>,
    pub load1: f64,
    pub load5: f64,
    pub load15: f64,
    /// Bytes.
    pub mem_used: i64,
    pub mem_total: i64,
    pub uptime_s: i64,
    /// JSON `[{mount, fs, used, total}]`, KiB.
    pub disks: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
