//! First-run setup, login and logout.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoginResult {
    /// Password accepted; the account needs a TOTP or recovery code.
    NeedCode,
    /// Signed in; the browser should go to this path.
    SignedIn { next: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub is_admin: bool,
    pub totp_enabled: bool,
}

/// Creates the first admin and signs them in. Refused once any user exists.
#[server(prefix = "/api/fn", endpoint = "auth/setup")]
pub async fn setup_admin(username: String, password: String, confirm: String) -> Result<String, AppError> {
    use crate::api::ssr::{internal, meta, set_cookie, state};
    use archnest_backend::auth::{login::start_session, users, web, Role};
    let st = state()?;
    if password != confirm {
        return Err(AppError::invalid("confirm", "The two passwords differ."));
    }
    if users::count(&st.db).await.map_err(internal("count users"))? > 0 {
        return Err(AppError::Conflict("An admin already exists. Sign in instead.".into()));
    }
    let m = meta();
    let user = users::create(&st.db, username.trim(), &password, Role::Admin).await?;
    let (token, _) = start_session(&st, &user, &m, "setup.admin_created").await?;
    set_cookie(&web::session_cookie(&token, m.secure));
    Ok("/".into())
}

#[server(prefix = "/api/fn", endpoint = "auth/login")]
pub async fn login(username: String, password: String, code: Option<String>, next: Option<String>) -> Result<LoginResult, AppError> {
    use crate::api::ssr::{meta, set_cookie, state};
    use archnest_backend::auth::login::{login, Attempt, Outcome};
    use archnest_backend::auth::web;
    let st = state()?;
    let m = meta();
    let attempt = Attempt {
        username: username.trim(),
        password: &password,
        second_factor: code.as_deref(),
        ip: &m.ip,
        user_agent: &m.user_agent,
    };
    match login(&st, attempt).await? {
        Outcome::NeedSecondFactor => Ok(LoginResult::NeedCode),
        Outcome::SignedIn { token, .. } => {
            set_cookie(&web::session_cookie(&token, m.secure));
            let next = next.filter(|n| web::safe_next(n)).unwrap_or_else(|| "/".into());
            Ok(LoginResult::SignedIn { next })
        }
    }
}

#[server(prefix = "/api/fn", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::api::ssr::{current_user, internal, meta, set_cookie, state};
    use archnest_backend::auth::{sessions, web};
    use archnest_backend::{audit, db::now};
    let st = state()?;
    let user = current_user()?;
    let m = meta();
    sessions::revoke(&st.db, user.id, &user.session_id, now()).await.map_err(internal("revoke session"))?;
    audit::record(&st.db, Some(user.id), &user.username, "logout", &m.ip, "").await;
    set_cookie(&web::clear_cookie(m.secure));
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "auth/me")]
pub async fn current_account() -> Result<Account, AppError> {
    use crate::api::ssr::{current_user, load_user, state};
    let st = state()?;
    let u = current_user()?;
    let row = load_user(&st, &u).await?;
    Ok(Account { username: row.username, is_admin: u.is_admin(), totp_enabled: row.totp_enabled })
}
