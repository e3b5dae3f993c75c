//! The double's REST API: create and retrieve Checkout Sessions, with Stripe's
//! Bearer authentication, bracket-syntax form parsing and error envelope.

use super::session::{LineItem, Session};
use super::{random_id, DoubleState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Stripe's error envelope: `{"error": {"type", "message", "param"?}}`.
pub(super) fn stripe_error(status: StatusCode, kind: &str, message: &str, param: Option<&str>) -> Response {
    let mut err = json!({ "type": kind, "message": message });
    if let Some(p) = param {
        err["param"] = json!(p);
    }
    (status, Json(json!({ "error": err }))).into_response()
}

/// Errors are boxed: a `Response` is large and these are cold paths.
type Reject = Box<Response>;

fn authorized(state: &DoubleState, headers: &HeaderMap) -> Result<(), Reject> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token {
        Some(t) if t == state.config.api_key => Ok(()),
        Some(_) => Err(Box::new(stripe_error(StatusCode::UNAUTHORIZED, "invalid_request_error", "Invalid API Key provided.", None))),
        None => Err(Box::new(stripe_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            "You did not provide an API key. Provide it in the Authorization header as `Bearer <key>`.",
            None,
        ))),
    }
}

fn missing(param: &str) -> Reject {
    Box::new(stripe_error(StatusCode::BAD_REQUEST, "invalid_request_error", &format!("Missing required param: {param}."), Some(param)))
}

fn invalid(param: &str) -> Reject {
    Box::new(stripe_error(StatusCode::BAD_REQUEST, "invalid_request_error", &format!("Invalid value for {param}."), Some(param)))
}

/// Collects `line_items[i][…]` fields into line items, in index order.
fn parse_line_items(form: &[(String, String)]) -> Result<Vec<LineItem>, Reject> {
    #[derive(Default)]
    struct Partial {
        name: Option<String>,
        currency: Option<String>,
        unit_amount: Option<i64>,
        quantity: Option<i64>,
    }
    let mut items: BTreeMap<usize, Partial> = BTreeMap::new();
    for (key, value) in form {
        let Some(rest) = key.strip_prefix("line_items[") else { continue };
        let (idx, field) = rest.split_once(']').ok_or_else(|| invalid(key))?;
        let idx: usize = idx.parse().map_err(|_| invalid(key))?;
        let item = items.entry(idx).or_default();
        match field {
            "[price_data][currency]" => item.currency = Some(value.to_lowercase()),
            "[price_data][unit_amount]" => item.unit_amount = Some(value.parse().map_err(|_| invalid(key))?),
            "[price_data][product_data][name]" => item.name = Some(value.clone()),
            "[quantity]" => item.quantity = Some(value.parse().map_err(|_| invalid(key))?),
            _ => {
                let msg = format!("Received unknown parameter: {key}");
                return Err(Box::new(stripe_error(StatusCode::BAD_REQUEST, "invalid_request_error", &msg, Some(key))));
            }
        }
    }
    items
        .into_iter()
        .map(|(i, p)| {
            let param = |f: &str| format!("line_items[{i}]{f}");
            Ok(LineItem {
                name: p.name.ok_or_else(|| missing(&param("[price_data][product_data][name]")))?,
                currency: p.currency.ok_or_else(|| missing(&param("[price_data][currency]")))?,
                unit_amount: p.unit_amount.filter(|a| *a >= 0).ok_or_else(|| missing(&param("[price_data][unit_amount]")))?,
                quantity: p.quantity.filter(|q| *q >= 1).ok_or_else(|| missing(&param("[quantity]")))?,
            })
        })
        .collect()
}

fn build_session(form: &[(String, String)]) -> Result<Session, Reject> {
    let get = |k: &str| form.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let mode = get("mode").ok_or_else(|| missing("mode"))?;
    if mode != "payment" {
        return Err(invalid("mode"));
    }
    let line_items = parse_line_items(form)?;
    let currency = line_items.first().map(|l| l.currency.clone()).ok_or_else(|| missing("line_items"))?;
    if line_items.iter().any(|l| l.currency != currency) {
        return Err(invalid("line_items[][price_data][currency]"));
    }
    let metadata = form
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("metadata[")?.strip_suffix(']')?.to_owned(), v.clone())))
        .collect();
    Ok(Session {
        id: random_id("cs_test_"),
        created: chrono::Utc::now().timestamp(),
        mode,
        currency,
        line_items,
        client_reference_id: get("client_reference_id"),
        metadata,
        success_url: get("success_url").ok_or_else(|| missing("success_url"))?,
        cancel_url: get("cancel_url"),
        status: "open".into(),
        payment_status: "unpaid".into(),
        payment_intent: None,
    })
}

pub async fn create_session(State(state): State<DoubleState>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authorized(&state, &headers) {
        return *r;
    }
    let form: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(f) => f,
        Err(_) => return stripe_error(StatusCode::BAD_REQUEST, "invalid_request_error", "Invalid form body.", None),
    };
    let session = match build_session(&form) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let json: Value = session.to_json(&state.config.public_url);
    tracing::info!(id = %session.id, amount = session.amount_total(), "stripe double: checkout session created");
    state.store().sessions.insert(session.id.clone(), session);
    Json(json).into_response()
}

pub async fn get_session(State(state): State<DoubleState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Err(r) = authorized(&state, &headers) {
        return *r;
    }
    match state.session(&id) {
        Some(s) => Json(s.to_json(&state.config.public_url)).into_response(),
        None => stripe_error(StatusCode::NOT_FOUND, "invalid_request_error", &format!("No such checkout.session: '{id}'"), Some("id")),
    }
}
