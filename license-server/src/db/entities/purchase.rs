//! A paid Checkout Session. `items` are the slugs bought (modules or bundles),
//! `modules` the module slugs they granted, both comma-joined. A refund sets
//! `refunded_at`; rows are never deleted so history stays complete.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "purchases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub stripe_session_id: String,
    pub payment_intent: Option<String>,
    pub install_id: String,
    pub items: String,
    pub modules: String,
    pub amount_cents: i64,
    pub created_at: i64,
    pub refunded_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
