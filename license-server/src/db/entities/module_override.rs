//! An admin grant (`granted = true`) or revocation (`false`) of one module for one
//! install; the latest decision per (install, module) wins.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "module_overrides")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub install_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub module: String,
    pub granted: bool,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
