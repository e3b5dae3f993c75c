//! Shared server state, cloned into every request (all fields are cheap handles).

use crate::config::Config;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: DatabaseConnection,
}

impl AppState {
    /// Connects, migrates and loads everything a running server needs.
    pub async fn init(config: Config) -> Result<AppState, InitError> {
        let db = crate::db::connect(&config).await?;
        crate::db::migrate(&db).await?;
        Ok(AppState { config: Arc::new(config), db })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
