//! Starts the real ArchNest server on 127.0.0.1:0 against a fresh database.
#![allow(dead_code, reason = "each test file uses a different subset")]

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
