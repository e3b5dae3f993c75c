//! The admin command line of the `license-server` binary. Admin commands open the
//! same database as the server (SQLite WAL lets them run beside it) and print what
//! they changed; each change is also logged.

use crate::cart::Item;
use crate::store::{self, installs, overrides, purchases, StoreError};
use archnest_modules::Module;
use clap::{Parser, Subcommand};
use sea_orm::DatabaseConnection;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "license-server", version, about = "ArchNest license server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (the default).
    Serve,
    /// Write a new Ed25519 signing key (mode 600) and print its public key.
    Keygen {
        /// Key file; defaults to LICENSE_SIGNING_KEY_FILE or ./license-signing.key.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite an existing file (the old key stops signing; keep its public key
        /// on the clients' trusted list while old licenses are still valid).
        #[arg(long)]
        force: bool,
    },
    /// Grant a module (or every module of a bundle) to an install.
    Grant { install: String, slug: String },
    /// Revoke a module (or every module of a bundle) from an install.
    Revoke { install: String, slug: String },
    /// Forget an install's pinned public key so the next check pins a new one.
    ResetInstall { install: String },
    /// Show an install: key, last check, purchases, overrides and current modules.
    Show { install: String },
    /// Exit 0 if the server at LICENSE_SERVER_ADDR answers /healthz (for containers).
    Healthcheck,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("unknown module or bundle `{0}`")]
    UnknownSlug(String),
    #[error("invalid install id `{0}`")]
    InvalidInstall(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for AdminError {
    fn from(e: sea_orm::DbErr) -> Self {
        AdminError::Store(e.into())
    }
}

fn modules_of(slug: &str) -> Result<Vec<Module>, AdminError> {
    let item = Item::parse(slug).ok_or_else(|| AdminError::UnknownSlug(slug.to_owned()))?;
    Ok(item.modules().iter().collect())
}

fn valid(install: &str) -> Result<(), AdminError> {
    if crate::install_auth::valid_install_id(install) {
        Ok(())
    } else {
        Err(AdminError::InvalidInstall(install.to_owned()))
    }
}

/// `grant` / `revoke`: records an override for each module the slug names.
pub async fn set_override(db: &DatabaseConnection, install: &str, slug: &str, granted: bool) -> Result<String, AdminError> {
    valid(install)?;
    let modules = modules_of(slug)?;
    for m in &modules {
        overrides::set(db, install, *m, granted, store::now()).await?;
    }
    let verb = if granted { "granted" } else { "revoked" };
    let names: Vec<_> = modules.iter().map(|m| m.slug()).collect();
    Ok(format!("{verb} for {install}: {}", names.join(", ")))
}

pub async fn reset_install(db: &DatabaseConnection, install: &str) -> Result<String, AdminError> {
    valid(install)?;
    if installs::reset(db, install).await? {
        Ok(format!("{install}: pinned key cleared; the next check pins a new key"))
    } else {
        Err(StoreError::UnknownInstall(install.to_owned()).into())
    }
}

pub async fn show(db: &DatabaseConnection, install: &str) -> Result<String, AdminError> {
    valid(install)?;
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = match installs::get(db, install).await? {
        Some(i) => writeln!(
            out,
            "install {}\n  license id: {}\n  public key: {}\n  first seen: {}\n  last seen:  {} (version {})",
            i.install_id,
            i.license_id,
            i.public_key.as_deref().unwrap_or("<none: reset, next check pins>"),
            i.first_seen,
            i.last_seen,
            i.last_version.as_deref().unwrap_or("?")
        ),
        None => writeln!(out, "install {install} has never checked in"),
    };
    for p in purchases::list(db, install).await? {
        let state = if p.refunded_at.is_some() { " REFUNDED" } else { "" };
        let _ = writeln!(out, "  purchase #{} {} ${:.2} [{}] at {}{state}", p.id, p.stripe_session_id, p.amount_cents as f64 / 100.0, p.items, p.created_at);
    }
    for o in overrides::list(db, install).await? {
        let _ = writeln!(out, "  override {o:?}");
    }
    let modules: Vec<_> = store::current_modules(db, install).await?.iter().map(|m| m.slug()).collect();
    let _ = writeln!(out, "  licensed modules ({}): {}", modules.len(), modules.join(", "));
    Ok(out)
}
