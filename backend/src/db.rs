//! Database connection and schema upgrades.
//!
//! SQLite runs in WAL mode with a busy timeout: WAL lets the UI read while a
//! background task writes, and the timeout turns brief writer contention into a short
//! wait instead of an immediate `SQLITE_BUSY` error surfacing to a user.

use crate::config::Config;
use archnest_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, Statement};
use std::time::Duration;

pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| DbErr::Custom(format!("cannot create data dir {}: {e}", config.data_dir.display())))?;
    }
    let mut opts = ConnectOptions::new(config.database_url.expose().clone());
    opts.sqlx_logging(false).connect_timeout(Duration::from_secs(10));
    if config.is_sqlite() {
        // One writer at a time is SQLite's model; a small pool keeps memory low.
        opts.max_connections(4).min_connections(1);
    } else {
        opts.max_connections(10).min_connections(1);
    }
    let db = Database::connect(opts).await?;
    if config.is_sqlite() {
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"] {
            db.execute_raw(Statement::from_string(db.get_database_backend(), pragma)).await?;
        }
    }
    Ok(db)
}

/// Applies every pending migration. Safe to call on every start.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Cheap liveness probe for `/api/health`.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
