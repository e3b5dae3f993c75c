//! HTTP-facing pieces of auth shared by the router's middleware and server
//! functions: the session cookie, per-request metadata and the page gate.

/// Name of the session cookie.
pub const COOKIE: &str = "archnest_session";

/// Facts about the request that auth decisions and audit entries need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestMeta {
    pub ip: String,
    pub user_agent: String,
    /// Served over HTTPS (directly, or a trusted proxy says so): cookies get `Secure`.
    pub secure: bool,
}

/// `Set-Cookie` value carrying a session token.
pub fn session_cookie(token: &str, secure: bool) -> String {
    // No Max-Age: the token inside expires on its own and is refreshed while in use;
    // a browser-session cookie also ends when the browser closes.
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{}", if secure { "; Secure" } else { "" })
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}", if secure { "; Secure" } else { "" })
}

/// Extracts the session token from a `Cookie` header.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    header.split(';').map(str::trim).find_map(|kv| kv.strip_prefix(COOKIE)?.strip_prefix('=')).filter(|t| !t.is_empty())
}

pub use archnest_modules::Access;

/// What the page gate decides for a page request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Allow,
    Redirect(String),
    Forbidden,
}

/// First run goes to `/setup`; signed-out users go to `/login`; members are kept
/// out of admin pages. `access` is the page's declared access level.
pub fn page_gate(path: &str, query: Option<&str>, has_users: bool, user: Option<&super::CurrentUser>, access: Access) -> Gate {
    if !has_users {
        return if path == "/setup" { Gate::Allow } else { Gate::Redirect("/setup".into()) };
    }
    match (path, user) {
        ("/setup", _) => Gate::Redirect(if user.is_some() { "/" } else { "/login" }.into()),
        ("/login", Some(_)) => Gate::Redirect("/".into()),
        ("/login", None) => Gate::Allow,
        (_, None) if access == Access::Public => Gate::Allow,
        (_, None) => {
            let next = match query {
                Some(q) if !q.is_empty() => format!("{path}?{q}"),
                _ => path.to_owned(),
            };
            Gate::Redirect(format!("/login?next={}", urlencode(&next)))
        }
        (_, Some(u)) if access == Access::Admin && !u.is_admin() => Gate::Forbidden,
        _ => Gate::Allow,
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether a `next` parameter is a safe same-site path to return to after login.
pub fn safe_next(next: &str) -> bool {
    next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://")
}

#[cfg(test)]
mod tests {
    use super::super::{CurrentUser, Role};
    use super::*;

    fn user(role: Role) -> CurrentUser {
        CurrentUser { id: 1, username: "u".into(), role, session_id: "s".into() }
    }

    #[test]
    fn first_run_forces_setup() {
        assert_eq!(page_gate("/", None, false, None, Access::User), Gate::Redirect("/setup".into()));
        assert_eq!(page_gate("/login", None, false, None, Access::Public), Gate::Redirect("/setup".into()));
        assert_eq!(page_gate("/setup", None, false, None, Access::Public), Gate::Allow);
    }

    #[test]
    fn after_setup() {
        assert_eq!(page_gate("/setup", None, true, None, Access::Public), Gate::Redirect("/login".into()));
        assert_eq!(page_gate("/terminal", Some("host=1"), true, None, Access::User), Gate::Redirect("/login?next=/terminal%3Fhost%3D1".into()));
        let admin = user(Role::Admin);
        let member = user(Role::Member);
        assert_eq!(page_gate("/login", None, true, Some(&admin), Access::Public), Gate::Redirect("/".into()));
        assert_eq!(page_gate("/audit", None, true, Some(&member), Access::Admin), Gate::Forbidden);
        assert_eq!(page_gate("/audit", None, true, Some(&admin), Access::Admin), Gate::Allow);
        assert_eq!(page_gate("/", None, true, Some(&member), Access::User), Gate::Allow);
    }

    #[test]
    fn cookies() {
        let c = session_cookie("abc", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
        assert!(!session_cookie("abc", false).contains("Secure"));
        assert_eq!(token_from_cookie_header("a=b; archnest_session=tok; c=d"), Some("tok"));
        assert_eq!(token_from_cookie_header("archnest_session_x=1"), None);
        assert!(safe_next("/settings") && !safe_next("//evil.com") && !safe_next("https://evil.com"));
    }
}
