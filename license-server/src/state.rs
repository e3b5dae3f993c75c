//! Shared server state handed to every handler.

use crate::ratelimit::{RateConfig, RateLimits};
use crate::secret::Secret;
use crate::stripe::client::StripeClient;
use ed25519_dalek::SigningKey;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub inner: Arc<Inner>,
}

pub struct Inner {
    pub db: DatabaseConnection,
    pub signing_key: Secret<SigningKey>,
    /// `None` when `STRIPE_SECRET_KEY` is unset: checkout answers 503.
    pub stripe: Option<StripeClient>,
    /// `None` when `STRIPE_WEBHOOK_SECRET` is unset: the webhook answers 503.
    pub webhook_secret: Option<Secret<String>>,
    pub public_url: String,
    pub limits: RateLimits,
    pub trust_forwarded_for: bool,
}

impl AppState {
    pub fn new(db: DatabaseConnection, signing_key: SigningKey, public_url: &str) -> Self {
        AppState::with(Inner {
            db,
            signing_key: Secret::new(signing_key),
            stripe: None,
            webhook_secret: None,
            public_url: public_url.trim_end_matches('/').to_owned(),
            limits: RateLimits::new(RateConfig::default()),
            trust_forwarded_for: false,
        })
    }

    pub fn with(inner: Inner) -> Self {
        AppState { inner: Arc::new(inner) }
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.inner
    }
}
