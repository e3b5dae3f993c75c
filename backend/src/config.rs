//! Env-first configuration. Every setting is an `ARCHNEST_*` variable documented in
//! `archnest.env.example`; unknown `ARCHNEST_*` keys are reported so typos are loud.

use std::net::SocketAddr;
use std::path::PathBuf;

pub use archnest_modules::Secret;

/// The keys we understand. Anything else starting with `ARCHNEST_` is warned about.
pub const KNOWN_KEYS: &[&str] = &[
    "ARCHNEST_ADDR",
    "ARCHNEST_DATA_DIR",
    "ARCHNEST_DATABASE_URL",
    "ARCHNEST_SECRET_KEY_FILE",
    "ARCHNEST_LICENSE_SERVER",
    "ARCHNEST_PUBLIC_URL",
    "ARCHNEST_TRUST_PROXY",
    "ARCHNEST_LEPTOS_CONFIG",
    "ARCHNEST_LOG",
    // Read only by builds with the `test-license-key` feature (see license/keys.rs).
    "ARCHNEST_TEST_LICENSE_PUBLIC_KEY",
];

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: Secret<String>,
    /// Where the data-encryption key lives; defaults to `<data_dir>/secret.key`.
    pub secret_key_file: PathBuf,
    /// Base URL of the license server, without trailing slash.
    pub license_server: String,
    /// Public base URL of this install (for Stripe return URLs), if known.
    pub public_url: Option<String>,
    /// Trust `X-Forwarded-Proto`/`X-Forwarded-For` from a reverse proxy.
    pub trust_proxy: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{key}: {reason}")]
    Invalid { key: &'static str, reason: String },
}

pub const DEFAULT_LICENSE_SERVER: &str = "https://license.archnest.dev";

impl Config {
    /// Reads configuration from the process environment.
    pub fn from_env() -> Result<(Config, Vec<String>), ConfigError> {
        Self::from_vars(std::env::vars())
    }

    /// Reads configuration from the given variables; returns it with the unknown
    /// `ARCHNEST_*` keys found, so the caller can warn about them.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<(Config, Vec<String>), ConfigError> {
        let vars: Vec<(String, String)> = vars.into_iter().collect();
        let get = |k: &str| vars.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
        let unknown = vars
            .iter()
            .filter(|(k, _)| k.starts_with("ARCHNEST_") && !KNOWN_KEYS.contains(&k.as_str()))
            .map(|(k, _)| k.clone())
            .collect();

        let addr = get("ARCHNEST_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| ConfigError::Invalid { key: "ARCHNEST_ADDR", reason: format!("{e} (expected host:port, e.g. 0.0.0.0:8080)") })?;
        let data_dir = PathBuf::from(get("ARCHNEST_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = get("ARCHNEST_DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("archnest.db").display()));
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            return Err(ConfigError::Invalid {
                key: "ARCHNEST_DATABASE_URL",
                reason: "must start with sqlite:, postgres:// or postgresql://".into(),
            });
        }
        let secret_key_file = get("ARCHNEST_SECRET_KEY_FILE").map(PathBuf::from).unwrap_or_else(|| data_dir.join("secret.key"));
        let license_server = get("ARCHNEST_LICENSE_SERVER")
            .unwrap_or_else(|| DEFAULT_LICENSE_SERVER.into())
            .trim_end_matches('/')
            .to_owned();
        let public_url = get("ARCHNEST_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_owned());
        let trust_proxy = match get("ARCHNEST_TRUST_PROXY").as_deref() {
            None | Some("0") | Some("false") | Some("no") => false,
            Some("1") | Some("true") | Some("yes") => true,
            Some(other) => {
                return Err(ConfigError::Invalid { key: "ARCHNEST_TRUST_PROXY", reason: format!("`{other}` is not true/false") })
            }
        };
        Ok((
            Config {
                addr,
                data_dir,
                database_url: Secret::new(database_url),
                secret_key_file,
                license_server,
                public_url,
                trust_proxy,
            },
            unknown,
        ))
    }

    /// A configuration rooted in `dir` with a SQLite database there; for tests and tools.
    pub fn for_data_dir(dir: &std::path::Path) -> Config {
        let vars = [("ARCHNEST_DATA_DIR".to_string(), dir.display().to_string())];
        match Self::from_vars(vars) {
            Ok((c, _)) => c,
            Err(e) => unreachable!("defaults are valid: {e}"),
        }
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.expose().starts_with("sqlite:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults() {
        let (c, unknown) = Config::from_vars(vars(&[("PATH", "/bin")])).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert_eq!(c.database_url.expose(), "sqlite://./data/archnest.db?mode=rwc");
        assert_eq!(c.secret_key_file, PathBuf::from("./data/secret.key"));
        assert!(unknown.is_empty());
        assert!(c.is_sqlite());
    }

    #[test]
    fn unknown_keys_are_reported_and_bad_values_explained() {
        let (_, unknown) = Config::from_vars(vars(&[("ARCHNEST_ADRR", "x")])).unwrap();
        assert_eq!(unknown, vec!["ARCHNEST_ADRR".to_string()]);
        let err = Config::from_vars(vars(&[("ARCHNEST_ADDR", "nonsense")])).unwrap_err();
        assert!(err.to_string().starts_with("ARCHNEST_ADDR:"), "{err}");
        assert!(Config::from_vars(vars(&[("ARCHNEST_DATABASE_URL", "mysql://x")])).is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let (c, _) = Config::from_vars(vars(&[("ARCHNEST_DATABASE_URL", "postgres://u:hunter2@h/db")])).unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
