use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bookmarks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub url: String,
    /// Empty for the default group.
    pub group_name: String,
    /// When set, the tile shows this emoji instead of a fetched favicon.
    pub emoji: Option<String>,
    #[sea_orm(column_type = "Blob", nullable)]
    pub icon_bytes: Option<Vec<u8>>,
    /// Set by the fetcher from the bytes it verified (never the remote's header).
    pub icon_mime: Option<String>,
    /// Why the last favicon fetch failed, shown to the admin.
    pub icon_error: Option<String>,
    pub position: i32,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
