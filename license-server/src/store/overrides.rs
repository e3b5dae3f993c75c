//! Admin grants and revocations of single modules.

use crate::db::entities::module_override::{self, Entity as ModuleOverride};
use crate::entitlement::Override;
use archnest_modules::Module;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub async fn list<C: ConnectionTrait>(db: &C, install_id: &str) -> Result<Vec<Override>, DbErr> {
    let rows = ModuleOverride::find().filter(module_override::Column::InstallId.eq(install_id)).all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let m = Module::from_slug(&r.module)?;
            Some(if r.granted { Override::Grant(m) } else { Override::Revoke(m) })
        })
        .collect())
}

/// Records the admin's latest decision for (install, module).
pub async fn set<C: ConnectionTrait>(db: &C, install_id: &str, module: Module, granted: bool, now: i64) -> Result<(), DbErr> {
    let row = module_override::ActiveModel {
        install_id: Set(install_id.to_owned()),
        module: Set(module.slug().to_owned()),
        granted: Set(granted),
        created_at: Set(now),
    };
    let upsert = OnConflict::columns([module_override::Column::InstallId, module_override::Column::Module])
        .update_columns([module_override::Column::Granted, module_override::Column::CreatedAt])
        .to_owned();
    ModuleOverride::insert(row).on_conflict(upsert).exec_without_returning(db).await?;
    tracing::info!(install_id, module = module.slug(), granted, "admin override recorded");
    Ok(())
}
