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

#[derive(clap::Subcommand)]
pub enum AdminCommand {
    /// Create a user; the password is read from standard input.
    Create {
        username: String,
        #[arg(long, default_value = "admin", value_parser = ["admin", "member"])]
        role: String,
    },
    /// Set a new password (read from standard input) and sign the user out everywhere.
    ResetPassword { username: String },
}

/// Reads one line (the password) from standard input without echoing prompts.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// `archnest admin …`: works on the database directly, with or without a running server.
pub async fn admin(cmd: AdminCommand) -> anyhow::Result<()> {
    use archnest_backend::auth::{sessions, users, Role};
    use archnest_backend::{audit, db::now};
    let config = load_config()?;
    let db = archnest_backend::db::connect(&config).await.context("connecting to the database")?;
    archnest_backend::db::migrate(&db).await.context("migrating")?;
    match cmd {
        AdminCommand::Create { username, role } => {
            let role = Role::parse(&role);
            let password = read_password()?;
            let user = users::create(&db, &username, &password, role).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            audit::record(&db, Some(user.id), &user.username, "user.created", "cli", role.as_str()).await;
            println!("created {} ({})", user.username, role.as_str());
        }
        AdminCommand::ResetPassword { username } => {
            let user = users::find_by_name(&db, &username).await?.ok_or_else(|| anyhow::anyhow!("no user named {username}"))?;
            let password = read_password()?;
            users::set_password(&db, user.id, &password).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let n = sessions::revoke_all(&db, user.id, None, now()).await?;
            audit::record(&db, Some(user.id), &user.username, "password.reset", "cli", "").await;
            println!("password of {username} reset; {n} sessions signed out");
        }
    }
    Ok(())
}
