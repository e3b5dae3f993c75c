//! TEST DOUBLE of the Stripe API — never used in production. It follows Stripe's
//! documented behaviour for the parts ArchNest uses, so the license server can be
//! tested end to end where no real Stripe is reachable:
//!
//! - `POST /v1/checkout/sessions` (form-encoded, `Authorization: Bearer <api key>`)
//!   and `GET /v1/checkout/sessions/{id}`, answering Checkout Session objects;
//! - a hosted checkout page `GET /pay/{id}` whose "Pay" button (`POST /pay/{id}`)
//!   marks the session paid, delivers a signed `checkout.session.completed` event to
//!   the webhook URL and redirects the browser to `success_url`;
//! - test-only controls: `POST /test/refund/{payment_intent}` delivers
//!   `charge.refunded`, `GET /test/events` lists delivered events and
//!   `POST /test/events/{id}/resend` replays one (as Stripe's retries do).
//!
//! Webhooks are signed with the real `Stripe-Signature` scheme. Everything is held
//! in memory; restart to reset.

mod api;
mod deliver;
mod hosted;
mod session;

use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

pub use session::Session;

#[derive(Debug, Clone)]
pub struct DoubleConfig {
    /// The secret key clients must send as `Bearer`.
    pub api_key: String,
    /// Where events are POSTed; `None` keeps them undelivered (still listed).
    pub webhook_url: Option<String>,
    pub webhook_secret: String,
    /// The double's own base URL, used in hosted page links.
    pub public_url: String,
}

/// An event the double produced, and the HTTP status of its last delivery.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SentEvent {
    pub event: Value,
    pub delivery_status: Option<u16>,
}

#[derive(Debug, Default)]
struct Store {
    sessions: HashMap<String, Session>,
    events: Vec<SentEvent>,
}

#[derive(Clone)]
pub struct DoubleState {
    config: Arc<DoubleConfig>,
    store: Arc<Mutex<Store>>,
    http: reqwest::Client,
}

impl DoubleState {
    pub fn new(mut config: DoubleConfig) -> Self {
        config.public_url = config.public_url.trim_end_matches('/').to_owned();
        DoubleState { config: Arc::new(config), store: Arc::default(), http: reqwest::Client::new() }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panicked request cannot leave the maps half-updated in a harmful way.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A snapshot of a session (for tests).
    pub fn session(&self, id: &str) -> Option<Session> {
        self.store().sessions.get(id).cloned()
    }
}

pub fn router(state: DoubleState) -> Router {
    Router::new()
        .route("/v1/checkout/sessions", post(api::create_session))
        .route("/v1/checkout/sessions/{id}", get(api::get_session))
        .route("/pay/{id}", get(hosted::page).post(hosted::pay))
        .route("/test/refund/{payment_intent}", post(deliver::refund))
        .route("/test/events", get(deliver::list_events))
        .route("/test/events/{id}/resend", post(deliver::resend))
        .with_state(state)
}

pub async fn serve(listener: tokio::net::TcpListener, state: DoubleState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

fn random_id(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}
