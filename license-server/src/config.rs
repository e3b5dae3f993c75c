//! Env-first configuration (see `license-server.env.example`). Unknown
//! `LICENSE_SERVER_*` variables are reported so a typo is loud, not silently ignored.

use crate::secret::Secret;
use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8090";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://license-server.db?mode=rwc";
pub const DEFAULT_SIGNING_KEY_FILE: &str = "license-signing.key";
pub const DEFAULT_STRIPE_API_BASE: &str = "https://api.stripe.com";

const KNOWN: &[&str] = &[
    "LICENSE_SERVER_ADDR",
    "LICENSE_SERVER_DATABASE_URL",
    "LICENSE_SERVER_TRUST_FORWARDED_FOR",
    "LICENSE_SERVER_LOG",
];

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub signing_key_file: PathBuf,
    pub stripe_secret_key: Option<Secret<String>>,
    pub stripe_webhook_secret: Option<Secret<String>>,
    pub stripe_api_base: String,
    /// Where this server is reachable from browsers; the fallback return address
    /// after checkout when the install sends no `return_url`.
    pub public_url: String,
    /// Take the client IP for rate limiting from the last `X-Forwarded-For` hop
    /// (only behind a reverse proxy that sets it).
    pub trust_forwarded_for: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let addr_raw = get("LICENSE_SERVER_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr: SocketAddr = addr_raw
            .parse()
            .map_err(|e: std::net::AddrParseError| ConfigError::Invalid { name: "LICENSE_SERVER_ADDR", reason: e.to_string() })?;
        let public_url = get("PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid { name: "PUBLIC_URL", reason: "must start with http:// or https://".into() });
        }
        Ok(Config {
            addr,
            database_url: get("LICENSE_SERVER_DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            signing_key_file: get("LICENSE_SIGNING_KEY_FILE").unwrap_or_else(|| DEFAULT_SIGNING_KEY_FILE.to_owned()).into(),
            stripe_secret_key: get("STRIPE_SECRET_KEY").map(Secret::new),
            stripe_webhook_secret: get("STRIPE_WEBHOOK_SECRET").map(Secret::new),
            stripe_api_base: get("STRIPE_API_BASE").unwrap_or_else(|| DEFAULT_STRIPE_API_BASE.to_owned()),
            public_url: public_url.trim_end_matches('/').to_owned(),
            trust_forwarded_for: matches!(get("LICENSE_SERVER_TRUST_FORWARDED_FOR").as_deref(), Some("1" | "true")),
        })
    }
}

/// `LICENSE_SERVER_*` variables this server does not know (likely typos).
pub fn unknown_env_keys() -> Vec<String> {
    std::env::vars()
        .map(|(k, _)| k)
        .filter(|k| k.starts_with("LICENSE_SERVER_") && !KNOWN.contains(&k.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(c.public_url, "http://127.0.0.1:8090");
        assert!(c.stripe_secret_key.is_none());
        let c = Config::from_lookup(|k| (k == "PUBLIC_URL").then(|| "https://lic.example/".to_owned())).unwrap();
        assert_eq!(c.public_url, "https://lic.example");
        assert!(Config::from_lookup(|k| (k == "LICENSE_SERVER_ADDR").then(|| "nope".to_owned())).is_err());
        assert!(format!("{c:?}").contains("database_url"));
    }
}
