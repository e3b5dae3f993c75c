//! The one Stripe API call the server makes: create a Checkout Session
//! (<https://docs.stripe.com/api/checkout/sessions/create>), form-encoded with
//! Stripe's bracket syntax and Bearer auth. Building the form is a pure function.

use crate::cart::Cart;
use crate::secret::Secret;
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    #[error("stripe request failed: {0}")]
    Http(#[from] reqwest::Error),
    #[error("stripe answered {status}: {message}")]
    Api { status: u16, message: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedSession {
    pub id: String,
    pub url: String,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Debug, Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: String,
}

/// The form fields of a Checkout Session for this cart.
pub fn checkout_form(cart: &Cart, install_id: &str, success_url: &str, cancel_url: &str) -> Vec<(String, String)> {
    let mut form = vec![
        ("mode".to_owned(), "payment".to_owned()),
        ("client_reference_id".to_owned(), install_id.to_owned()),
        ("metadata[items]".to_owned(), cart.slugs().join(",")),
        ("metadata[install_id]".to_owned(), install_id.to_owned()),
        ("success_url".to_owned(), success_url.to_owned()),
        ("cancel_url".to_owned(), cancel_url.to_owned()),
    ];
    for (i, item) in cart.items.iter().enumerate() {
        let p = format!("line_items[{i}]");
        form.push((format!("{p}[price_data][currency]"), "usd".to_owned()));
        form.push((format!("{p}[price_data][unit_amount]"), item.price_cents().to_string()));
        form.push((format!("{p}[price_data][product_data][name]"), item.name()));
        form.push((format!("{p}[quantity]"), "1".to_owned()));
    }
    form
}

#[derive(Debug, Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    api_base: String,
    secret_key: Secret<String>,
}

impl StripeClient {
    pub fn new(api_base: &str, secret_key: Secret<String>) -> Result<Self, StripeError> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build()?;
        Ok(StripeClient { http, api_base: api_base.trim_end_matches('/').to_owned(), secret_key })
    }

    pub async fn create_checkout_session(&self, form: &[(String, String)]) -> Result<CreatedSession, StripeError> {
        let res = self
            .http
            .post(format!("{}/v1/checkout/sessions", self.api_base))
            .bearer_auth(self.secret_key.expose())
            .form(form)
            .send()
            .await?;
        let status = res.status();
        if !status.is_success() {
            let message = match res.json::<ErrorBody>().await {
                Ok(body) => body.error.message,
                Err(e) => e.to_string(),
            };
            return Err(StripeError::Api { status: status.as_u16(), message });
        }
        Ok(res.json().await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::price_cart;
    use archnest_modules::ModuleSet;

    #[test]
    fn form_uses_stripe_bracket_syntax() {
        let cart = price_cart(&["ssh-pro".into(), "audit-log".into()], ModuleSet::EMPTY).unwrap();
        let form = checkout_form(&cart, "inst-1", "https://a/ok", "https://a/no");
        let get = |k: &str| form.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("mode"), Some("payment"));
        assert_eq!(get("metadata[items]"), Some("ssh-pro,audit-log"));
        assert_eq!(get("line_items[0][price_data][unit_amount]"), Some("2500"));
        assert_eq!(get("line_items[1][price_data][product_data][name]"), Some("ArchNest module: Audit Log"));
        assert_eq!(get("line_items[1][quantity]"), Some("1"));
        assert_eq!(get("client_reference_id"), Some("inst-1"));
    }
}
