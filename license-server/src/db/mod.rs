//! Database connection and schema. SQLite by default (one file, created if missing),
//! PostgreSQL when the URL says so.

pub mod entities;
pub mod migration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// Connects and applies pending migrations.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(options(url)).await
}

/// Connects with prepared options (tests add a PostgreSQL schema search path).
pub async fn connect_with(opts: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    let db = Database::connect(opts).await?;
    migration::Migrator::up(&db, None).await?;
    Ok(db)
}

/// Connection options for a URL: SQLite tuned for a server, PostgreSQL pooled.
pub fn options(url: &str) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // WAL lets readers (e.g. the admin CLI running `show` against the same file)
        // proceed while the server writes; the busy timeout makes a second writer wait
        // instead of failing with SQLITE_BUSY. The server itself keeps one connection:
        // SQLite has one writer anyway, and a single connection rules out read→write
        // lock upgrades failing inside a transaction.
        opts.max_connections(1).map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    } else {
        opts.max_connections(10);
    }
    opts
}
