//! ArchNest's license server: sells modules through Stripe Checkout, records
//! purchases from Stripe's signed webhooks, and answers installs' license checks with
//! Ed25519-signed licenses in the wire format of `archnest_modules::license`.
//!
//! Rules are pure functions (`cart`, `entitlement`, `install_auth`,
//! `stripe::signature`, `stripe::events`) so they are unit-tested and portable; the
//! handlers in `routes` stay thin and the `store` only persists.

pub mod cart;
pub mod cli;
pub mod config;
pub mod db;
pub mod entitlement;
pub mod error;
pub mod install_auth;
pub mod keys;
pub mod ratelimit;
pub mod routes;
pub mod secret;
pub mod state;
pub mod store;
pub mod stripe;
#[cfg(feature = "stripe-double")]
pub mod stripe_double;

pub use routes::{build_router, serve};
pub use state::{AppState, Inner};
