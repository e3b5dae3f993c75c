use sea_orm::entity::prelude::*;

/// Whether the metrics collector reaches a host, and why not.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "metric_host_status")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub host_id: i64,
    pub reachable: bool,
    pub last_ok_at: Option<i64>,
    /// The connection error's Display text.
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
