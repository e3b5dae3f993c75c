//! SSH hosts: list, edit, test, host-key trust, and imports. Secrets are write-only:
//! nothing here ever returns a password, key or passphrase.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostSummary {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub port: u16,
    pub username: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub has_password: bool,
    pub has_key: bool,
    pub has_passphrase: bool,
    /// `ssh-ed25519 SHA256:…` of the stored client key.
    pub client_key: Option<String>,
    pub proxy_jump: Option<String>,
    pub host_keys: Vec<TrustedKey>,
    /// A presented key nobody has accepted yet.
    pub pending_fingerprint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedKey {
    pub id: i64,
    pub algorithm: String,
    pub fingerprint: String,
    pub trusted_at: i64,
    pub trusted_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostList {
    pub hosts: Vec<HostSummary>,
    /// Whether the licence allows one more host.
    pub can_add: bool,
    pub limit: Option<u32>,
}

/// A write-only secret in the edit form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretEdit {
    #[default]
    Keep,
    Clear,
    Set(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostForm {
    pub id: Option<i64>,
    pub name: String,
    pub address: String,
    pub port: u16,
    pub username: String,
    pub password: SecretEdit,
    pub private_key: SecretEdit,
    pub passphrase: SecretEdit,
    /// Comma- or space-separated.
    pub tags: String,
    pub notes: String,
    pub proxy_jump: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestStep {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestReport {
    pub ok: bool,
    pub steps: Vec<TestStep>,
    /// Set when the host key needs a decision: (fingerprint, changed?).
    pub host_key: Option<(String, bool)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigCandidate {
    pub alias: String,
    pub hostname: String,
    pub port: u16,
    pub user: Option<String>,
    pub identity_files: Vec<String>,
    pub proxy_jump: Option<String>,
    /// A host with this name exists already.
    pub exists: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigPreview {
    pub hosts: Vec<ConfigCandidate>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    pub alias: String,
    pub hostname: String,
    pub port: u16,
    pub user: String,
    pub proxy_jump: Option<String>,
    pub password: Option<String>,
    pub private_key: Option<String>,
    pub passphrase: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub alias: String,
    pub result: Result<i64, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownHostsReport {
    pub added: Vec<String>,
    pub unchanged: usize,
    pub conflicts: Vec<String>,
    pub skipped: Vec<String>,
}

#[cfg(feature = "ssr")]
mod convert;

#[server(prefix = "/api/fn", endpoint = "hosts/list")]
pub async fn list_hosts() -> Result<HostList, AppError> {
    let st = crate::api::ssr::state()?;
    crate::api::ssr::current_user()?;
    convert::host_list(&st).await
}

#[server(prefix = "/api/fn", endpoint = "hosts/save", input = leptos::server_fn::codec::Json)]
pub async fn save_host(form: HostForm) -> Result<HostSummary, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::save(&st, &u, form).await
}

#[server(prefix = "/api/fn", endpoint = "hosts/delete")]
pub async fn delete_host(id: i64) -> Result<(), AppError> {
    use archnest_backend::{audit, ssh::hosts};
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    let gone = hosts::delete(&st.db, id).await.map_err(convert::host_error)?;
    // Its tunnels went with it (ON DELETE CASCADE); stop any that were running.
    st.tunnels.prune().await;
    st.sftp.evict_host(id).await;
    audit::record(&st.db, Some(u.id), &u.username, "host.deleted", &crate::api::ssr::meta().ip, &gone.name).await;
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "hosts/test")]
pub async fn test_host(id: i64) -> Result<TestReport, AppError> {
    let st = crate::api::ssr::state()?;
    crate::api::ssr::current_user()?;
    Ok(convert::report(archnest_backend::ssh::probe::test(&st.db, &st.vault, id).await))
}

/// Accepts the host key whose fingerprint the user was shown. Replacing a trusted
/// (changed) key is for admins only; first-use trust is for any user.
#[server(prefix = "/api/fn", endpoint = "hosts/trust")]
pub async fn trust_host_key(id: i64, fingerprint: String) -> Result<TrustedKey, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::trust(&st, &u, id, &fingerprint).await
}

#[server(prefix = "/api/fn", endpoint = "hosts/forget-key")]
pub async fn forget_host_key(host_id: i64, key_id: i64) -> Result<(), AppError> {
    use archnest_backend::{audit, ssh::hostkeys};
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    if !hostkeys::forget(&st.db, host_id, key_id).await.map_err(crate::api::ssr::internal("forget key"))? {
        return Err(AppError::NotFound);
    }
    audit::record(&st.db, Some(u.id), &u.username, "host.key_forgotten", &crate::api::ssr::meta().ip, &format!("host {host_id}")).await;
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "hosts/known-hosts-export")]
pub async fn export_known_hosts() -> Result<String, AppError> {
    let st = crate::api::ssr::state()?;
    archnest_backend::ssh::known_hosts::export(&st.db).await.map_err(crate::api::ssr::internal("export known_hosts"))
}

#[server(prefix = "/api/fn", endpoint = "hosts/known-hosts-import")]
pub async fn import_known_hosts(text: String) -> Result<KnownHostsReport, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    convert::import_known_hosts(&st, &u, &text).await
}

#[server(prefix = "/api/fn", endpoint = "hosts/parse-ssh-config")]
pub async fn parse_ssh_config(text: String) -> Result<ConfigPreview, AppError> {
    let st = crate::api::ssr::state()?;
    convert::preview_config(&st, &text).await
}

#[server(prefix = "/api/fn", endpoint = "hosts/import", input = leptos::server_fn::codec::Json)]
pub async fn import_hosts(items: Vec<ImportItem>) -> Result<Vec<ImportOutcome>, AppError> {
    let st = crate::api::ssr::state()?;
    let u = crate::api::ssr::current_user()?;
    Ok(convert::import_hosts(&st, &u, items).await)
}
