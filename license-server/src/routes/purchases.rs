//! `GET /v1/installs/{id}/purchases`: purchase history, for the install that holds
//! the pinned key only (see `install_auth` for the signed message and headers).

use super::{limit_install, require_install_id};
use crate::error::ApiError;
use crate::install_auth::{verify_purchases, PurchasesAuth, HEADER_PUBLIC_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP};
use crate::state::AppState;
use crate::store::purchases::PurchaseView;
use crate::store::{self, installs, purchases};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;

fn auth_from_headers(headers: &HeaderMap) -> Result<PurchasesAuth, ApiError> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| ApiError::Unauthorized(format!("missing header {name}")))
    };
    let timestamp = get(HEADER_TIMESTAMP)?
        .parse()
        .map_err(|_| ApiError::Unauthorized(format!("{HEADER_TIMESTAMP} must be unix seconds")))?;
    Ok(PurchasesAuth { install_public_key: get(HEADER_PUBLIC_KEY)?, timestamp, signature: get(HEADER_SIGNATURE)? })
}

pub async fn list(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Result<Json<Vec<PurchaseView>>, ApiError> {
    require_install_id(&id)?;
    limit_install(&state, &id)?;
    let auth = auth_from_headers(&headers)?;
    verify_purchases(&id, &auth, store::now()).map_err(|e| ApiError::Unauthorized(e.to_string()))?;
    let install = installs::get(&state.db, &id).await?;
    match install.as_ref().and_then(|i| i.public_key.as_deref()) {
        Some(pinned) if pinned == auth.install_public_key => {}
        Some(_) => {
            return Err(ApiError::Forbidden(format!(
                "install `{id}` is registered with a different public key; ask the vendor to reset this install"
            )))
        }
        None => return Err(ApiError::Forbidden(format!("install `{id}` has no pinned key yet; run a license check first"))),
    }
    let rows = purchases::list(&state.db, &id).await?;
    Ok(Json(rows.iter().map(PurchaseView::from).collect()))
}
