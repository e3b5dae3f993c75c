//! Stored favicons: fetching one for a bookmark and reading it back for the icon route.

use super::crud::find;
use super::favicon::{self, FetchedIcon, Limits};
use super::BookmarkError;
use crate::db::now;
use crate::entities::bookmark;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

/// Stores the outcome of a favicon fetch: the icon, or why there is none.
pub async fn set_icon(db: &impl ConnectionTrait, id: i32, fetched: Result<FetchedIcon, String>) -> Result<(), BookmarkError> {
    let (bytes, mime, error) = match fetched {
        Ok(icon) => (Some(icon.bytes), Some(icon.mime.as_str().to_owned()), None),
        Err(reason) => (None, None, Some(reason.chars().take(300).collect::<String>())),
    };
    bookmark::Entity::update(bookmark::ActiveModel {
        id: Set(id),
        icon_bytes: Set(bytes),
        icon_mime: Set(mime),
        icon_error: Set(error),
        updated_at: Set(now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The stored icon and its verified MIME type.
pub async fn icon(db: &impl ConnectionTrait, id: i32) -> Result<Option<(Vec<u8>, String)>, BookmarkError> {
    let row = bookmark::Entity::find_by_id(id).one(db).await?.ok_or(BookmarkError::NotFound)?;
    Ok(row.icon_bytes.zip(row.icon_mime))
}

/// Fetches the favicon of bookmark `id` with `limits` and stores the outcome. A failed
/// fetch is not an error: its reason is stored and returned for the UI to show.
pub async fn refresh(db: &impl ConnectionTrait, id: i32, limits: &Limits) -> Result<Option<String>, BookmarkError> {
    let row = find(db, id).await?;
    let fetched = match reqwest::Url::parse(&row.url) {
        Ok(url) => favicon::fetch(&url, limits).await.map_err(|e| e.to_string()),
        Err(e) => Err(format!("the address is not valid ({e})")),
    };
    let reason = fetched.as_ref().err().cloned();
    set_icon(db, id, fetched).await?;
    Ok(reason)
}
