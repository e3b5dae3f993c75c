//! An install that has checked in: its pinned Ed25519 key and stable license id.
//! `public_key` is `None` after an admin reset; the next check pins a new key.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "installs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub install_id: String,
    pub public_key: Option<String>,
    pub license_id: String,
    pub first_seen: i64,
    pub last_seen: i64,
    pub last_version: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
