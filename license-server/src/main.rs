//! `license-server`: serve the API (default) or run an admin command. Configuration
//! comes from the environment; see `license-server.env.example`.

use anyhow::Context;
use archnest_license_server::cli::{self, Cli, Command};
use archnest_license_server::config::{self, Config};
use archnest_license_server::ratelimit::{RateConfig, RateLimits};
use archnest_license_server::stripe::client::StripeClient;
use archnest_license_server::{db, keys, AppState, Inner};
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LICENSE_SERVER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config = Config::from_env()?;
    for key in config::unknown_env_keys() {
        tracing::warn!(%key, "unknown LICENSE_SERVER_* variable ignored (typo?)");
    }
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Keygen { out, force } => {
            let path = out.unwrap_or_else(|| config.signing_key_file.clone());
            let key = keys::generate()?;
            keys::write(&path, &key, force)?;
            eprintln!("wrote signing key to {} (mode 600); public key:", path.display());
            println!("{}", archnest_modules::license::encode_key(&key.verifying_key()));
            Ok(())
        }
        Command::Healthcheck => {
            let url = format!("http://{}/healthz", config.addr);
            let res = reqwest::get(&url).await.with_context(|| format!("GET {url}"))?;
            anyhow::ensure!(res.status().is_success(), "{url} answered {}", res.status());
            Ok(())
        }
        admin => {
            let db = db::connect(&config.database_url).await.context("opening the database")?;
            let out = match admin {
                Command::Grant { install, slug } => cli::set_override(&db, &install, &slug, true).await?,
                Command::Revoke { install, slug } => cli::set_override(&db, &install, &slug, false).await?,
                Command::ResetInstall { install } => cli::reset_install(&db, &install).await?,
                Command::Show { install } => cli::show(&db, &install).await?,
                Command::Serve | Command::Keygen { .. } | Command::Healthcheck => String::new(),
            };
            println!("{}", out.trim_end());
            Ok(())
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let signing_key = keys::load(&config.signing_key_file)?;
    let db = db::connect(&config.database_url).await.context("opening the database")?;
    let stripe = match &config.stripe_secret_key {
        Some(key) => Some(StripeClient::new(&config.stripe_api_base, key.clone())?),
        None => {
            tracing::warn!("STRIPE_SECRET_KEY unset: checkout is disabled");
            None
        }
    };
    if config.stripe_webhook_secret.is_none() {
        tracing::warn!("STRIPE_WEBHOOK_SECRET unset: the Stripe webhook is disabled");
    }
    let state = AppState::with(Inner {
        db,
        signing_key: archnest_license_server::secret::Secret::new(signing_key),
        stripe,
        webhook_secret: config.stripe_webhook_secret.clone(),
        public_url: config.public_url.clone(),
        limits: RateLimits::new(RateConfig::default()),
        trust_forwarded_for: config.trust_forwarded_for,
    });
    let listener = tokio::net::TcpListener::bind(config.addr).await.with_context(|| format!("binding {}", config.addr))?;
    tracing::info!(addr = %config.addr, public_url = %config.public_url, stripe_api = %config.stripe_api_base, "license server listening");
    archnest_license_server::serve(listener, state).await?;
    Ok(())
}
