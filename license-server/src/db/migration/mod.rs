//! Numbered schema migrations. A migration that has shipped is frozen: change the
//! schema by adding `m0002_…`, never by editing an old one.

use sea_orm_migration::prelude::*;

mod m0001_init;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m0001_init::Migration)]
    }
}
