//! Bookmarks through the real server: roles, the free-core cap as the browser sees
//! it, reordering, and a favicon fetched from a site on loopback then served back
//! with defensive headers.

mod common;

use archnest_backend::auth::{users, Role};
use archnest_backend::testing::Backend;
use axum::http::header;
use axum::routing::get as route_get;
use common::*;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-server-test";

/// A tiny "self-hosted service" on loopback: a page without icon links and a PNG at
/// /favicon.ico, served as image/x-icon like many real servers do.
async fn site() -> String {
    let app = axum::Router::new()
        .route("/", route_get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<html><head></head><body>svc</body></html>") }))
        .route("/favicon.ico", route_get(|| async { ([(header::CONTENT_TYPE, "image/x-icon")], PNG) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/")
}

fn save_form<'a>(name: &'a str, url: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("name", name), ("url", url), ("group", "Services")]
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("json {e}: {body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_manage_members_read_and_the_cap_holds() {
    for backend in Backend::available() {
        let s = start(backend).await;
        let admin = setup_admin(&s).await;
        users::create(&s.state.db, "member1", ADMIN_PW, Role::Member).await.expect("member");
        let member = login(&s, "member1", ADMIN_PW).await.session.expect("member session");

        let site = site().await;
        let r = call(&s, "bookmarks/save", &save_form("Service 1", &site), Some(&admin)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let saved = json(&r.body);
        assert_eq!(saved["icon_error"], serde_json::Value::Null, "icon fetched: {}", r.body);
        let first = saved["id"].as_i64().expect("id");

        // The icon is served from ArchNest with the verified type and a locked-down CSP.
        let icon = get(&s, &format!("/api/bookmarks/{first}/icon"), Some(&member)).await;
        assert_eq!(icon.status(), 200);
        assert_eq!(icon.headers()[header::CONTENT_TYPE], "image/png", "a PNG served as .ico is stored as PNG");
        assert!(icon.headers()[header::CONTENT_SECURITY_POLICY].to_str().expect("csp").starts_with("default-src 'none'"));
        assert_eq!(icon.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(icon.bytes().await.expect("bytes").as_ref(), PNG);
        assert_eq!(get(&s, "/api/bookmarks/99999/icon", Some(&member)).await.status(), 404);

        // A site that cannot be reached: saved anyway, with the reason.
        let r = call(&s, "bookmarks/save", &save_form("Down", "http://127.0.0.1:9/"), Some(&admin)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let reason = json(&r.body)["icon_error"].as_str().expect("a reason").to_owned();
        assert!(reason.contains("could not reach"), "{reason}");

        // Field errors name the field.
        let r = call(&s, "bookmarks/save", &save_form("Bad", "gopher://x"), Some(&admin)).await;
        assert!(r.body.contains("\"field\":\"url\""), "{} {}", r.status, r.body);

        // Members read, but cannot change anything.
        let r = call(&s, "bookmarks/list", &[], Some(&member)).await;
        assert_eq!(r.status, 200);
        let board = json(&r.body);
        assert_eq!(board["can_manage"], false);
        assert_eq!(board["limit"], 10);
        assert_eq!(board["tiles"].as_array().expect("tiles").len(), 2);
        assert_eq!(call(&s, "bookmarks/save", &save_form("Nope", &site), Some(&member)).await.status, 403);

        // Up to ten with emoji (no fetch), then the eleventh is refused on the server.
        for i in 3..=10 {
            let name = format!("Emoji {i}");
            let mut form = save_form(&name, "https://svc.home.lan/");
            form.push(("emoji", "🧪"));
            let r = call(&s, "bookmarks/save", &form, Some(&admin)).await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
        let mut form = save_form("Eleventh", "https://svc.home.lan/");
        form.push(("emoji", "🧪"));
        let r = call(&s, "bookmarks/save", &form, Some(&admin)).await;
        assert_ne!(r.status, 200);
        let err = json(&r.body);
        assert_eq!(err["LimitReached"]["module"], "unlimited-bookmarks", "{}", r.body);

        // Reorder: the full list reversed inside the one group, as a drag would send it.
        let board = json(&call(&s, "bookmarks/list", &[], Some(&admin)).await.body);
        let mut ids: Vec<String> = board["tiles"].as_array().expect("tiles").iter().map(|t| t["id"].to_string()).collect();
        ids.reverse();
        let keys: Vec<String> = (0..ids.len()).map(|i| format!("ids[{i}]")).collect();
        let form: Vec<(&str, &str)> = keys.iter().map(String::as_str).zip(ids.iter().map(String::as_str)).collect();
        let r = call(&s, "bookmarks/reorder", &form, Some(&admin)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let board = json(&call(&s, "bookmarks/list", &[], Some(&admin)).await.body);
        let now: Vec<String> = board["tiles"].as_array().expect("tiles").iter().map(|t| t["id"].to_string()).collect();
        assert_eq!(now, ids, "{backend:?}");

        let r = call(&s, "bookmarks/delete", &[("id", &first.to_string())], Some(&admin)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(get(&s, &format!("/api/bookmarks/{first}/icon"), Some(&member)).await.status(), 404);
    }
}
