//! `GET /api/audit/export`: the audit log as JSON, for the `audit-log` module.
//! A JSON API, so a missing module answers 402 with the purchase details.

use crate::ServerState;
use archnest_backend::auth::CurrentUser;
use archnest_backend::entities::audit_event;
use archnest_modules::Module;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};

/// 402 with `{"error":"Module required",…}` unless `module` is licensed.
pub fn require(st: &ServerState, module: Module) -> Result<(), Response> {
    if st.app.license.handle().owns(module) {
        return Ok(());
    }
    let base = st.app.config.public_url.clone().unwrap_or_default();
    Err((StatusCode::PAYMENT_REQUIRED, Json(archnest_backend::license::locked_body(module, &base))).into_response())
}

pub async fn export(State(st): State<ServerState>, user: Option<Extension<CurrentUser>>) -> Response {
    let Some(Extension(user)) = user else { return StatusCode::UNAUTHORIZED.into_response() };
    if !user.is_admin() {
        return StatusCode::FORBIDDEN.into_response();
    }
    if let Err(locked) = require(&st, Module::AuditLog) {
        return locked;
    }
    match audit_event::Entity::find().order_by_desc(audit_event::Column::Id).limit(100_000).all(&st.app.db).await {
        Ok(rows) => Json(
            rows.into_iter()
                .map(|e| serde_json::json!({"at": e.at, "user": e.username, "action": e.action, "ip": e.ip, "detail": e.detail}))
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "audit export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
