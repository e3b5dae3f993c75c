//! User records.

use super::{password, AuthError, Role};
use crate::db::now;
use crate::entities::user;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    user::Entity::find().count(db).await
}

pub async fn find_by_name(db: &impl ConnectionTrait, username: &str) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find().filter(user::Column::Username.eq(username)).one(db).await
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

pub fn validate_username(name: &str) -> Result<(), AuthError> {
    let ok = (2..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(AuthError::Invalid { field: "username", reason: "use 2–64 letters, digits, '.', '_', '-' or '@'".into() })
    }
}

/// Creates a user after validating name and password.
pub async fn create(db: &impl ConnectionTrait, username: &str, pw: &str, role: Role) -> Result<user::Model, AuthError> {
    validate_username(username)?;
    password::validate(pw)?;
    if find_by_name(db, username).await?.is_some() {
        return Err(AuthError::Invalid { field: "username", reason: "is already taken".into() });
    }
    let hash = password::hash(pw)?;
    let t = now();
    let res = user::Entity::insert(user::ActiveModel {
        username: Set(username.to_owned()),
        password_hash: Set(hash),
        role: Set(role.as_str().to_owned()),
        totp_secret_enc: Set(None),
        totp_enabled: Set(false),
        recovery_codes: Set("[]".into()),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    })
    .exec(db)
    .await?;
    find(db, res.last_insert_id).await?.ok_or(AuthError::NotFound)
}

pub async fn set_password(db: &impl ConnectionTrait, id: i32, pw: &str) -> Result<(), AuthError> {
    password::validate(pw)?;
    let hash = password::hash(pw)?;
    user::Entity::update(user::ActiveModel {
        id: Set(id),
        password_hash: Set(hash),
        updated_at: Set(now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}
