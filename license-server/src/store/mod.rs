//! Database reads and writes, one file per table. Each function is one unit of work
//! and logs the state change it makes. Decisions live in pure modules
//! (`entitlement`, `stripe::events`, `cart`); this layer only persists them.

pub mod events;
pub mod installs;
pub mod overrides;
pub mod purchases;

use crate::entitlement::{entitled_modules, PurchasedModules};
use archnest_modules::ModuleSet;
use sea_orm::{ConnectionTrait, DbErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("install `{0}` is pinned to another public key")]
    KeyMismatch(String),
    #[error("install `{0}` is unknown")]
    UnknownInstall(String),
}

/// The modules an install is entitled to right now.
pub async fn current_modules<C: ConnectionTrait>(db: &C, install_id: &str) -> Result<ModuleSet, DbErr> {
    let purchases: Vec<PurchasedModules> =
        purchases::list(db, install_id).await?.iter().map(purchases::entitlement_view).collect();
    let overrides = overrides::list(db, install_id).await?;
    Ok(entitled_modules(&purchases, &overrides))
}

/// Unix seconds now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
