//! `POST /v1/checkout`: validates and prices the cart, then creates a Stripe
//! Checkout Session whose success/cancel URLs lead back to the install's store page.

use super::json::ApiJson;
use super::{limit_install, require_install_id};
use crate::cart::price_cart;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::stripe::client::checkout_form;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckoutBody {
    pub install_id: String,
    pub items: Vec<String>,
    /// The install's public base URL, e.g. `https://archnest.lan`.
    #[serde(default)]
    pub return_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckoutResponse {
    pub url: String,
    pub id: String,
}

/// `(success_url, cancel_url)` for a return base, or the server's own fallback page.
fn return_urls(return_url: Option<&str>, public_url: &str) -> Result<(String, String), ApiError> {
    let Some(raw) = return_url.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok((format!("{public_url}/checkout/done?paid=1"), format!("{public_url}/checkout/done?cancelled=1")));
    };
    let invalid = || ApiError::BadRequest("return_url must be an absolute http(s) URL without query or fragment".into());
    let url = reqwest::Url::parse(raw).map_err(|_| invalid())?;
    if !matches!(url.scheme(), "http" | "https") || url.query().is_some() || url.fragment().is_some() || raw.len() > 1024 {
        return Err(invalid());
    }
    let base = raw.trim_end_matches('/');
    Ok((format!("{base}/settings/store?paid=1"), format!("{base}/settings/store?cancelled=1")))
}

pub async fn create(State(state): State<AppState>, ApiJson(body): ApiJson<CheckoutBody>) -> Result<Json<CheckoutResponse>, ApiError> {
    let stripe = state.stripe.as_ref().ok_or(ApiError::NotConfigured("Stripe (STRIPE_SECRET_KEY)"))?;
    require_install_id(&body.install_id)?;
    limit_install(&state, &body.install_id)?;
    let (success_url, cancel_url) = return_urls(body.return_url.as_deref(), &state.public_url)?;
    let owned = store::current_modules(&state.db, &body.install_id).await?;
    let cart = price_cart(&body.items, owned).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let form = checkout_form(&cart, &body.install_id, &success_url, &cancel_url);
    let session = stripe.create_checkout_session(&form).await.map_err(|e| ApiError::Upstream(e.to_string()))?;
    tracing::info!(install_id = %body.install_id, session = %session.id, items = %cart.slugs().join(","),
        total_cents = cart.total_cents, "checkout session created");
    Ok(Json(CheckoutResponse { url: session.url, id: session.id }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_urls_lead_to_the_store_page() {
        let (ok, no) = return_urls(Some("https://nest.lan/"), "http://lic").unwrap();
        assert_eq!(ok, "https://nest.lan/settings/store?paid=1");
        assert_eq!(no, "https://nest.lan/settings/store?cancelled=1");
        assert_eq!(return_urls(None, "http://lic").unwrap().0, "http://lic/checkout/done?paid=1");
        assert!(return_urls(Some("javascript:alert(1)"), "http://lic").is_err());
        assert!(return_urls(Some("https://x/?a=1"), "http://lic").is_err());
    }
}
