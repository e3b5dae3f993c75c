//! ArchNest's user interface: the route table, pages, shared components and the
//! server functions they call. Compiled twice: with `ssr` into the server (where
//! server functions run) and with `hydrate` into the WASM bundle (where they are
//! HTTP calls). Domain logic stays in `archnest-backend`; functions here are thin.

#![recursion_limit = "256"]

pub mod access;
pub mod api;
pub mod components;
pub mod error;
pub mod nav;
pub mod pages;
mod shell;
pub mod shortcuts;
pub mod terminal_protocol;

pub use error::AppError;
pub use shell::{shell, App, LicenseRefresh};
