//! Bookmarks: shared by the install. Every signed-in user reads them; admins change
//! them (see `crate::access`). The free-core cap is enforced in the backend.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookmarkTile {
    pub id: i32,
    pub name: String,
    pub url: String,
    pub group: String,
    pub emoji: Option<String>,
    /// Same-origin URL of the stored favicon, when there is one.
    pub icon_src: Option<String>,
    /// Why the favicon could not be fetched (only when no emoji is chosen).
    pub icon_error: Option<String>,
}

/// Everything the Bookmarks page needs in one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookmarkBoard {
    pub tiles: Vec<BookmarkTile>,
    pub can_manage: bool,
    /// The cap that applies to this install; `None` when unlimited.
    pub limit: Option<u32>,
}

impl BookmarkBoard {
    pub fn at_limit(&self) -> bool {
        self.limit.is_some_and(|l| self.tiles.len() >= l as usize)
    }
}

/// What saving did, including a favicon fetch that failed (not an error for saving).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBookmark {
    pub id: i32,
    pub icon_error: Option<String>,
}

/// A stored bookmark as a tile; `with_error` keeps the favicon failure for the editor.
#[cfg(feature = "ssr")]
pub(crate) fn tile(r: archnest_backend::bookmarks::crud::Row, with_error: bool) -> BookmarkTile {
    BookmarkTile {
        icon_src: r.has_icon().then(|| format!("/api/bookmarks/{}/icon?v={}", r.id, r.updated_at)),
        icon_error: if r.emoji.is_some() || !with_error { None } else { r.icon_error },
        id: r.id,
        name: r.name,
        url: r.url,
        group: r.group_name,
        emoji: r.emoji,
    }
}

#[server(prefix = "/api/fn", endpoint = "bookmarks/list")]
pub async fn load_bookmarks() -> Result<BookmarkBoard, AppError> {
    use crate::api::ssr::{current_user, state};
    use archnest_backend::bookmarks::crud;
    let st = state()?;
    let user = current_user()?;
    let rows = crud::list(&st.db).await.map_err(ssr::map)?;
    let tiles = rows
        .into_iter()
        .map(|r| tile(r, true))
        .collect();
    let limit = archnest_modules::caps::BOOKMARKS.limit(st.license.handle().modules());
    Ok(BookmarkBoard { tiles, can_manage: user.is_admin(), limit })
}

/// Creates (`id` absent) or updates a bookmark, then fetches its favicon when it
/// uses one and the address is new.
#[server(prefix = "/api/fn", endpoint = "bookmarks/save")]
pub async fn save_bookmark(id: Option<i32>, name: String, url: String, group: String, emoji: Option<String>) -> Result<SavedBookmark, AppError> {
    use crate::api::ssr::{current_user, meta, state};
    use archnest_backend::audit;
    use archnest_backend::bookmarks::{crud, BookmarkInput};
    let st = state()?;
    let user = current_user()?;
    let input = BookmarkInput { name, url, group, emoji };
    let (row, fetch) = match id {
        None => {
            let row = crud::create(&st.db, st.license.handle().modules(), &input).await.map_err(ssr::map)?;
            (row, true)
        }
        Some(id) => crud::update(&st.db, id, &input).await.map_err(ssr::map)?,
    };
    let action = if id.is_some() { "bookmark.updated" } else { "bookmark.created" };
    audit::record(&st.db, Some(user.id), &user.username, action, &meta().ip, &format!("{} {}", row.name, row.url)).await;
    let icon_error = if fetch && row.emoji.is_none() { ssr::fetch_icon(&st, row.id).await? } else { None };
    Ok(SavedBookmark { id: row.id, icon_error })
}

/// Fetches the favicon again (after the site changed, or a failed first try).
#[server(prefix = "/api/fn", endpoint = "bookmarks/refetch-icon")]
pub async fn refetch_bookmark_icon(id: i32) -> Result<SavedBookmark, AppError> {
    use crate::api::ssr::state;
    let st = state()?;
    let icon_error = ssr::fetch_icon(&st, id).await?;
    Ok(SavedBookmark { id, icon_error })
}

#[server(prefix = "/api/fn", endpoint = "bookmarks/delete")]
pub async fn delete_bookmark(id: i32) -> Result<(), AppError> {
    use crate::api::ssr::{current_user, meta, state};
    use archnest_backend::{audit, bookmarks::crud};
    let st = state()?;
    let user = current_user()?;
    let row = crud::find(&st.db, id).await.map_err(ssr::map)?;
    crud::delete(&st.db, id).await.map_err(ssr::map)?;
    audit::record(&st.db, Some(user.id), &user.username, "bookmark.deleted", &meta().ip, &format!("{} {}", row.name, row.url)).await;
    Ok(())
}

/// Saves the order after a drag: every bookmark's id, once.
#[server(prefix = "/api/fn", endpoint = "bookmarks/reorder")]
pub async fn reorder_bookmarks(ids: Vec<i32>) -> Result<(), AppError> {
    use crate::api::ssr::state;
    use archnest_backend::bookmarks::crud;
    let st = state()?;
    crud::reorder(&st.db, &ids).await.map_err(ssr::map)
}

/// Moves one bookmark a place earlier (`up`) or later inside its group.
#[server(prefix = "/api/fn", endpoint = "bookmarks/move")]
pub async fn move_bookmark(id: i32, up: bool) -> Result<bool, AppError> {
    use crate::api::ssr::state;
    use archnest_backend::bookmarks::crud;
    let st = state()?;
    crud::move_one(&st.db, id, up).await.map_err(ssr::map)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::ssr::internal;
    use crate::AppError;
    use archnest_backend::bookmarks::{favicon, icons, BookmarkError};
    use archnest_backend::AppState;
    use archnest_modules::caps;

    pub fn map(e: BookmarkError) -> AppError {
        match e {
            BookmarkError::Invalid { field, reason } => AppError::invalid(field, reason),
            BookmarkError::LimitReached { limit } => {
                AppError::LimitReached { limit: format!("{limit} bookmarks"), module: caps::BOOKMARKS.lifted_by }
            }
            BookmarkError::NotFound => AppError::NotFound,
            BookmarkError::StaleOrder => AppError::Conflict("The bookmarks changed meanwhile. Reload the page and try again.".into()),
            BookmarkError::Db(e) => internal("bookmarks")(e),
        }
    }

    /// Fetches and stores the favicon; a failure comes back as its reason.
    pub async fn fetch_icon(st: &AppState, id: i32) -> Result<Option<String>, AppError> {
        icons::refresh(&st.db, id, &favicon::Limits::default()).await.map_err(map)
    }
}
