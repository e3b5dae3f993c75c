//! One module per page of the sidebar.

#[cfg(feature = "hydrate")]
pub mod browser;
pub mod glance;
pub mod help;
pub mod not_found;
pub mod placeholders;
pub mod settings;
