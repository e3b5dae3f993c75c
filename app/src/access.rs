//! The access table: every page and server function declares who may use it. The
//! server's middleware enforces it before any handler runs; an authorization test
//! walks the registered routes and checks each one against this table.

use archnest_modules::Access;

/// Server functions live under this prefix with explicit, stable endpoints.
pub const FN_PREFIX: &str = "/api/fn";

/// Server functions by endpoint. Anything registered but not listed is admin-only,
/// so forgetting an entry fails closed.
pub const SERVER_FNS: &[(&str, Access)] = &[
    ("auth/state", Access::Public),
    ("auth/setup", Access::Public),
    ("auth/login", Access::Public),
    ("auth/logout", Access::User),
    ("auth/me", Access::User),
    ("system/info", Access::User),
    ("profile/change-password", Access::User),
    ("profile/sessions", Access::User),
    ("profile/revoke-session", Access::User),
    ("profile/revoke-others", Access::User),
    ("profile/totp-begin", Access::User),
    ("profile/totp-confirm", Access::User),
    ("profile/totp-disable", Access::User),
    ("license/summary", Access::User),
    ("license/details", Access::Admin),
    ("license/check", Access::Admin),
    ("license/checkout", Access::Admin),
    ("license/purchases", Access::Admin),
    ("hosts/list", Access::User),
    ("hosts/trust", Access::User),
    ("hosts/save", Access::Admin),
    ("hosts/delete", Access::Admin),
    ("hosts/test", Access::Admin),
    ("hosts/forget-key", Access::Admin),
    ("hosts/known-hosts-export", Access::Admin),
    ("hosts/known-hosts-import", Access::Admin),
    ("hosts/parse-ssh-config", Access::Admin),
    ("hosts/import", Access::Admin),
    // Docker: members view and use the engine; admins manage sources.
    ("docker/sources", Access::User),
    ("docker/source-save", Access::Admin),
    ("docker/source-delete", Access::Admin),
    ("docker/source-test", Access::Admin),
    ("docker/summary", Access::User),
    ("docker/containers", Access::User),
    ("docker/stats", Access::User),
    ("docker/action", Access::User),
    ("docker/images", Access::User),
    ("docker/image-remove", Access::User),
    ("docker/volumes", Access::User),
    ("docker/networks", Access::User),
    ("bookmarks/list", Access::User),
    ("bookmarks/save", Access::Admin),
    ("bookmarks/refetch-icon", Access::Admin),
    ("bookmarks/delete", Access::Admin),
    ("bookmarks/reorder", Access::Admin),
    ("bookmarks/move", Access::Admin),
    ("glance/summary", Access::User),
    ("infrastructure/list", Access::User),
    ("metrics/overview", Access::User),
    ("metrics/history", Access::User),
    ("metrics/settings", Access::User),
    ("metrics/set-interval", Access::Admin),
    ("tunnels/list", Access::User),
    ("tunnels/start", Access::User),
    ("tunnels/stop", Access::User),
    ("tunnels/save", Access::Admin),
    ("tunnels/delete", Access::Admin),
    ("files/list", Access::User),
    ("files/mkdir", Access::User),
    ("files/rename", Access::User),
    ("files/delete", Access::User),
    ("files/chmod", Access::User),
    ("files/read-text", Access::User),
    ("files/write-text", Access::User),
];

/// Plain HTTP routes under `/api/` (downloads, streams) that need a signed-in user.
/// `{name}` matches one path segment. The middleware applies these before the
/// handler runs; handlers still obtain their `CurrentUser` themselves.
pub const API_ROUTES: &[(&str, Access)] = &[
    ("/api/vault-key", Access::Admin),
    ("/api/audit/export", Access::Admin),
    ("/api/bookmarks/{id}/icon", Access::User),
    ("/api/docker/{source}/containers/{id}/logs", Access::User),
    ("/api/docker/{source}/containers/{id}/logs/download", Access::User),
    ("/api/terminal/ws", Access::User),
    ("/api/glance/events", Access::User),
    ("/api/files/{host}/upload", Access::User),
    ("/api/files/{host}/download", Access::User),
];

/// Pages that are not for every signed-in user.
const PAGES: &[(&str, Access)] = &[
    ("/setup", Access::Public),
    ("/login", Access::Public),
    ("/audit", Access::Admin),
    ("/settings/hosts", Access::Admin),
    ("/settings/users", Access::Admin),
    ("/settings/license", Access::Admin),
    ("/settings/store", Access::Admin),
    ("/settings/backup", Access::Admin),
];

/// Access level of a server function path (`/api/fn/<endpoint>`).
pub fn server_fn_access(path: &str) -> Access {
    let endpoint = path.strip_prefix(FN_PREFIX).and_then(|p| p.strip_prefix('/')).unwrap_or("");
    SERVER_FNS.iter().find(|(e, _)| *e == endpoint).map(|(_, a)| *a).unwrap_or(Access::Admin)
}

/// Access level of a plain `/api/` route, when it is one of `API_ROUTES`.
pub fn api_route_access(path: &str) -> Option<Access> {
    let matches = |pattern: &str| {
        let (p, q): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
        p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| (a.starts_with('{') && !b.is_empty()) || a == b)
    };
    API_ROUTES.iter().find(|(p, _)| matches(p)).map(|(_, a)| *a)
}

/// Access level of a page path (prefix match, so sub-pages inherit).
pub fn page_access(path: &str) -> Access {
    PAGES
        .iter()
        .filter(|(p, _)| path == *p || path.starts_with(&format!("{p}/")))
        .map(|(_, a)| *a)
        .next()
        .unwrap_or(Access::User)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(server_fn_access("/api/fn/auth/login"), Access::Public);
        assert_eq!(server_fn_access("/api/fn/system/info"), Access::User);
        assert_eq!(server_fn_access("/api/fn/not-declared"), Access::Admin);
        assert_eq!(page_access("/settings/store/modules/audit-log"), Access::Admin);
        assert_eq!(page_access("/settings/profile"), Access::User);
        assert_eq!(page_access("/login"), Access::Public);
        assert_eq!(api_route_access("/api/bookmarks/7/icon"), Some(Access::User));
        assert_eq!(api_route_access("/api/bookmarks//icon"), None);
        assert_eq!(api_route_access("/api/bookmarks/7/icon/x"), None);
        assert_eq!(api_route_access("/api/vault-key"), Some(Access::Admin));
        assert_eq!(api_route_access("/api/health"), None);
    }
}
