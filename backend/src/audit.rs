//! Writes audit events. Failures to write are logged, never fatal to the action.

use crate::db::now;
use crate::entities::audit_event;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

pub async fn record(db: &impl ConnectionTrait, user_id: Option<i32>, username: &str, action: &str, ip: &str, detail: &str) {
    let row = audit_event::ActiveModel {
        at: Set(now()),
        user_id: Set(user_id),
        username: Set(username.chars().take(100).collect()),
        action: Set(action.to_owned()),
        ip: Set(ip.to_owned()),
        detail: Set(detail.chars().take(500).collect()),
        ..Default::default()
    };
    if let Err(e) = audit_event::Entity::insert(row).exec(db).await {
        tracing::error!(error = %e, action, "could not write audit event");
    }
}
