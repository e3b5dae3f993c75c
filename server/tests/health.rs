//! The real server on port 0 answers `/api/health`, on SQLite and PostgreSQL.

mod common;

use archnest_backend::testing::Backend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_reports_ok_and_version_on_every_backend() {
    for backend in Backend::available() {
        let server = common::start(backend).await;
        let resp = common::get(&server, "/api/health", None).await;
        assert_eq!(resp.status(), 200, "{backend:?}");
        let body: serde_json::Value = resp.json().await.expect("json");
        assert_eq!(body["status"], "ok", "{backend:?}");
        assert_eq!(body["database"], "ok");
        assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_on_the_server_with_the_shell() {
    let server = common::start(Backend::Sqlite).await;
    let token = common::setup_admin(&server).await;
    let resp = common::get(&server, "/help", Some(&token)).await;
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.expect("body");
    assert!(html.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\""), "{html}");
    assert!(html.contains("Keyboard shortcuts"));
    assert!(html.contains("aria-label=\"Main\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_are_404() {
    let server = common::start(Backend::Sqlite).await;
    let token = common::setup_admin(&server).await;
    let resp = common::get(&server, "/no-such-page", Some(&token)).await;
    assert_eq!(resp.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_worker_is_served_as_javascript() {
    let server = common::start(Backend::Sqlite).await;
    let resp = common::get(&server, "/sw.js", None).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap_or("").starts_with("text/javascript"));
    assert!(resp.text().await.unwrap_or_default().contains("offline.html"));
}
