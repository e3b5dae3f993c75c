//! Event construction and signed webhook delivery, plus the test-only controls
//! (refund, list, resend).

use super::api::stripe_error;
use super::{random_id, DoubleState, SentEvent};
use crate::stripe::signature;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::time::Duration;

pub(super) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// POSTs an event, signed now, retrying briefly like Stripe's retries; returns the
/// last HTTP status (or `None` if nothing answered / no webhook URL is set).
async fn post_event(state: &DoubleState, event: &Value) -> Option<u16> {
    let url = state.config.webhook_url.as_deref()?;
    let body = event.to_string();
    let mut last = None;
    for attempt in 0..3u64 {
        let header = signature::sign(&state.config.webhook_secret, now(), body.as_bytes());
        let res = state
            .http
            .post(url)
            .header("content-type", "application/json; charset=utf-8")
            .header("stripe-signature", header)
            .header("user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
            .body(body.clone())
            .send()
            .await;
        last = res.ok().map(|r| r.status().as_u16());
        if last.is_some_and(|s| (200..300).contains(&s)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100 * (attempt + 1))).await;
    }
    tracing::info!(event = %event["id"], kind = %event["type"], status = ?last, "stripe double: event delivered");
    last
}

/// Builds an event around `object` (Stripe's envelope), records and delivers it.
pub(super) async fn deliver_new_event(state: &DoubleState, kind: &str, object: Value) -> SentEvent {
    let event = json!({
        "id": random_id("evt_test_"),
        "object": "event",
        "api_version": "2024-06-20",
        "created": now(),
        "livemode": false,
        "pending_webhooks": 1,
        "type": kind,
        "data": { "object": object },
    });
    let status = post_event(state, &event).await;
    let sent = SentEvent { event, delivery_status: status };
    state.store().events.push(sent.clone());
    sent
}

pub async fn refund(State(state): State<DoubleState>, Path(payment_intent): Path<String>) -> Response {
    let session = state.store().sessions.values().find(|s| s.payment_intent.as_deref() == Some(payment_intent.as_str())).cloned();
    let Some(s) = session else {
        let msg = format!("No such payment_intent: '{payment_intent}'");
        return stripe_error(StatusCode::NOT_FOUND, "invalid_request_error", &msg, Some("payment_intent"));
    };
    let amount = s.amount_total();
    let charge = json!({
        "id": random_id("ch_test_"),
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": amount,
        "currency": s.currency,
        "paid": true,
        "payment_intent": payment_intent,
        "refunded": true,
        "status": "succeeded",
        "metadata": {},
    });
    Json(deliver_new_event(&state, "charge.refunded", charge).await).into_response()
}

pub async fn list_events(State(state): State<DoubleState>) -> Json<Vec<SentEvent>> {
    Json(state.store().events.clone())
}

pub async fn resend(State(state): State<DoubleState>, Path(id): Path<String>) -> Response {
    let event = state.store().events.iter().find(|e| e.event["id"] == id.as_str()).map(|e| e.event.clone());
    let Some(event) = event else {
        return stripe_error(StatusCode::NOT_FOUND, "invalid_request_error", &format!("No such event: '{id}'"), Some("id"));
    };
    let status = post_event(&state, &event).await;
    Json(SentEvent { event, delivery_status: status }).into_response()
}
