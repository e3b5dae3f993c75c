//! Subcommands other than `serve`.

use anyhow::{bail, Context};
use archnest_backend::Config;

/// Reads `ARCHNEST_*` configuration and warns about unknown keys.
pub fn load_config() -> anyhow::Result<Config> {
    let (config, unknown) = Config::from_env().context("invalid configuration")?;
    for key in unknown {
        tracing::warn!("unknown configuration key {key} is ignored (see archnest.env.example)");
    }
    Ok(config)
}

/// `archnest healthcheck`: exit 0 when `/api/health` says ok.
pub async fn healthcheck() -> anyhow::Result<()> {
    let config = load_config()?;
    let mut addr = config.addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let url = format!("http://{addr}/api/health");
    let resp = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()?
        .get(&url)
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = resp.status();
    let body: serde_json::Value = resp.json().await.unwrap_or_default();
    if status.is_success() && body["status"] == "ok" {
        println!("ok {}", body["version"].as_str().unwrap_or(""));
        Ok(())
    } else {
        bail!("unhealthy: HTTP {status} {body}")
    }
}

/// `archnest migrate`: bring the database schema up to date.
pub async fn migrate() -> anyhow::Result<()> {
    let config = load_config()?;
    let db = archnest_backend::db::connect(&config).await.context("connecting to the database")?;
    archnest_backend::db::migrate(&db).await.context("migrating")?;
    println!("database is up to date");
    Ok(())
}
