//! The double's hosted checkout page. "Pay" completes the session the way Stripe
//! does: mark it paid, send `checkout.session.completed`, redirect to `success_url`.
//! The event is delivered before the redirect so a test (or a Playwright run) that
//! follows the redirect observes the recorded purchase deterministically.

use super::deliver::deliver_new_event;
use super::{random_id, DoubleState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn dollars(cents: i64) -> String {
    format!("${}.{:02}", cents / 100, cents % 100)
}

pub async fn page(State(state): State<DoubleState>, Path(id): Path<String>) -> Response {
    let Some(s) = state.session(&id) else {
        return (StatusCode::NOT_FOUND, Html("<h1>No such checkout session</h1>".to_owned())).into_response();
    };
    let rows: String = s
        .line_items
        .iter()
        .map(|l| format!("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", escape(&l.name), l.quantity, dollars(l.unit_amount * l.quantity)))
        .collect();
    let cancel = s
        .cancel_url
        .as_deref()
        .map(|u| format!(r#"<a id="cancel" href="{}">Cancel</a>"#, escape(u)))
        .unwrap_or_default();
    let action = if s.payment_status == "paid" {
        "<p id=\"status\">This session is already paid.</p>".to_owned()
    } else {
        format!(r#"<form method="post" action="/pay/{id}"><button id="pay" type="submit">Pay {}</button></form>"#, dollars(s.amount_total()))
    };
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Stripe test double checkout</title></head><body>\
         <p><strong>TEST DOUBLE</strong> — no real payment is made.</p><h1>Checkout</h1>\
         <table id=\"items\"><tr><th>Item</th><th>Qty</th><th>Amount</th></tr>{rows}</table>\
         <p id=\"total\">Total: {}</p>{action}{cancel}</body></html>",
        dollars(s.amount_total())
    ))
    .into_response()
}

pub async fn pay(State(state): State<DoubleState>, Path(id): Path<String>) -> Response {
    let paid = {
        let mut store = state.store();
        let Some(s) = store.sessions.get_mut(&id) else {
            return (StatusCode::NOT_FOUND, Html("<h1>No such checkout session</h1>".to_owned())).into_response();
        };
        let first_payment = s.payment_status != "paid";
        if first_payment {
            s.payment_status = "paid".into();
            s.status = "complete".into();
            s.payment_intent = Some(random_id("pi_test_"));
        }
        first_payment.then(|| s.clone())
    };
    let session = match paid {
        Some(s) => {
            tracing::info!(id = %s.id, "stripe double: session paid");
            let object = s.to_json(&state.config.public_url);
            deliver_new_event(&state, "checkout.session.completed", object).await;
            s
        }
        // Paying twice is a no-op, as on Stripe: just go back.
        None => match state.session(&id) {
            Some(s) => s,
            None => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    Redirect::to(&session.success_url.replace("{CHECKOUT_SESSION_ID}", &session.id)).into_response()
}
