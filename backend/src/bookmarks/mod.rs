//! Bookmarks: links to self-hosted services, shown as tiles grouped by group.
//!
//! They belong to the install (every signed-in user sees the same list; admins
//! change it). The free core holds `caps::BOOKMARKS`; the cap is checked here, on the
//! server, whatever the UI shows. Favicons are fetched server-side with strict limits
//! (`favicon`) and stored, so browsers only ever load icons from ArchNest itself.

pub mod crud;
pub mod favicon;
mod html;
pub mod icons;
pub mod order;
pub mod validate;

pub use validate::{BookmarkInput, Valid};

#[derive(Debug, thiserror::Error)]
pub enum BookmarkError {
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("the free core allows {limit} bookmarks")]
    LimitReached { limit: u32 },
    #[error("bookmark not found")]
    NotFound,
    #[error("the list changed meanwhile; reload and try again")]
    StaleOrder,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

impl BookmarkError {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        BookmarkError::Invalid { field, reason: reason.into() }
    }
}
