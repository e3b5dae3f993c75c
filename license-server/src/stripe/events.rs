//! Turns a verified Stripe event into what it means for licensing. Pure: no IO, so
//! the rules are unit-tested and the handler only stores the result.
//!
//! - `checkout.session.completed` (when paid) and
//!   `checkout.session.async_payment_succeeded` record a purchase;
//! - `charge.refunded` revokes the purchase with that payment intent (a partial refund,
//!   `refunded: false`, does not);
//! - every other type is acknowledged and ignored.

use crate::cart::expand_items;
use crate::entitlement::split_slugs;
use crate::install_auth::valid_install_id;
use archnest_modules::ModuleSet;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub created: i64,
    pub data: EventData,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventData {
    pub object: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedCheckout {
    pub session_id: String,
    pub payment_intent: Option<String>,
    pub install_id: String,
    pub items: Vec<String>,
    pub modules: ModuleSet,
    pub amount_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    RecordPurchase(CompletedCheckout),
    RevokePayment { payment_intent: String },
    Ignore(&'static str),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("event payload is not a Stripe event: {0}")]
    NotAnEvent(String),
    #[error("event object lacks `{0}`")]
    Missing(&'static str),
    #[error("event object has an invalid `{0}`")]
    Invalid(&'static str),
}

pub fn parse_event(body: &[u8]) -> Result<Event, EventError> {
    serde_json::from_slice(body).map_err(|e| EventError::NotAnEvent(e.to_string()))
}

fn str_field<'a>(obj: &'a Value, name: &'static str) -> Option<&'a str> {
    obj.get(name).and_then(Value::as_str).filter(|s| !s.is_empty())
}

pub fn interpret(event: &Event) -> Result<Effect, EventError> {
    let obj = &event.data.object;
    match event.kind.as_str() {
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => completed(obj),
        "charge.refunded" => {
            if obj.get("refunded").and_then(Value::as_bool) == Some(false) {
                return Ok(Effect::Ignore("partial refund"));
            }
            let payment_intent = str_field(obj, "payment_intent").ok_or(EventError::Missing("payment_intent"))?;
            Ok(Effect::RevokePayment { payment_intent: payment_intent.to_owned() })
        }
        _ => Ok(Effect::Ignore("event type not handled")),
    }
}

fn completed(obj: &Value) -> Result<Effect, EventError> {
    match str_field(obj, "payment_status") {
        Some("paid") | Some("no_payment_required") => {}
        // Delayed payment methods complete the session first and pay later; the
        // `async_payment_succeeded` event records the purchase then.
        _ => return Ok(Effect::Ignore("checkout completed but not paid yet")),
    }
    let session_id = str_field(obj, "id").ok_or(EventError::Missing("id"))?;
    let install_id = str_field(obj, "client_reference_id").ok_or(EventError::Missing("client_reference_id"))?;
    if !valid_install_id(install_id) {
        return Err(EventError::Invalid("client_reference_id"));
    }
    let items_raw = obj
        .get("metadata")
        .and_then(|m| str_field(m, "items"))
        .ok_or(EventError::Missing("metadata.items"))?;
    let items: Vec<String> = split_slugs(items_raw).map(str::to_owned).collect();
    let modules = expand_items(items.iter().map(String::as_str));
    if modules.is_empty() {
        return Err(EventError::Invalid("metadata.items"));
    }
    let amount_cents = obj.get("amount_total").and_then(Value::as_i64).unwrap_or(0);
    Ok(Effect::RecordPurchase(CompletedCheckout {
        session_id: session_id.to_owned(),
        payment_intent: str_field(obj, "payment_intent").map(str::to_owned),
        install_id: install_id.to_owned(),
        items,
        modules,
        amount_cents,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, object: Value) -> Event {
        Event { id: "evt_1".into(), kind: kind.into(), created: 0, data: EventData { object } }
    }

    fn session(status: &str) -> Value {
        json!({"id": "cs_test_1", "object": "checkout.session", "payment_intent": "pi_1",
               "client_reference_id": "inst-1", "metadata": {"items": "ssh-pro,audit-log"},
               "amount_total": 3000, "payment_status": status})
    }

    #[test]
    fn paid_checkout_records_expanded_modules() {
        let Effect::RecordPurchase(p) = interpret(&event("checkout.session.completed", session("paid"))).unwrap() else {
            panic!("expected a purchase");
        };
        assert_eq!(p.items, vec!["ssh-pro", "audit-log"]);
        assert_eq!(p.modules.len(), 9);
        assert_eq!(p.amount_cents, 3000);
        assert_eq!(p.payment_intent.as_deref(), Some("pi_1"));
    }

    #[test]
    fn unpaid_unknown_and_refunds() {
        assert!(matches!(interpret(&event("checkout.session.completed", session("unpaid"))), Ok(Effect::Ignore(_))));
        assert!(matches!(interpret(&event("customer.created", json!({}))), Ok(Effect::Ignore(_))));
        let refund = interpret(&event("charge.refunded", json!({"payment_intent": "pi_1", "refunded": true})));
        assert_eq!(refund, Ok(Effect::RevokePayment { payment_intent: "pi_1".into() }));
        let partial = interpret(&event("charge.refunded", json!({"payment_intent": "pi_1", "refunded": false})));
        assert!(matches!(partial, Ok(Effect::Ignore(_))));
    }

    #[test]
    fn malformed_sessions_are_errors() {
        let mut s = session("paid");
        s["client_reference_id"] = json!("../evil");
        assert_eq!(interpret(&event("checkout.session.completed", s)), Err(EventError::Invalid("client_reference_id")));
        let mut s = session("paid");
        s["metadata"] = json!({});
        assert_eq!(interpret(&event("checkout.session.completed", s)), Err(EventError::Missing("metadata.items")));
    }
}
