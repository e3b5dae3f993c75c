//! Runs the Stripe TEST DOUBLE (see `archnest_license_server::stripe_double`) as its
//! own process, e.g. beside ArchNest and the license server in the e2e suite.

use anyhow::Context;
use archnest_license_server::stripe_double::{serve, DoubleConfig, DoubleState};
use clap::Parser;
use std::io::Write;

#[derive(Debug, Parser)]
#[command(name = "stripe-double", about = "TEST DOUBLE of the Stripe API (Checkout + webhooks). Never use in production.")]
struct Args {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    #[arg(long, env = "STRIPE_DOUBLE_LISTEN", default_value = "127.0.0.1:12111")]
    listen: String,
    /// Where to POST webhook events, e.g. http://127.0.0.1:8090/v1/stripe/webhook.
    #[arg(long, env = "STRIPE_DOUBLE_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// Secret used to sign webhooks (the license server's STRIPE_WEBHOOK_SECRET).
    #[arg(long, env = "STRIPE_WEBHOOK_SECRET", default_value = "whsec_test_double")]
    webhook_secret: String,
    /// API key clients must send as Bearer (the license server's STRIPE_SECRET_KEY).
    #[arg(long, env = "STRIPE_SECRET_KEY", default_value = "sk_test_double")]
    api_key: String,
    /// Base URL browsers use to reach this double; defaults to http://<bound address>.
    #[arg(long, env = "STRIPE_DOUBLE_PUBLIC_URL")]
    public_url: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_writer(std::io::stderr).init();
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(&args.listen).await.with_context(|| format!("binding {}", args.listen))?;
    let addr = listener.local_addr()?;
    let public_url = args.public_url.unwrap_or_else(|| format!("http://{addr}"));
    println!("stripe-double listening on http://{addr}");
    std::io::stdout().flush()?;
    let state = DoubleState::new(DoubleConfig {
        api_key: args.api_key,
        webhook_url: args.webhook_url,
        webhook_secret: args.webhook_secret,
        public_url,
    });
    serve(listener, state).await?;
    Ok(())
}
