//! The double's Checkout Session and its JSON shape (a subset of Stripe's
//! `checkout.session` object: the fields ArchNest and its license server read).

use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineItem {
    pub name: String,
    pub currency: String,
    pub unit_amount: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub created: i64,
    pub mode: String,
    pub currency: String,
    pub line_items: Vec<LineItem>,
    pub client_reference_id: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub success_url: String,
    pub cancel_url: Option<String>,
    /// `open` → `complete`.
    pub status: String,
    /// `unpaid` → `paid`.
    pub payment_status: String,
    pub payment_intent: Option<String>,
}

impl Session {
    pub fn amount_total(&self) -> i64 {
        self.line_items.iter().map(|l| l.unit_amount * l.quantity).sum()
    }

    pub fn to_json(&self, public_url: &str) -> Value {
        let open = self.status == "open";
        json!({
            "id": self.id,
            "object": "checkout.session",
            "amount_subtotal": self.amount_total(),
            "amount_total": self.amount_total(),
            "cancel_url": self.cancel_url,
            "client_reference_id": self.client_reference_id,
            "created": self.created,
            "currency": self.currency,
            "expires_at": self.created + 24 * 3600,
            "livemode": false,
            "metadata": self.metadata,
            "mode": self.mode,
            "payment_intent": self.payment_intent,
            "payment_status": self.payment_status,
            "status": self.status,
            "success_url": self.success_url,
            "url": if open { Some(format!("{public_url}/pay/{}", self.id)) } else { None },
        })
    }
}
