//! The Stripe webhook: signature checks over HTTP, idempotency under concurrent
//! replays, and unknown event types.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests: a failed step should panic the test")]

mod common;

use archnest_license_server::stripe::signature::sign;
use common::{Harness, Install, WEBHOOK_SECRET};
use serde_json::{json, Value};

fn completed_event(install: &Install, items: &str) -> Value {
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    json!({
        "id": format!("evt_{suffix}"), "object": "event", "type": "checkout.session.completed",
        "created": chrono::Utc::now().timestamp(),
        "data": {"object": {
            "id": format!("cs_test_{suffix}"), "object": "checkout.session", "payment_intent": format!("pi_{suffix}"),
            "client_reference_id": install.id, "metadata": {"items": items}, "amount_total": 500,
            "payment_status": "paid", "status": "complete"
        }}
    })
}

async fn post_signed(h: &Harness, body: &str, secret: &str, t: i64) -> (u16, Value) {
    let res = h
        .http
        .post(format!("{}/v1/stripe/webhook", h.base))
        .header("stripe-signature", sign(secret, t, body.as_bytes()))
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

async fn concurrent_replays_record_one_purchase(h: Harness) {
    let install = Install::new();
    let body = completed_event(&install, "audit-log").to_string();
    let now = chrono::Utc::now().timestamp();
    let mut tasks = tokio::task::JoinSet::new();
    let h = std::sync::Arc::new(h);
    for _ in 0..10 {
        let (h, body) = (h.clone(), body.clone());
        tasks.spawn(async move { post_signed(&h, &body, WEBHOOK_SECRET, now).await });
    }
    let mut statuses = Vec::new();
    while let Some(res) = tasks.join_next().await {
        let (status, body) = res.unwrap();
        assert_eq!(status, 200, "{body}");
        statuses.push(body["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(statuses.iter().filter(|s| *s == "processed").count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| *s == "duplicate").count(), 9, "{statuses:?}");

    // A later replay, too, changes nothing.
    assert_eq!(post_signed(&h, &body, WEBHOOK_SECRET, now).await.1["status"], "duplicate");
    assert_eq!(install.modules(&h).await, vec!["audit-log"]);
    let (_, history) = install.purchases(&h).await;
    assert_eq!(history.as_array().unwrap().len(), 1);
}
on_backends!(concurrent_replays_record_one_purchase);

async fn resent_event_from_the_double_changes_nothing(h: Harness) {
    let install = Install::new();
    h.buy(&install, &["global-search"]).await;
    let events: Vec<Value> = h.http.get(format!("{}/test/events", h.double_base)).send().await.unwrap().json().await.unwrap();
    let id = events[0]["event"]["id"].as_str().unwrap();
    assert_eq!(events[0]["delivery_status"], 200);
    let resent: Value =
        h.http.post(format!("{}/test/events/{id}/resend", h.double_base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(resent["delivery_status"], 200);
    install.license(&h).await;
    let (_, history) = install.purchases(&h).await;
    assert_eq!(history.as_array().unwrap().len(), 1);
}
on_backends!(resent_event_from_the_double_changes_nothing);

async fn bad_signatures_are_refused_and_unknown_events_ignored(h: Harness) {
    let install = Install::new();
    let body = completed_event(&install, "audit-log").to_string();
    let now = chrono::Utc::now().timestamp();
    let (status, err) = post_signed(&h, &body, "whsec_wrong", now).await;
    assert_eq!(status, 400);
    assert!(err["error"].as_str().unwrap().contains("invalid Stripe signature"), "{err}");
    assert_eq!(post_signed(&h, &body, WEBHOOK_SECRET, now - 600).await.0, 400, "stale timestamp");
    let unsigned = h.http.post(format!("{}/v1/stripe/webhook", h.base)).body(body.clone()).send().await.unwrap();
    assert_eq!(unsigned.status().as_u16(), 400);
    assert!(install.modules(&h).await.is_empty(), "nothing recorded from refused events");

    let other = json!({"id": "evt_other", "type": "customer.created", "data": {"object": {}}}).to_string();
    let (status, body) = post_signed(&h, &other, WEBHOOK_SECRET, now).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ignored")));
}
on_backends!(bad_signatures_are_refused_and_unknown_events_ignored);
