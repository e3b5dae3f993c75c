//! Accounts. `role` is `admin` or `member`; TOTP secrets are vault-encrypted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    PasswordHash,
    Role,
    TotpSecretEnc,
    TotpEnabled,
    RecoveryCodes,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .if_not_exists()
                .col(pk_auto(Users::Id))
                .col(string_uniq(Users::Username))
                .col(text(Users::PasswordHash))
                .col(string(Users::Role))
                .col(text_null(Users::TotpSecretEnc))
                .col(boolean(Users::TotpEnabled).default(false))
                .col(text(Users::RecoveryCodes).default("[]"))
                .col(big_integer(Users::CreatedAt))
                .col(big_integer(Users::UpdatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}
