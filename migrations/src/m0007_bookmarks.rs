//! Bookmarks: links to the services a user runs, shared by the whole install.
//!
//! `position` orders tiles (groups appear in the order of their first tile). The
//! favicon is stored as bytes with the MIME type the fetcher verified, so the page
//! never loads third-party URLs; `icon_error` keeps why the last fetch failed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookmarks {
    Table,
    Id,
    Name,
    Url,
    GroupName,
    Emoji,
    IconBytes,
    IconMime,
    IconError,
    Position,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Bookmarks::Table)
                .if_not_exists()
                .col(pk_auto(Bookmarks::Id))
                .col(string(Bookmarks::Name))
                .col(text(Bookmarks::Url))
                .col(string(Bookmarks::GroupName).default(""))
                .col(string_null(Bookmarks::Emoji))
                .col(blob_null(Bookmarks::IconBytes))
                .col(string_null(Bookmarks::IconMime))
                .col(text_null(Bookmarks::IconError))
                .col(integer(Bookmarks::Position))
                .col(big_integer(Bookmarks::CreatedAt))
                .col(big_integer(Bookmarks::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_bookmarks_position")
                .table(Bookmarks::Table)
                .col(Bookmarks::Position)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Bookmarks::Table).to_owned()).await
    }
}
