//! Docker sources: Docker Engine API endpoints the Docker page manages. TLS material
//! (CA, client certificate, client key) is stored vault-encrypted, one column each.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DockerSources {
    Table,
    Id,
    Name,
    Transport,
    Url,
    TlsCaEnc,
    TlsCertEnc,
    TlsKeyEnc,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DockerSources::Table)
                .if_not_exists()
                .col(pk_auto(DockerSources::Id))
                .col(string_uniq(DockerSources::Name))
                .col(string(DockerSources::Transport))
                .col(string(DockerSources::Url))
                .col(text_null(DockerSources::TlsCaEnc))
                .col(text_null(DockerSources::TlsCertEnc))
                .col(text_null(DockerSources::TlsKeyEnc))
                .col(big_integer(DockerSources::CreatedAt))
                .col(big_integer(DockerSources::UpdatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DockerSources::Table).to_owned()).await
    }
}
