//! The server-side session table behind every token.

use super::tokens::TOKEN_TTL_SECS;
use super::{CurrentUser, Role};
use crate::entities::{session, user};
use sea_orm::prelude::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// Idle sessions end after this long without a request.
pub const IDLE_TIMEOUT_SECS: i64 = 7 * 24 * 3600;

pub async fn create(db: &impl ConnectionTrait, user_id: i32, ip: &str, user_agent: &str, now: i64) -> Result<String, DbErr> {
    let id = hex::encode(crate::keyfile::random_bytes::<16>());
    let ua: String = user_agent.chars().take(300).collect();
    session::Entity::insert(session::ActiveModel {
        id: Set(id.clone()),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + IDLE_TIMEOUT_SECS),
        ip: Set(ip.to_owned()),
        user_agent: Set(ua),
        revoked_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(id)
}

/// Resolves a live session to its user and slides its idle expiry forward.
pub async fn touch(db: &impl ConnectionTrait, sid: &str, ip: &str, now: i64) -> Result<Option<CurrentUser>, DbErr> {
    let Some(s) = session::Entity::find_by_id(sid.to_owned()).one(db).await? else { return Ok(None) };
    if s.revoked_at.is_some() || s.expires_at < now {
        return Ok(None);
    }
    let Some(u) = user::Entity::find_by_id(s.user_id).one(db).await? else { return Ok(None) };
    // Writing on every request would be wasteful; once a token period is enough.
    if now - s.last_seen_at > TOKEN_TTL_SECS / 6 || s.ip != ip {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .col_expr(session::Column::ExpiresAt, Expr::value(now + IDLE_TIMEOUT_SECS))
            .col_expr(session::Column::Ip, Expr::value(ip.to_owned()))
            .filter(session::Column::Id.eq(sid))
            .exec(db)
            .await?;
    }
    Ok(Some(CurrentUser { id: u.id, username: u.username, role: Role::parse(&u.role), session_id: s.id }))
}

pub async fn revoke(db: &impl ConnectionTrait, user_id: i32, sid: &str, now: i64) -> Result<bool, DbErr> {
    let r = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::Id.eq(sid))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}

/// Revokes every live session of a user except `keep` (if given).
pub async fn revoke_all(db: &impl ConnectionTrait, user_id: i32, keep: Option<&str>, now: i64) -> Result<u64, DbErr> {
    let mut q = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        q = q.filter(session::Column::Id.ne(keep));
    }
    Ok(q.exec(db).await?.rows_affected)
}

pub async fn list_active(db: &impl ConnectionTrait, user_id: i32, now: i64) -> Result<Vec<session::Model>, DbErr> {
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await
}
