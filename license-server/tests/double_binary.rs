//! The Stripe test double runs as its own binary (as the Playwright e2e will use it)
//! and announces its bound address on stdout.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests: a failed step should panic the test")]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn stripe_double_binary_serves_on_a_free_port() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stripe-double"))
        .args(["--listen", "127.0.0.1:0", "--api-key", "sk_test_bin"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.trim().strip_prefix("stripe-double listening on ").unwrap().to_owned();
    let events: serde_json::Value = reqwest::get(format!("{base}/test/events")).await.unwrap().json().await.unwrap();
    assert_eq!(events, serde_json::json!([]));
    let res = reqwest::Client::new()
        .get(format!("{base}/v1/checkout/sessions/cs_test_missing"))
        .bearer_auth("sk_test_bin")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    child.kill().unwrap();
    child.wait().unwrap();
}
