//! Bad input gets a clear JSON error: cart validation, malformed bodies, body size,
//! rate limits, and the double's own Stripe-style authentication.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests: a failed step should panic the test")]

mod common;

use archnest_license_server::ratelimit::{Rate, RateConfig};
use common::{Backend, Harness, Install};
use serde_json::{json, Value};

async fn cart_validation_errors(h: Harness) {
    let install = Install::new();
    let cases = [
        (json!({"install_id": install.id, "items": []}), "empty"),
        (json!({"install_id": install.id, "items": ["warp-drive"]}), "unknown module or bundle `warp-drive`"),
        (json!({"install_id": install.id, "items": ["audit-log", "audit-log"]}), "twice"),
        (json!({"install_id": install.id, "items": ["tmux-integration", "ssh-pro"]}), "included in bundle"),
        (json!({"install_id": "../etc", "items": ["audit-log"]}), "install_id"),
        (json!({"install_id": install.id, "items": ["audit-log"], "return_url": "ftp://x"}), "return_url"),
        (json!({"install_id": install.id}), "items"),
    ];
    for (body, expected) in cases {
        let (status, answer) = h.post_json("/v1/checkout", &body).await;
        assert!(status == 400 || status == 422, "{body} -> {status} {answer}");
        let msg = answer["error"].as_str().unwrap_or_default();
        assert!(msg.contains(expected), "{body}: expected `{expected}` in `{msg}`");
    }
    h.buy(&install, &["audit-log"]).await;
    let (status, answer) = h.post_json("/v1/checkout", &json!({"install_id": install.id, "items": ["audit-log"]})).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"], "`audit-log` is already owned by this install");
}
on_backends!(cart_validation_errors);

#[tokio::test]
async fn oversized_and_malformed_bodies_get_json_errors() {
    let h = Harness::start(Backend::Sqlite).await;
    let big = "x".repeat(70 * 1024);
    let res = h.http.post(format!("{}/v1/licenses/check", h.base)).header("content-type", "application/json").body(big).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 413);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"].is_string());
    let res = h.http.post(format!("{}/v1/licenses/check", h.base)).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(res.status().as_u16(), 400);
    assert!(res.json::<Value>().await.unwrap()["error"].is_string());
}

#[tokio::test]
async fn rate_limits_per_ip_and_per_install() {
    let slow = Rate { burst: 3, per_sec: 0.001 };
    let h = Harness::start_with(Backend::Sqlite, RateConfig { per_ip: slow, per_install: Rate { burst: 2, per_sec: 0.001 } }).await;
    let install = Install::new();
    assert_eq!(install.check_raw(&h).await.0, 200);
    assert_eq!(install.check_raw(&h).await.0, 200);
    let (status, body) = install.check_raw(&h).await;
    assert_eq!(status, 429, "third check of one install");
    assert!(body["error"].as_str().unwrap().contains("too many requests"));
    let other = Install::new();
    let (status, _) = other.check_raw(&h).await;
    assert_eq!(status, 429, "fourth request from one IP, whatever the install");
    let health = h.http.get(format!("{}/healthz", h.base)).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200, "health checks are not limited");
}

#[tokio::test]
async fn double_requires_bearer_auth_and_valid_params() {
    let h = Harness::start(Backend::Sqlite).await;
    let url = format!("{}/v1/checkout/sessions", h.double_base);
    let res = h.http.post(&url).form(&[("mode", "payment")]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let res = h.http.post(&url).bearer_auth("sk_wrong").form(&[("mode", "payment")]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let res = h.http.post(&url).bearer_auth(common::API_KEY).form(&[("mode", "payment")]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["type"], "invalid_request_error");
    let form = [
        ("mode", "payment"),
        ("success_url", "https://x/ok"),
        ("line_items[0][price_data][currency]", "usd"),
        ("line_items[0][price_data][unit_amount]", "700"),
        ("line_items[0][price_data][product_data][name]", "Thing"),
        ("line_items[0][quantity]", "2"),
        ("metadata[items]", "audit-log"),
    ];
    let session: Value = h.http.post(&url).bearer_auth(common::API_KEY).form(&form).send().await.unwrap().json().await.unwrap();
    assert!(session["id"].as_str().unwrap().starts_with("cs_test_"));
    assert_eq!(session["amount_total"], 1400);
    assert_eq!(session["payment_status"], "unpaid");
    assert_eq!(session["metadata"]["items"], "audit-log");
    let fetched: Value = h
        .http
        .get(format!("{url}/{}", session["id"].as_str().unwrap()))
        .bearer_auth(common::API_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched, session);
}
