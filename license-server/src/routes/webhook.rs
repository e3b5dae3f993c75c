//! `POST /v1/stripe/webhook`: verify Stripe's signature over the raw body, interpret
//! the event, and apply it exactly once. 2xx only after the write has committed, so
//! Stripe retries anything that failed.

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, events::Applied};
use crate::stripe::events::{interpret, parse_event};
use crate::stripe::signature::{verify, DEFAULT_TOLERANCE_SECS};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Json<Value>, ApiError> {
    let secret = state.webhook_secret.as_ref().ok_or(ApiError::NotConfigured("the Stripe webhook (STRIPE_WEBHOOK_SECRET)"))?;
    let header = headers.get("stripe-signature").and_then(|v| v.to_str().ok());
    verify(header, &body, secret.expose(), store::now(), DEFAULT_TOLERANCE_SECS).map_err(|e| {
        tracing::warn!(error = %e, "stripe webhook with invalid signature refused");
        ApiError::BadRequest(format!("invalid Stripe signature: {e}"))
    })?;
    let event = parse_event(&body).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let effect = interpret(&event).map_err(|e| {
        // Authentic but unusable: answer non-2xx so it shows as failed in Stripe.
        tracing::error!(event_id = %event.id, event_type = %event.kind, error = %e, "stripe event cannot be applied");
        ApiError::BadRequest(e.to_string())
    })?;
    let applied = store::events::apply(&state.db, &event.id, &event.kind, &effect, store::now()).await?;
    let status = match applied {
        Applied::Applied => "processed",
        Applied::Duplicate => "duplicate",
        Applied::Ignored => "ignored",
    };
    Ok(Json(json!({ "received": true, "status": status })))
}
