//! Leptos site options. `Leptos.toml` (or the file named by `ARCHNEST_LEPTOS_CONFIG`)
//! holds where the built site lives and how assets are named; `LEPTOS_*` variables
//! override it (cargo-leptos sets them in development). The listen address always
//! comes from `ARCHNEST_ADDR`.

use anyhow::Context;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::path::Path;

pub fn leptos_options(addr: SocketAddr) -> anyhow::Result<LeptosOptions> {
    let path = std::env::var("ARCHNEST_LEPTOS_CONFIG").unwrap_or_else(|_| "Leptos.toml".into());
    let conf = if Path::new(&path).exists() {
        leptos_config::get_configuration(Some(&path)).with_context(|| format!("reading {path}"))?
    } else {
        tracing::debug!("{path} not found; using LEPTOS_* environment and defaults");
        leptos_config::get_configuration(None).context("reading LEPTOS_* environment")?
    };
    let mut options = conf.leptos_options;
    options.site_addr = addr;
    Ok(options)
}
