//! Typed access to the `settings` key/value table.

use crate::db::now;
use crate::entities::setting;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, DbErr> {
    Ok(setting::Entity::find_by_id(key.to_owned()).one(db).await?.map(|m| m.value))
}

pub async fn set(db: &impl ConnectionTrait, key: &str, value: &str) -> Result<(), DbErr> {
    let row = setting::ActiveModel { key: Set(key.to_owned()), value: Set(value.to_owned()), updated_at: Set(now()) };
    setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Inserts only when the key is absent; returns the value that is stored afterwards.
/// Used for identities created once at first boot, so two racing starts agree.
pub async fn get_or_init(db: &impl ConnectionTrait, key: &str, init: impl FnOnce() -> String) -> Result<String, DbErr> {
    if let Some(v) = get(db, key).await? {
        return Ok(v);
    }
    let row = setting::ActiveModel { key: Set(key.to_owned()), value: Set(init()), updated_at: Set(now()) };
    setting::Entity::insert(row)
        .on_conflict_do_nothing_on([setting::Column::Key])
        .exec(db)
        .await?;
    get(db, key).await?.ok_or_else(|| DbErr::RecordNotFound(key.to_owned()))
}
