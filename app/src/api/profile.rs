//! Settings → Profile: password, sessions and two-factor for the signed-in user.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    pub device: String,
    pub ip: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrollment {
    pub secret: String,
    pub otpauth_url: String,
    pub qr_png_base64: String,
}

#[server(prefix = "/api/fn", endpoint = "profile/change-password")]
pub async fn change_password(current: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::api::ssr::{current_user, internal, load_user, meta, state};
    use archnest_backend::auth::{password::verify_blocking, sessions, users};
    use archnest_backend::{audit, db::now};
    let st = state()?;
    let u = current_user()?;
    if password != confirm {
        return Err(AppError::invalid("confirm", "The two passwords differ."));
    }
    let row = load_user(&st, &u).await?;
    if !verify_blocking(current, row.password_hash).await {
        return Err(AppError::invalid("current", "The current password is wrong."));
    }
    users::set_password(&st.db, u.id, &password).await?;
    // A new password ends every other session.
    sessions::revoke_all(&st.db, u.id, Some(&u.session_id), now()).await.map_err(internal("revoke sessions"))?;
    audit::record(&st.db, Some(u.id), &u.username, "password.changed", &meta().ip, "").await;
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "profile/sessions")]
pub async fn list_sessions() -> Result<Vec<SessionInfo>, AppError> {
    use crate::api::ssr::{current_user, internal, state};
    use archnest_backend::{auth::sessions, db::now};
    let st = state()?;
    let u = current_user()?;
    let rows = sessions::list_active(&st.db, u.id, now()).await.map_err(internal("list sessions"))?;
    Ok(rows
        .into_iter()
        .map(|s| SessionInfo {
            current: s.id == u.session_id,
            device: crate::pages::profile::describe_user_agent(&s.user_agent),
            id: s.id,
            ip: s.ip,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
        })
        .collect())
}

#[server(prefix = "/api/fn", endpoint = "profile/revoke-session")]
pub async fn revoke_session(id: String) -> Result<(), AppError> {
    use crate::api::ssr::{current_user, internal, meta, state};
    use archnest_backend::{audit, auth::sessions, db::now};
    let st = state()?;
    let u = current_user()?;
    if !sessions::revoke(&st.db, u.id, &id, now()).await.map_err(internal("revoke session"))? {
        return Err(AppError::NotFound);
    }
    audit::record(&st.db, Some(u.id), &u.username, "session.revoked", &meta().ip, &id[..8.min(id.len())]).await;
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "profile/revoke-others")]
pub async fn revoke_other_sessions() -> Result<u64, AppError> {
    use crate::api::ssr::{current_user, internal, meta, state};
    use archnest_backend::{audit, auth::sessions, db::now};
    let st = state()?;
    let u = current_user()?;
    let n = sessions::revoke_all(&st.db, u.id, Some(&u.session_id), now()).await.map_err(internal("revoke sessions"))?;
    audit::record(&st.db, Some(u.id), &u.username, "session.revoked_all", &meta().ip, &format!("{n} sessions")).await;
    Ok(n)
}

#[server(prefix = "/api/fn", endpoint = "profile/totp-begin")]
pub async fn totp_begin() -> Result<TotpEnrollment, AppError> {
    use crate::api::ssr::{current_user, load_user, state};
    use archnest_backend::auth::totp;
    let st = state()?;
    let u = current_user()?;
    let row = load_user(&st, &u).await?;
    if row.totp_enabled {
        return Err(AppError::Conflict("Two-factor is already on. Turn it off first to set up a new device.".into()));
    }
    let e = totp::begin(&st.db, &st.vault, &row).await?;
    Ok(TotpEnrollment { secret: e.secret_base32, otpauth_url: e.otpauth_url, qr_png_base64: e.qr_png_base64 })
}

#[server(prefix = "/api/fn", endpoint = "profile/totp-confirm")]
pub async fn totp_confirm(code: String) -> Result<Vec<String>, AppError> {
    use crate::api::ssr::{current_user, load_user, meta, state};
    use archnest_backend::audit;
    use archnest_backend::auth::totp;
    let st = state()?;
    let u = current_user()?;
    let row = load_user(&st, &u).await?;
    let codes = totp::confirm(&st.db, &st.vault, &row, &code).await?;
    audit::record(&st.db, Some(u.id), &u.username, "2fa.enabled", &meta().ip, "").await;
    Ok(codes)
}

#[server(prefix = "/api/fn", endpoint = "profile/totp-disable")]
pub async fn totp_disable(password: String) -> Result<(), AppError> {
    use crate::api::ssr::{current_user, load_user, meta, state};
    use archnest_backend::audit;
    use archnest_backend::auth::{password::verify_blocking, totp};
    let st = state()?;
    let u = current_user()?;
    let row = load_user(&st, &u).await?;
    if !verify_blocking(password, row.password_hash).await {
        return Err(AppError::invalid("password", "The password is wrong."));
    }
    totp::disable(&st.db, u.id).await?;
    audit::record(&st.db, Some(u.id), &u.username, "2fa.disabled", &meta().ip, "").await;
    Ok(())
}
