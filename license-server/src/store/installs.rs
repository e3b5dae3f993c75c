//! Install key pinning: the first check pins the install's public key; a different
//! key afterwards is refused until an admin runs `reset-install`.

use super::StoreError;
use crate::db::entities::install::{self, Entity as Install};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub async fn get<C: ConnectionTrait>(db: &C, install_id: &str) -> Result<Option<install::Model>, DbErr> {
    Install::find_by_id(install_id.to_owned()).one(db).await
}

/// Pins `public_key` on first contact (or after a reset), refuses a different key,
/// and records the check. Safe under concurrent first contacts: inserts and pins are
/// conditional, and the row is re-read before the key comparison.
pub async fn check_in<C: ConnectionTrait>(
    db: &C,
    install_id: &str,
    public_key: &str,
    version: &str,
    now: i64,
) -> Result<install::Model, StoreError> {
    if get(db, install_id).await?.is_none() {
        let row = install::ActiveModel {
            install_id: Set(install_id.to_owned()),
            public_key: Set(Some(public_key.to_owned())),
            license_id: Set(format!("lic_{}", uuid::Uuid::new_v4().simple())),
            first_seen: Set(now),
            last_seen: Set(now),
            last_version: Set(Some(version.to_owned())),
        };
        let inserted = Install::insert(row).on_conflict_do_nothing().exec_without_returning(db).await?;
        if matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
            tracing::info!(install_id, public_key, version, "new install, public key pinned");
        }
    }
    let pinned = Install::update_many()
        .col_expr(install::Column::PublicKey, Expr::value(public_key))
        .filter(install::Column::InstallId.eq(install_id))
        .filter(install::Column::PublicKey.is_null())
        .exec(db)
        .await?;
    if pinned.rows_affected > 0 {
        tracing::info!(install_id, public_key, "install public key re-pinned after reset");
    }
    let row = get(db, install_id).await?.ok_or_else(|| StoreError::UnknownInstall(install_id.to_owned()))?;
    if row.public_key.as_deref() != Some(public_key) {
        return Err(StoreError::KeyMismatch(install_id.to_owned()));
    }
    Install::update_many()
        .col_expr(install::Column::LastSeen, Expr::value(now))
        .col_expr(install::Column::LastVersion, Expr::value(version))
        .filter(install::Column::InstallId.eq(install_id))
        .exec(db)
        .await?;
    Ok(install::Model { last_seen: now, last_version: Some(version.to_owned()), ..row })
}

/// Forgets the pinned key so the next check (e.g. from a moved install) pins anew.
/// Purchases and the license id stay.
pub async fn reset<C: ConnectionTrait>(db: &C, install_id: &str) -> Result<bool, DbErr> {
    let res = Install::update_many()
        .col_expr(install::Column::PublicKey, Expr::value(Option::<String>::None))
        .filter(install::Column::InstallId.eq(install_id))
        .exec(db)
        .await?;
    if res.rows_affected > 0 {
        tracing::info!(install_id, "install key reset by admin");
    }
    Ok(res.rows_affected > 0)
}
