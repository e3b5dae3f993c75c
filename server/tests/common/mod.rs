//! Starts the real ArchNest server on 127.0.0.1:0 against a fresh database.
#![allow(dead_code, reason = "each test file uses a different subset")]

pub mod term;

use archnest_backend::testing::{self, Backend};
use archnest_backend::AppState;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;

pub struct TestServer {
    pub url: String,
    pub state: AppState,
    pub backend: Backend,
    _dir: tempfile::TempDir,
}

pub fn leptos_options(addr: SocketAddr, site_root: &std::path::Path) -> LeptosOptions {
    let mut o = LeptosOptions::builder().output_name("archnest").build();
    o.site_root = site_root.display().to_string().into();
    o.site_addr = addr;
    o
}

pub async fn start(backend: Backend) -> TestServer {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = testing::config(backend, dir.path()).await;
    let state = AppState::init(config).await.expect("init state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let options = leptos_options(addr, dir.path());
    let s = state.clone();
    tokio::spawn(async move { archnest_server::serve(listener, s, options).await });
    TestServer { url: format!("http://{addr}"), state, backend, _dir: dir }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// `GET path` as the browser would send it, signed in when `session` is given.
pub async fn get(server: &TestServer, path: &str, session: Option<&str>) -> reqwest::Response {
    let mut req = client().get(format!("{}{path}", server.url));
    if let Some(tok) = session {
        req = req.header("cookie", format!("archnest_session={tok}"));
    }
    req.send().await.expect("GET request")
}

/// A response from a server function call.
pub struct FnResponse {
    pub status: u16,
    pub body: String,
    /// The session token set by this response, if any (empty when cleared).
    pub session: Option<String>,
}

/// Calls a server function the way the browser does (form-encoded POST, same-origin).
pub async fn call(server: &TestServer, endpoint: &str, form: &[(&str, &str)], session: Option<&str>) -> FnResponse {
    let mut req = client()
        .post(format!("{}/api/fn/{endpoint}", server.url))
        .header("origin", &server.url)
        .header("accept", "application/json")
        .form(form);
    if let Some(tok) = session {
        req = req.header("cookie", format!("archnest_session={tok}"));
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let session = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("archnest_session=").map(|rest| rest.split(';').next().unwrap_or("").to_owned()));
    FnResponse { status, body: resp.text().await.unwrap_or_default(), session }
}

pub const ADMIN_PW: &str = "correct horse battery staple";

/// Creates the first admin through the setup function; returns the session token.
pub async fn setup_admin(server: &TestServer) -> String {
    let r = call(server, "auth/setup", &[("username", "admin"), ("password", ADMIN_PW), ("confirm", ADMIN_PW)], None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.session.expect("setup signs in")
}

pub async fn login(server: &TestServer, user: &str, pw: &str) -> FnResponse {
    call(server, "auth/login", &[("username", user), ("password", pw)], None).await
}

/// Starts ArchNest trusting `keys` for licenses and talking to `license_server`.
pub async fn start_licensed(license_server: &str, keys: Vec<ed25519_dalek::VerifyingKey>) -> TestServer {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = testing::config(Backend::Sqlite, dir.path()).await;
    config.license_server = license_server.to_owned();
    let state = AppState::init_with_license_keys(config, keys).await.expect("init state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let options = leptos_options(addr, dir.path());
    let s = state.clone();
    tokio::spawn(async move { archnest_server::serve(listener, s, options).await });
    TestServer { url: format!("http://{addr}"), state, backend: Backend::Sqlite, _dir: dir }
}
