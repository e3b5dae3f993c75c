//! License state, the Module Store's checkout and purchase history.

use crate::AppError;
use archnest_modules::ModuleSet;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What every page needs for lock badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseSummary {
    pub owned: ModuleSet,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseDetails {
    pub install_id: String,
    /// valid, offline-grace, expired, tampered, free, no-production-key
    pub state: String,
    pub owned: ModuleSet,
    pub valid_until: Option<i64>,
    pub last_check_at: Option<i64>,
    pub last_error: Option<String>,
    pub license_server: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseRow {
    pub id: i64,
    pub items: Vec<String>,
    pub amount_cents: i64,
    pub created_at: i64,
    pub refunded: bool,
}

#[cfg(feature = "ssr")]
fn details(st: &archnest_backend::AppState) -> LicenseDetails {
    let snap = st.license.handle().get();
    LicenseDetails {
        install_id: st.license.install_id().to_owned(),
        state: snap.status.slug().into(),
        owned: st.license.handle().modules(),
        valid_until: snap.valid_until,
        last_check_at: snap.last_check_at,
        last_error: snap.last_error,
        license_server: st.license.server().to_owned(),
    }
}

#[server(prefix = "/api/fn", endpoint = "license/summary")]
pub async fn get_license_summary() -> Result<LicenseSummary, AppError> {
    let st = crate::api::ssr::state()?;
    Ok(LicenseSummary { owned: st.license.handle().modules() })
}

#[server(prefix = "/api/fn", endpoint = "license/details")]
pub async fn get_license_details() -> Result<LicenseDetails, AppError> {
    let st = crate::api::ssr::state()?;
    Ok(details(&st))
}

/// Checks with the license server now; the details show the outcome either way.
#[server(prefix = "/api/fn", endpoint = "license/check")]
pub async fn check_license_now() -> Result<LicenseDetails, AppError> {
    let st = crate::api::ssr::state()?;
    if let Err(e) = st.license.check().await {
        tracing::info!(error = %e, "manual license check failed");
    }
    Ok(details(&st))
}

/// Starts a Stripe Checkout through the license server; returns the URL to open.
#[server(prefix = "/api/fn", endpoint = "license/checkout")]
pub async fn start_checkout(items: Vec<String>) -> Result<String, AppError> {
    use crate::api::ssr::{meta, state};
    let st = state()?;
    if items.is_empty() {
        return Err(AppError::invalid("items", "Choose at least one module or bundle."));
    }
    let return_url = st.config.public_url.clone().unwrap_or_else(request_origin);
    let url = st.license.checkout(&items, &return_url).await.map_err(|e| AppError::Conflict(e.to_string()))?;
    let user = crate::api::ssr::current_user()?;
    archnest_backend::audit::record(&st.db, Some(user.id), &user.username, "store.checkout", &meta().ip, &items.join(",")).await;
    Ok(url)
}

/// The browser's view of this install's origin, for Stripe's return URLs.
#[cfg(feature = "ssr")]
fn request_origin() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get("origin").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .unwrap_or_default()
}

#[server(prefix = "/api/fn", endpoint = "license/purchases")]
pub async fn purchase_history() -> Result<Vec<PurchaseRow>, AppError> {
    let st = crate::api::ssr::state()?;
    let list = st.license.purchases().await.map_err(|e| AppError::Conflict(e.to_string()))?;
    Ok(list
        .into_iter()
        .map(|p| PurchaseRow { id: p.id, items: p.items, amount_cents: p.amount_cents, created_at: p.created_at, refunded: p.refunded })
        .collect())
}
