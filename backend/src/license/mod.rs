//! The install side of licensing: identity, the trusted keys, the current license
//! state, checks against the license server and the schedule that runs them.
//!
//! Invariants: the free core never depends on any of this; a license is trusted only
//! after `archnest_modules::license::verify_license`; the last good license is kept
//! so the install works offline until its `valid_until`, then falls back to free.

pub mod client;
pub use client::LicenseService;
pub mod identity;
pub mod keys;
pub mod schedule;
pub mod status;

pub use status::{LicenseHandle, LicenseSnapshot, LicenseStatus};

use archnest_modules::{format_price, Module};

/// The JSON body of a `402 Payment Required` answer for a locked module.
pub fn locked_body(module: Module, store_base: &str) -> serde_json::Value {
    serde_json::json!({
        "error": "Module required",
        "module": module.slug(),
        "price": format_price(module.price_cents()),
        "purchaseUrl": format!("{}{}", store_base.trim_end_matches('/'), module.store_path()),
    })
}
