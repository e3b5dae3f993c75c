//! The Docker server functions and the log stream over HTTP, against a real dockerd
//! (scripts/test exports ARCHNEST_TEST_DOCKER_URL).

mod common;

use archnest_backend::auth::{users, Role};
use archnest_backend::docker::{client, containers, sources};
use archnest_backend::testing::Backend;
use common::*;
use std::time::Duration;

fn docker_url() -> String {
    std::env::var("ARCHNEST_TEST_DOCKER_URL").unwrap_or_else(|_| {
        panic!("ARCHNEST_TEST_DOCKER_URL is not set: run scripts/test (it starts dockerd), or export a tcp:// URL of a test dockerd")
    })
}

fn json(r: &FnResponse) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {} {}", r.status, r.body))
}

async fn run_container(s: &TestServer, source: i32, name: &str, script: &str) -> String {
    use bollard::models::{ContainerCreateBody, HostConfig};
    let engine = client::engine_for(&sources::conn(&s.state.db, &s.state.vault, source).await.expect("conn")).await.expect("engine");
    let body = ContainerCreateBody {
        image: Some("localhost/busybox:test".into()),
        cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
        host_config: Some(HostConfig { network_mode: Some("none".into()), ..Default::default() }),
        ..Default::default()
    };
    let opts = bollard::query_parameters::CreateContainerOptionsBuilder::default().name(name).build();
    let id = engine.docker.create_container(Some(opts), body).await.expect("create").id;
    containers::act(&engine, &id, containers::Action::Start).await.expect("start");
    id
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_nanos() % 1_000_000_000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sources_via_server_functions_never_return_secrets_and_respect_the_cap() {
    let s = start(Backend::Sqlite).await;
    let admin = setup_admin(&s).await;
    let url = docker_url();
    let test = call(&s, "docker/source-test", &[("transport", "tcp"), ("url", &url)], Some(&admin)).await;
    let t = json(&test);
    assert_eq!(t["ok"], true, "{t}");
    assert!(t["message"].as_str().unwrap_or("").contains("API 1."), "{t}");
    let refused = call(&s, "docker/source-test", &[("transport", "tcp"), ("url", "tcp://127.0.0.1:1")], Some(&admin)).await;
    assert_eq!(json(&refused)["kind"], "unreachable", "{}", refused.body);

    let key = "-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END PRIVATE KEY-----";
    let cert = "-----BEGIN CERTIFICATE-----\nCERTBODYMATERIAL\n-----END CERTIFICATE-----";
    let saved = call(
        &s,
        "docker/source-save",
        &[("name", "tls box"), ("transport", "tcp"), ("url", "https://127.0.0.1:2376"), ("tls_ca", cert), ("tls_cert", cert), ("tls_key", key)],
        Some(&admin),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(!saved.body.contains("TOPSECRET") && saved.body.contains("\"tls_key_stored\":true"), "{}", saved.body);
    let listed = call(&s, "docker/sources", &[], Some(&admin)).await;
    assert!(!listed.body.contains("TOPSECRET") && !listed.body.contains("CERTBODY"), "{}", listed.body);

    let second = call(&s, "docker/source-save", &[("name", "local"), ("transport", "tcp"), ("url", &url)], Some(&admin)).await;
    assert!(second.body.contains("LimitReached") && second.body.contains("docker-over-ssh"), "{} {}", second.status, second.body);
    let ssh = call(&s, "docker/source-save", &[("name", "x"), ("transport", "ssh"), ("url", "tcp://h:22")], Some(&admin)).await;
    assert!(ssh.body.contains("ModuleLocked"), "{}", ssh.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_list_act_and_follow_logs_over_http() {
    let s = start(Backend::Sqlite).await;
    let admin = setup_admin(&s).await;
    let saved = call(&s, "docker/source-save", &[("name", "local"), ("transport", "tcp"), ("url", &docker_url())], Some(&admin)).await;
    let source = json(&saved)["id"].as_i64().expect("id") as i32;
    users::create(&s.state.db, "member1", ADMIN_PW, Role::Member).await.expect("member");
    let member = login(&s, "member1", ADMIN_PW).await.session.expect("member session");
    let src = source.to_string();

    let name = unique("srv");
    let id = run_container(&s, source, &name, "trap 'exit 0' TERM; i=0; while true; do echo hello $i; i=$((i+1)); sleep 0.3; done").await;
    let list = json(&call(&s, "docker/containers", &[("source", &src)], Some(&member)).await);
    let row = list.as_array().expect("array").iter().find(|c| c["id"] == id.as_str()).expect("listed").clone();
    assert_eq!((row["name"].as_str(), row["state"].as_str()), (Some(name.as_str()), Some("running")));
    let stats = json(&call(&s, "docker/stats", &[("source", &src)], Some(&member)).await);
    assert!(stats.as_array().expect("array").iter().any(|u| u["id"] == id.as_str() && u["mem_used"].as_u64().is_some()), "{stats}");

    // The log stream: lines arrive as SSE messages while the container prints them.
    let mut resp = client()
        .get(format!("{}/api/docker/{source}/containers/{id}/logs?follow=1&tail=2", s.url))
        .header("cookie", format!("archnest_session={member}"))
        .send()
        .await
        .expect("logs");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap_or("").starts_with("text/event-stream"));
    let mut text = String::new();
    while text.matches("data: ohello").count() < 5 {
        let chunk = tokio::time::timeout(Duration::from_secs(10), resp.chunk()).await.expect("chunk within 10 s").expect("read").expect("open");
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    drop(resp);
    let download = get(&s, &format!("/api/docker/{source}/containers/{id}/logs/download?tail=all&timestamps=1"), Some(&member)).await;
    assert_eq!(download.status(), 200);
    assert!(download.headers()["content-disposition"].to_str().unwrap_or("").contains(".log"));
    assert!(download.text().await.expect("body").lines().next().is_some_and(|l| l.contains("hello 0") && l.contains('T')));

    let stop = call(&s, "docker/action", &[("source", &src), ("id", &id), ("action", "stop")], Some(&member)).await;
    assert_eq!(stop.status, 200, "{}", stop.body);
    let pause = call(&s, "docker/action", &[("source", &src), ("id", &id), ("action", "pause")], Some(&member)).await;
    assert!(pause.body.contains("is not running"), "the engine's reason reaches the user: {}", pause.body);
    let remove = call(&s, "docker/action", &[("source", &src), ("id", &id), ("action", "remove")], Some(&member)).await;
    assert_eq!(remove.status, 200, "{}", remove.body);
    let missing = get(&s, &format!("/api/docker/{source}/containers/{id}/logs/download"), Some(&member)).await;
    assert_eq!(missing.status(), 404);
    let sse_missing = get(&s, &format!("/api/docker/{source}/containers/{id}/logs"), Some(&member)).await.text().await.expect("body");
    assert!(sse_missing.contains("event: error") && sse_missing.contains("does not exist"), "{sse_missing}");
}
