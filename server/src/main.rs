//! `archnest`: the ArchNest server and its admin commands.

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "archnest", version, about = "ArchNest — self-hosted infrastructure console")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Exit 0 if the server configured by the environment answers /api/health.
    Healthcheck,
    /// Apply database migrations and exit.
    Migrate,
    /// Account administration for scripted installs and locked-out admins.
    #[command(subcommand)]
    Admin(archnest_server::cli::AdminCommand),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    archnest_server::logging::init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => archnest_server::run().await,
            Command::Healthcheck => archnest_server::cli::healthcheck().await,
            Command::Migrate => archnest_server::cli::migrate().await,
            Command::Admin(cmd) => archnest_server::cli::admin(cmd).await,
        }
    })
}
