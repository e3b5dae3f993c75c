//! SSH hosts and their trusted host keys. Secrets (password, private key, passphrase)
//! are vault ciphertexts bound to `ssh_hosts.<column>#<id>`; host keys are public.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SshHosts {
    Table,
    Id,
    Name,
    Address,
    Port,
    Username,
    PasswordEnc,
    PrivateKeyEnc,
    PassphraseEnc,
    KeyAlgorithm,
    KeyFingerprint,
    Tags,
    Notes,
    ProxyJump,
    PendingHostKey,
    PendingSeenAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SshHostKeys {
    Table,
    Id,
    HostId,
    Algorithm,
    PublicKey,
    Fingerprint,
    TrustedAt,
    TrustedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SshHosts::Table)
                .if_not_exists()
                .col(big_pk_auto(SshHosts::Id))
                .col(string_uniq(SshHosts::Name))
                .col(string(SshHosts::Address))
                .col(integer(SshHosts::Port))
                .col(string(SshHosts::Username))
                .col(text_null(SshHosts::PasswordEnc))
                .col(text_null(SshHosts::PrivateKeyEnc))
                .col(text_null(SshHosts::PassphraseEnc))
                .col(string_null(SshHosts::KeyAlgorithm))
                .col(string_null(SshHosts::KeyFingerprint))
                .col(text(SshHosts::Tags))
                .col(text(SshHosts::Notes))
                .col(string_null(SshHosts::ProxyJump))
                .col(text_null(SshHosts::PendingHostKey))
                .col(big_integer_null(SshHosts::PendingSeenAt))
                .col(big_integer(SshHosts::CreatedAt))
                .col(big_integer(SshHosts::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SshHostKeys::Table)
                .if_not_exists()
                .col(big_pk_auto(SshHostKeys::Id))
                .col(big_integer(SshHostKeys::HostId))
                .col(string(SshHostKeys::Algorithm))
                .col(text(SshHostKeys::PublicKey))
                .col(string(SshHostKeys::Fingerprint))
                .col(big_integer(SshHostKeys::TrustedAt))
                .col(string(SshHostKeys::TrustedBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(SshHostKeys::Table, SshHostKeys::HostId)
                        .to(SshHosts::Table, SshHosts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ssh_host_keys_host_alg")
                .table(SshHostKeys::Table)
                .col(SshHostKeys::HostId)
                .col(SshHostKeys::Algorithm)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SshHostKeys::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(SshHosts::Table).to_owned()).await
    }
}
