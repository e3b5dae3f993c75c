//! Test support: fresh databases on SQLite (always) and PostgreSQL (when
//! `ARCHNEST_TEST_PG_URL` points at a server; `scripts/test` starts one).

use crate::config::Config;
use sea_orm::{ConnectionTrait, Database, Statement};
use std::path::Path;

/// The database backends a test should run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// SQLite always; PostgreSQL too when the environment provides one.
    pub fn available() -> Vec<Backend> {
        let mut v = vec![Backend::Sqlite];
        if std::env::var("ARCHNEST_TEST_PG_URL").is_ok() {
            v.push(Backend::Postgres);
        } else {
            eprintln!("note: ARCHNEST_TEST_PG_URL not set; PostgreSQL variant skipped");
        }
        v
    }
}

/// A configuration whose data dir is `dir` and whose database is fresh.
pub async fn config(backend: Backend, dir: &Path) -> Config {
    let mut config = Config::for_data_dir(dir);
    if backend == Backend::Postgres {
        config.database_url = crate::Secret::new(fresh_pg_database().await);
    }
    config
}

/// Creates an empty PostgreSQL database and returns its URL.
pub async fn fresh_pg_database() -> String {
    let admin = std::env::var("ARCHNEST_TEST_PG_URL").unwrap_or_default();
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    let name = format!("archnest_test_{}", hex::encode(bytes));
    let conn = Database::connect(&admin).await.unwrap_or_else(|e| panic!("connect {admin}: {e}"));
    conn.execute_raw(Statement::from_string(conn.get_database_backend(), format!("CREATE DATABASE {name}")))
        .await
        .unwrap_or_else(|e| panic!("create database: {e}"));
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap_or(admin);
    format!("{base}/{name}")
}

pub mod sshd;

/// A migrated database and a vault in a temp dir: where most backend tests start.
pub struct Env {
    pub db: sea_orm::DatabaseConnection,
    pub vault: crate::vault::Vault,
    pub dir: tempfile::TempDir,
}

impl Env {
    pub async fn new(backend: Backend) -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = config(backend, dir.path()).await;
        let vault = crate::vault::Vault::open_or_create(&config.secret_key_file).expect("vault");
        let db = crate::db::connect(&config).await.expect("connect");
        crate::db::migrate(&db).await.expect("migrate");
        Env { db, vault, dir }
    }
}
