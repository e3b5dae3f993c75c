//! Shared server state, cloned into every request (all fields are cheap handles).

use crate::auth::throttle::Throttle;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::vault::{Vault, VaultError};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: DatabaseConnection,
    pub vault: Vault,
    pub tokens: TokenKeys,
    pub throttle: Throttle,
}

impl AppState {
    /// Opens keys, connects, migrates: everything a running server needs.
    pub async fn init(config: Config) -> Result<AppState, InitError> {
        std::fs::create_dir_all(&config.data_dir)?;
        let vault = Vault::open_or_create(&config.secret_key_file)?;
        let tokens = TokenKeys::open_or_create(&config.data_dir.join("jwt.key"))?;
        let db = crate::db::connect(&config).await?;
        crate::db::migrate(&db).await?;
        Ok(AppState { config: Arc::new(config), db, vault, tokens, throttle: Throttle::default() })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Vault(#[from] VaultError),
}
