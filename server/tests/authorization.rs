//! Walks every registered server function and every page route and proves that
//! anonymous and member requests are refused wherever the access table says so.

mod common;

use archnest_app::access::{page_access, server_fn_access, API_ROUTES, FN_PREFIX};
use archnest_backend::auth::{users, Role};
use archnest_backend::testing::Backend;
use archnest_modules::Access;
use common::*;

async fn member_token(s: &TestServer) -> String {
    users::create(&s.state.db, "member1", ADMIN_PW, Role::Member).await.expect("member");
    let r = login(s, "member1", ADMIN_PW).await;
    r.session.expect("member signs in")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_enforces_its_declared_access() {
    let s = start(Backend::Sqlite).await;
    let admin = setup_admin(&s).await;
    member_token(&s).await;
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    assert!(paths.len() >= 10, "server functions are registered: {paths:?}");
    for path in &paths {
        assert!(path.starts_with(FN_PREFIX), "{path} must use the /api/fn prefix so the access layer sees it");
        let endpoint = &path[FN_PREFIX.len() + 1..];
        let access = server_fn_access(path);
        let anon = call(&s, endpoint, &[], None).await;
        // A fresh member session per endpoint: `auth/logout` ends the one it is given.
        let member = login(&s, "member1", ADMIN_PW).await.session.expect("member session");
        let as_member = call(&s, endpoint, &[], Some(&member)).await;
        match access {
            Access::Public => {}
            Access::User => {
                assert_eq!(anon.status, 401, "{path} must refuse anonymous calls");
                assert_ne!(as_member.status, 401, "{path} must accept members");
            }
            Access::Admin => {
                assert_eq!(anon.status, 401, "{path} must refuse anonymous calls");
                assert_eq!(as_member.status, 403, "{path} must refuse members");
                assert_ne!(call(&s, endpoint, &[], Some(&admin)).await.status, 403, "{path} must accept admins");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_enforces_its_declared_access() {
    let s = start(Backend::Sqlite).await;
    let admin = setup_admin(&s).await;
    let member = member_token(&s).await;
    let routes = leptos_axum::generate_route_list(archnest_app::App);
    let mut checked = 0;
    for route in routes {
        let pattern = route.path().to_string();
        // Fill route parameters with every value the app knows for them.
        let concrete: Vec<String> = if pattern.contains(":section") || pattern.contains("{section}") {
            archnest_app::pages::settings::SECTIONS
                .iter()
                .map(|(slug, _, _)| pattern.replace(":section", slug).replace("{section}", slug))
                .collect()
        } else {
            vec![pattern.replace(":slug", "audit-log").replace("{slug}", "audit-log")]
        };
        for path in concrete {
            let anon = get(&s, &path, None).await;
            let as_member = get(&s, &path, Some(&member)).await;
            let as_admin = get(&s, &path, Some(&admin)).await;
            match page_access(&path) {
                Access::Public => assert_ne!(anon.status(), 403, "{path}"),
                Access::User => {
                    assert_eq!(anon.status(), 303, "{path} must send anonymous users to /login");
                    assert!(anon.headers()["location"].to_str().unwrap_or("").starts_with("/login"));
                    assert_eq!(as_member.status(), 200, "{path}");
                }
                Access::Admin => {
                    assert_eq!(anon.status(), 303, "{path}");
                    assert_eq!(as_member.status(), 403, "{path} must refuse members");
                    assert_eq!(as_admin.status(), 200, "{path}");
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "walked {checked} pages");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_key_download_is_admin_only() {
    let s = start(Backend::Sqlite).await;
    let admin = setup_admin(&s).await;
    let member = member_token(&s).await;
    assert_eq!(get(&s, "/api/vault-key", None).await.status(), 401);
    assert_eq!(get(&s, "/api/vault-key", Some(&member)).await.status(), 403);
    let ok = get(&s, "/api/vault-key", Some(&admin)).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.expect("text"), s.state.vault.export_key());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_api_route_enforces_its_declared_access() {
    let s = start(Backend::Sqlite).await;
    let admin = setup_admin(&s).await;
    let member = member_token(&s).await;
    for (pattern, access) in API_ROUTES {
        let path = pattern.replace("{id}", "1").replace("{source}", "1").replace("{host}", "1");
        let anon = get(&s, &path, None).await.status();
        let as_member = get(&s, &path, Some(&member)).await.status();
        let as_admin = get(&s, &path, Some(&admin)).await.status();
        match access {
            Access::Public => {}
            Access::User => {
                assert_eq!(anon, 401, "{path} must refuse anonymous requests");
                assert!(as_member != 401 && as_member != 403, "{path} must accept members: {as_member}");
            }
            Access::Admin => {
                assert_eq!(anon, 401, "{path} must refuse anonymous requests");
                assert_eq!(as_member, 403, "{path} must refuse members");
                assert!(as_admin != 401 && as_admin != 403, "{path} must accept admins: {as_admin}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_transfer_routes_need_a_signed_in_same_origin_user() {
    let s = start(Backend::Sqlite).await;
    let admin = setup_admin(&s).await;
    let member = member_token(&s).await;
    for route in ["/api/files/1/download?path=/etc/hostname", "/api/files/1/upload?path=/tmp/x"] {
        assert_eq!(get(&s, route, None).await.status(), 401, "{route}");
    }
    let put = |tok: Option<String>, origin: bool| {
        let mut r = client().put(format!("{}/api/files/1/upload?path=/tmp/x", s.url)).body("x");
        if origin {
            r = r.header("origin", &s.url);
        }
        if let Some(t) = tok {
            r = r.header("cookie", format!("archnest_session={t}"));
        }
        r.send()
    };
    assert_eq!(put(None, true).await.expect("put").status(), 401, "anonymous uploads are refused");
    assert_eq!(put(Some(admin.clone()), false).await.expect("put").status(), 403, "cross-origin uploads are refused");
    // Members may use the file manager (host 1 does not exist here: 404, not 401/403).
    assert_eq!(put(Some(member.clone()), true).await.expect("put").status(), 404);
    assert_eq!(get(&s, "/api/files/1/download?path=/x", Some(&member)).await.status(), 404);
}
