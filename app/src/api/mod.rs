//! Server functions, grouped by feature. Endpoints are explicit and listed in
//! `crate::access`, which the server enforces before a function runs; each function
//! then obtains its identity (`current_user`) and delegates to `archnest-backend`.

pub mod auth;
pub mod files;
pub mod hosts;
pub mod infrastructure;
pub mod docker;
pub mod glance;
pub mod bookmarks;
pub mod license;
pub mod metrics;
pub mod profile;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod system;
pub mod tunnels;
