//! `POST /v1/licenses/check`: the install proves who it is, the server pins its key
//! and answers a signed license listing what it owns.

use super::json::ApiJson;
use super::{limit_install, require_install_id};
use crate::entitlement::license_payload;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, installs};
use archnest_modules::license::{sign_license, verify_check, CheckRequest, LicenseError, SignedLicense};
use axum::extract::State;
use axum::Json;

const MAX_VERSION_LEN: usize = 64;

pub async fn check(State(state): State<AppState>, ApiJson(req): ApiJson<CheckRequest>) -> Result<Json<SignedLicense>, ApiError> {
    require_install_id(&req.install_id)?;
    limit_install(&state, &req.install_id)?;
    if req.version.len() > MAX_VERSION_LEN {
        return Err(ApiError::BadRequest(format!("version must be at most {MAX_VERSION_LEN} characters")));
    }
    let now = store::now();
    verify_check(&req, now).map_err(|e| match e {
        LicenseError::Expired => {
            ApiError::Unauthorized("check timestamp is more than 5 minutes off the server clock; fix the install's clock".into())
        }
        other => ApiError::Unauthorized(format!("check request is not validly signed: {other}")),
    })?;
    let install = installs::check_in(&state.db, &req.install_id, &req.install_public_key, &req.version, now).await?;
    let modules = store::current_modules(&state.db, &req.install_id).await?;
    let payload = license_payload(&req.install_id, &install.license_id, modules, now);
    tracing::info!(install_id = %req.install_id, version = %req.version, modules = modules.len(), "license issued");
    Ok(Json(sign_license(&payload, state.signing_key.expose())))
}
