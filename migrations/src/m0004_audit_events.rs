//! Append-only audit trail. Written from day one; the `audit-log` module shows it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    UserId,
    Username,
    Action,
    Ip,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditEvents::Table)
                .if_not_exists()
                .col(big_pk_auto(AuditEvents::Id))
                .col(big_integer(AuditEvents::At))
                .col(integer_null(AuditEvents::UserId))
                .col(string(AuditEvents::Username))
                .col(string(AuditEvents::Action))
                .col(string(AuditEvents::Ip))
                .col(text(AuditEvents::Detail))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_events_at")
                .table(AuditEvents::Table)
                .col(AuditEvents::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditEvents::Table).to_owned()).await
    }
}
