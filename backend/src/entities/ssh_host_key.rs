use sea_orm::entity::prelude::*;

/// A trusted host key of an SSH host, one per key algorithm.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ssh_host_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub host_id: i64,
    pub algorithm: String,
    /// OpenSSH public key text: `<algorithm> <base64>`.
    pub public_key: String,
    pub fingerprint: String,
    pub trusted_at: i64,
    pub trusted_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
