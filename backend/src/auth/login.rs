//! The login decision: throttling, password, second factor, session creation and
//! audit, in that order. Unknown users and wrong passwords look the same.

use super::{password, sessions, totp, users, AuthError, CurrentUser, Role};
use crate::audit;
use super::web::RequestMeta;
use crate::db::now;
use crate::entities::user;
use crate::state::AppState;

pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    /// A TOTP code or a recovery code, when the user has two-factor enabled.
    pub second_factor: Option<&'a str>,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

pub enum Outcome {
    SignedIn { token: String, user: CurrentUser },
    NeedSecondFactor,
}

pub async fn login(state: &AppState, a: Attempt<'_>) -> Result<Outcome, AuthError> {
    let t = now();
    if let Some(wait) = state.throttle.check(a.ip, a.username, t) {
        return Err(AuthError::Throttled(wait));
    }
    let user = users::find_by_name(&state.db, a.username).await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| password::dummy_hash().to_owned());
    let ok = password::verify_blocking(a.password.to_owned(), hash).await;
    let user = match (user, ok) {
        (Some(u), true) => u,
        _ => {
            state.throttle.record_failure(a.ip, a.username, t);
            audit::record(&state.db, None, a.username, "login.failed", a.ip, "wrong username or password").await;
            return Err(AuthError::BadCredentials);
        }
    };
    if user.totp_enabled {
        let Some(code) = a.second_factor.map(str::trim).filter(|c| !c.is_empty()) else {
            return Ok(Outcome::NeedSecondFactor);
        };
        let valid = if code.contains('-') {
            totp::use_recovery_code(&state.db, &user, code).await?
        } else {
            totp::check_code(&state.vault, &user, code)?
        };
        if !valid {
            state.throttle.record_failure(a.ip, a.username, t);
            audit::record(&state.db, Some(user.id), &user.username, "login.failed", a.ip, "wrong two-factor code").await;
            return Err(AuthError::BadTotp);
        }
    }
    state.throttle.record_success(a.username);
    let meta = RequestMeta { ip: a.ip.to_owned(), user_agent: a.user_agent.to_owned(), secure: false };
    let (token, user) = start_session(state, &user, &meta, "login.ok").await?;
    Ok(Outcome::SignedIn { token, user })
}

/// Creates a session for `user`, audits `action`, and returns its token.
pub async fn start_session(state: &AppState, user: &user::Model, meta: &RequestMeta, action: &str) -> Result<(String, CurrentUser), AuthError> {
    let t = now();
    let sid = sessions::create(&state.db, user.id, &meta.ip, &meta.user_agent, t).await?;
    audit::record(&state.db, Some(user.id), &user.username, action, &meta.ip, &meta.user_agent).await;
    let token = state.tokens.issue(&sid, user.id, t);
    Ok((token, CurrentUser { id: user.id, username: user.username.clone(), role: Role::parse(&user.role), session_id: sid }))
}
