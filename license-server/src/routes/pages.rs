//! The fallback page Stripe returns the buyer to when the install sent no `return_url`.

use axum::extract::Query;
use axum::response::Html;
use std::collections::HashMap;

pub async fn done(Query(q): Query<HashMap<String, String>>) -> Html<&'static str> {
    if q.contains_key("paid") {
        Html("<!doctype html><title>Payment received</title><h1>Thank you!</h1><p>Your modules unlock at the next license check. Return to ArchNest and open Settings → License.</p>")
    } else {
        Html("<!doctype html><title>Checkout cancelled</title><h1>Checkout cancelled</h1><p>Nothing was charged. You can close this page.</p>")
    }
}
