//! Shared server state, cloned into every request (all fields are cheap handles).

use crate::auth::throttle::Throttle;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::license::{identity, keys, LicenseService};
use crate::metrics::MetricsCollector;
use crate::tunnels::TunnelManager;
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
    pub license: LicenseService,
    /// Host metrics over SSH; its task is started by the server's `run()`.
    pub metrics: MetricsCollector,
    /// Running SSH tunnels (server-side tasks, independent of any browser).
    pub tunnels: TunnelManager,
    /// Open SFTP sessions of the file manager.
    pub sftp: crate::sftp::SftpPool,
}

impl AppState {
    /// Opens keys, connects, migrates: everything a running server needs.
    pub async fn init(config: Config) -> Result<AppState, InitError> {
        Self::init_with_keys(config, keys::trusted()).await
    }

    /// Like `init`, trusting the given license keys. Only the `test-license-key`
    /// feature exposes it, so release builds trust compiled-in keys alone.
    #[cfg(feature = "test-license-key")]
    pub async fn init_with_license_keys(config: Config, trusted: Vec<ed25519_dalek::VerifyingKey>) -> Result<AppState, InitError> {
        Self::init_with_keys(config, trusted).await
    }

    async fn init_with_keys(config: Config, trusted: Vec<ed25519_dalek::VerifyingKey>) -> Result<AppState, InitError> {
        std::fs::create_dir_all(&config.data_dir)?;
        let vault = Vault::open_or_create(&config.secret_key_file)?;
        let tokens = TokenKeys::open_or_create(&config.data_dir.join("jwt.key"))?;
        let db = crate::db::connect(&config).await?;
        crate::db::migrate(&db).await?;
        let identity = identity::load_or_create(&db, &vault).await?;
        let license = LicenseService::load(db.clone(), identity, trusted, config.license_server.clone()).await?;
        let tunnels = TunnelManager::new(db.clone(), vault.clone());
        Ok(AppState { config: Arc::new(config), db, vault, tokens, throttle: Throttle::default(), license, metrics: MetricsCollector::new(), tunnels, sftp: Default::default() })
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
