//! ArchNest's server-side domain. Nothing here is compiled into the WASM bundle:
//! `archnest-app` reaches it only with its `ssr` feature, and CI checks the hydrate
//! build's dependency tree stays free of sea-orm.

pub mod audit;
pub mod auth;
pub mod bookmarks;
pub mod config;
pub mod db;
pub mod docker;
pub mod entities;
pub mod keyfile;
pub mod license;
pub mod metrics;
pub mod settings;
pub mod sftp;
pub mod ssh;
pub mod state;
pub mod tunnels;
pub mod vault;
#[cfg(feature = "testing")]
pub mod testing;

pub use config::{Config, Secret};
pub use state::AppState;
