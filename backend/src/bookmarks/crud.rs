//! Reading and changing bookmarks. Callers (server functions) have already checked
//! that the user is an admin for every change; the free-core cap is checked here.

use super::validate::{validate, BookmarkInput};
use super::{order, BookmarkError};
use crate::db::now;
use crate::entities::bookmark;
use archnest_modules::{caps, ModuleSet};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DerivePartialModel, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    DatabaseConnection, Set, TransactionTrait,
};

/// A bookmark without its icon bytes (what lists need).
#[derive(Debug, Clone, PartialEq, Eq, DerivePartialModel)]
#[sea_orm(entity = "bookmark::Entity")]
pub struct Row {
    pub id: i32,
    pub name: String,
    pub url: String,
    pub group_name: String,
    pub emoji: Option<String>,
    pub icon_mime: Option<String>,
    pub icon_error: Option<String>,
    pub position: i32,
    pub updated_at: i64,
}

impl Row {
    pub fn has_icon(&self) -> bool {
        self.icon_mime.is_some()
    }
}

/// Every bookmark in display order (see `order`).
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Row>, BookmarkError> {
    let rows = bookmark::Entity::find()
        .order_by_asc(bookmark::Column::Position)
        .order_by_asc(bookmark::Column::Id)
        .into_partial_model::<Row>()
        .all(db)
        .await?;
    Ok(order::display_order(rows, |r| r.group_name.as_str()))
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Row, BookmarkError> {
    bookmark::Entity::find_by_id(id).into_partial_model::<Row>().one(db).await?.ok_or(BookmarkError::NotFound)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, BookmarkError> {
    Ok(bookmark::Entity::find().count(db).await?)
}

/// Adds a bookmark at the end of its group, unless the cap for `owned` is reached.
pub async fn create(db: &DatabaseConnection, owned: ModuleSet, input: &BookmarkInput) -> Result<Row, BookmarkError> {
    let v = validate(input)?;
    let txn = db.begin().await?;
    let existing = count(&txn).await?;
    if !caps::BOOKMARKS.allows_another(owned, existing) {
        return Err(BookmarkError::LimitReached { limit: caps::BOOKMARKS.free_limit });
    }
    let last: Option<i32> = bookmark::Entity::find()
        .select_only()
        .column_as(bookmark::Column::Position.max(), "max")
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let t = now();
    let res = bookmark::Entity::insert(bookmark::ActiveModel {
        name: Set(v.name),
        url: Set(v.url.to_string()),
        group_name: Set(v.group),
        emoji: Set(v.emoji),
        icon_bytes: Set(None),
        icon_mime: Set(None),
        icon_error: Set(None),
        position: Set(last.map_or(0, |p| p + 1)),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    let mut rows = list(db).await?;
    // Re-save the order so the new tile sits at the end of its own group.
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    reorder(db, &ids).await?;
    rows.retain(|r| r.id == res.last_insert_id);
    rows.pop().ok_or(BookmarkError::NotFound)
}

/// Changes a bookmark. A new URL clears the stored favicon (it belonged to the old
/// site); the caller fetches the new one.
pub async fn update(db: &DatabaseConnection, id: i32, input: &BookmarkInput) -> Result<(Row, bool), BookmarkError> {
    let v = validate(input)?;
    let old = find(db, id).await?;
    let url = v.url.to_string();
    let url_changed = old.url != url;
    let mut am = bookmark::ActiveModel {
        id: Set(id),
        name: Set(v.name),
        url: Set(url),
        group_name: Set(v.group.clone()),
        emoji: Set(v.emoji),
        updated_at: Set(now()),
        ..Default::default()
    };
    if url_changed {
        am.icon_bytes = Set(None);
        am.icon_mime = Set(None);
        am.icon_error = Set(None);
    }
    if old.group_name != v.group {
        // Moving to another group puts the tile at the end of that group.
        am.position = Set(i32::MAX);
    }
    bookmark::Entity::update(am).exec(db).await?;
    if old.group_name != v.group {
        let ids: Vec<i32> = list(db).await?.iter().map(|r| r.id).collect();
        reorder(db, &ids).await?;
    }
    Ok((find(db, id).await?, url_changed))
}

pub async fn delete(db: &impl ConnectionTrait, id: i32) -> Result<(), BookmarkError> {
    let res = bookmark::Entity::delete_by_id(id).exec(db).await?;
    if res.rows_affected == 0 {
        return Err(BookmarkError::NotFound);
    }
    Ok(())
}

/// Saves a full order (every bookmark's id, once). Refuses a list that no longer
/// matches the stored bookmarks, so a stale tab cannot drop or resurrect one.
pub async fn reorder(db: &DatabaseConnection, ids: &[i32]) -> Result<(), BookmarkError> {
    let txn = db.begin().await?;
    let rows = bookmark::Entity::find().select_only().column(bookmark::Column::Id).column(bookmark::Column::GroupName).into_tuple::<(i32, String)>().all(&txn).await?;
    let existing: Vec<i32> = rows.iter().map(|(id, _)| *id).collect();
    if !order::is_permutation(&existing, ids) {
        return Err(BookmarkError::StaleOrder);
    }
    // Normalise to display order, so a request that interleaves groups still leaves
    // each group contiguous.
    let requested: Vec<(i32, &str)> = ids
        .iter()
        .map(|id| (*id, rows.iter().find(|(i, _)| i == id).map_or("", |(_, g)| g.as_str())))
        .collect();
    let ordered = order::display_order(requested, |(_, g)| g);
    for (pos, (id, _)) in ordered.iter().enumerate() {
        bookmark::Entity::update_many()
            .col_expr(bookmark::Column::Position, Expr::value(i32::try_from(pos).unwrap_or(i32::MAX)))
            .filter(bookmark::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Moves one bookmark a place earlier or later inside its group (keyboard reorder).
/// Returns false when it is already at that end.
pub async fn move_one(db: &DatabaseConnection, id: i32, up: bool) -> Result<bool, BookmarkError> {
    let rows = list(db).await?;
    if !rows.iter().any(|r| r.id == id) {
        return Err(BookmarkError::NotFound);
    }
    let pairs: Vec<(i32, &str)> = rows.iter().map(|r| (r.id, r.group_name.as_str())).collect();
    match order::moved(&pairs, id, up) {
        Some(ids) => reorder(db, &ids).await.map(|()| true),
        None => Ok(false),
    }
}
