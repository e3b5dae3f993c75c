use sea_orm::entity::prelude::*;

/// An SSH tunnel on a host. `kind` is `local`, `remote` or `dynamic`; dynamic
/// (SOCKS5) tunnels have no target.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tunnels")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub host_id: i64,
    pub name: String,
    pub kind: String,
    pub bind_address: String,
    pub bind_port: i32,
    pub target_host: Option<String>,
    pub target_port: Option<i32>,
    /// The user confirmed binding beyond loopback.
    pub allow_wide_bind: bool,
    pub auto_start: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
