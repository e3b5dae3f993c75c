//! Initial schema: installs, purchases, admin overrides, processed Stripe events.
//! Frozen once shipped; it names its own tables and columns rather than reusing the
//! entities, so later entity changes cannot silently alter it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Installs {
    Table,
    InstallId,
    PublicKey,
    LicenseId,
    FirstSeen,
    LastSeen,
    LastVersion,
}

#[derive(DeriveIden)]
enum Purchases {
    Table,
    Id,
    StripeSessionId,
    PaymentIntent,
    InstallId,
    Items,
    Modules,
    AmountCents,
    CreatedAt,
    RefundedAt,
}

#[derive(DeriveIden)]
enum ModuleOverrides {
    Table,
    InstallId,
    Module,
    Granted,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StripeEvents {
    Table,
    EventId,
    EventType,
    ProcessedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Installs::Table)
                .col(string(Installs::InstallId).primary_key())
                .col(string_null(Installs::PublicKey))
                .col(string(Installs::LicenseId))
                .col(big_integer(Installs::FirstSeen))
                .col(big_integer(Installs::LastSeen))
                .col(string_null(Installs::LastVersion))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Purchases::Table)
                .col(pk_auto(Purchases::Id))
                .col(string_uniq(Purchases::StripeSessionId))
                .col(string_null(Purchases::PaymentIntent))
                .col(string(Purchases::InstallId))
                .col(text(Purchases::Items))
                .col(text(Purchases::Modules))
                .col(big_integer(Purchases::AmountCents))
                .col(big_integer(Purchases::CreatedAt))
                .col(big_integer_null(Purchases::RefundedAt))
                .to_owned(),
        )
        .await?;
        for (name, col) in [("idx_purchases_install", Purchases::InstallId), ("idx_purchases_pi", Purchases::PaymentIntent)] {
            m.create_index(Index::create().name(name).table(Purchases::Table).col(col).to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table(ModuleOverrides::Table)
                .col(string(ModuleOverrides::InstallId))
                .col(string(ModuleOverrides::Module))
                .col(boolean(ModuleOverrides::Granted))
                .col(big_integer(ModuleOverrides::CreatedAt))
                .primary_key(Index::create().col(ModuleOverrides::InstallId).col(ModuleOverrides::Module))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StripeEvents::Table)
                .col(string(StripeEvents::EventId).primary_key())
                .col(string(StripeEvents::EventType))
                .col(big_integer(StripeEvents::ProcessedAt))
                .to_owned(),
        )
        .await
    }
}
