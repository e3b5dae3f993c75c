//! ArchNest's schema, as numbered migrations run at startup (and by `archnest migrate`).
//!
//! Rules: a migration that has shipped is never edited; each one names the columns it
//! needs with its own `Iden` enum, so later renames elsewhere cannot change history.
//! Timestamps are Unix seconds in `BIGINT` columns so SQLite and PostgreSQL agree.

pub use sea_orm_migration::prelude::*;

mod m0001_settings;
mod m0002_users;
mod m0003_sessions;
mod m0004_audit_events;
mod m0005_ssh_hosts;
mod m0006_docker_sources;
mod m0007_bookmarks;
mod m0008_tunnels;
mod m0009_metrics;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_settings::Migration),
            Box::new(m0002_users::Migration),
            Box::new(m0003_sessions::Migration),
            Box::new(m0004_audit_events::Migration),
            Box::new(m0005_ssh_hosts::Migration),
            Box::new(m0006_docker_sources::Migration),
            Box::new(m0007_bookmarks::Migration),
            Box::new(m0008_tunnels::Migration),
            Box::new(m0009_metrics::Migration),
        ]
    }
}
