//! One module per page of the sidebar.

#[cfg(feature = "hydrate")]
pub mod browser;
pub mod appearance;
pub mod auth;
pub mod docker;
pub mod docker_sources;
pub mod bookmarks;
pub mod files;
pub mod glance;
pub mod help;
pub mod hosts;
pub mod infrastructure;
pub mod license;
pub mod not_found;
pub mod metrics;
pub mod metrics_detail;
pub mod placeholders;
pub mod profile;
pub mod settings;
pub mod store;
pub mod terminal;
pub mod tunnels;
