//! SSH tunnels (`-L`, `-R`, `-D`) defined on a host. Deleting a host deletes its
//! tunnels (the manager stops any that were running).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SshHosts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tunnels {
    Table,
    Id,
    HostId,
    Name,
    Kind,
    BindAddress,
    BindPort,
    TargetHost,
    TargetPort,
    AllowWideBind,
    AutoStart,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tunnels::Table)
                .if_not_exists()
                .col(big_pk_auto(Tunnels::Id))
                .col(big_integer(Tunnels::HostId))
                .col(string_uniq(Tunnels::Name))
                .col(string(Tunnels::Kind))
                .col(string(Tunnels::BindAddress))
                .col(integer(Tunnels::BindPort))
                .col(string_null(Tunnels::TargetHost))
                .col(integer_null(Tunnels::TargetPort))
                .col(boolean(Tunnels::AllowWideBind))
                .col(boolean(Tunnels::AutoStart))
                .col(big_integer(Tunnels::CreatedAt))
                .col(big_integer(Tunnels::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Tunnels::Table, Tunnels::HostId)
                        .to(SshHosts::Table, SshHosts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_tunnels_host").table(Tunnels::Table).col(Tunnels::HostId).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Tunnels::Table).to_owned()).await
    }
}
