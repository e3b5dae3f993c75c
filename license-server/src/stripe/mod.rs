//! Stripe integration: webhook signatures, event meaning, and the REST client.

pub mod client;
pub mod events;
pub mod signature;
