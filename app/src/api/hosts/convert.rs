//! Server-side mapping between the wire types and `archnest_backend::ssh`.

use super::*;
use crate::api::ssr::{capitalise, internal, meta};
use archnest_backend::auth::CurrentUser;
use archnest_backend::entities::{ssh_host, ssh_host_key};
use archnest_backend::ssh::hosts::{self, HostError, HostInput, SecretField};
use archnest_backend::ssh::{config_import, hostkeys, known_hosts, probe, ConnectError};
use archnest_backend::{audit, AppState};
use archnest_modules::{caps, Module};

pub fn host_error(e: HostError) -> AppError {
    match e {
        HostError::Invalid { field, reason } => AppError::invalid(field, reason),
        HostError::LimitReached(n) => AppError::LimitReached { limit: format!("{n} SSH hosts"), module: Module::UnlimitedSshHosts },
        HostError::NotFound => AppError::NotFound,
        other => internal("hosts")(other),
    }
}

fn key_view(k: ssh_host_key::Model) -> TrustedKey {
    TrustedKey { id: k.id, algorithm: k.algorithm, fingerprint: k.fingerprint, trusted_at: k.trusted_at, trusted_by: k.trusted_by }
}

async fn summary(st: &AppState, m: ssh_host::Model) -> Result<HostSummary, AppError> {
    let keys = hostkeys::trusted(&st.db, m.id).await.map_err(internal("host keys"))?;
    Ok(HostSummary {
        id: m.id,
        tags: hosts::tags_of(&m),
        port: u16::try_from(m.port).unwrap_or(22),
        has_password: m.password_enc.is_some(),
        has_key: m.private_key_enc.is_some(),
        has_passphrase: m.passphrase_enc.is_some(),
        client_key: m.key_algorithm.zip(m.key_fingerprint).map(|(a, f)| format!("{a} {f}")),
        pending_fingerprint: m.pending_host_key.as_deref().and_then(hostkeys::parse_openssh).map(|k| hostkeys::fingerprint(&k)),
        host_keys: keys.into_iter().map(key_view).collect(),
        name: m.name,
        address: m.address,
        username: m.username,
        notes: m.notes,
        proxy_jump: m.proxy_jump,
    })
}

pub async fn host_list(st: &AppState) -> Result<HostList, AppError> {
    let rows = hosts::list(&st.db).await.map_err(host_error)?;
    let owned = st.license.modules();
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        out.push(summary(st, m).await?);
    }
    Ok(HostList { can_add: caps::SSH_HOSTS.allows_another(owned, out.len() as u64), limit: caps::SSH_HOSTS.limit(owned), hosts: out })
}

fn secret(e: SecretEdit) -> SecretField {
    match e {
        SecretEdit::Keep => SecretField::Keep,
        SecretEdit::Clear => SecretField::Clear,
        SecretEdit::Set(v) => SecretField::Set(v),
    }
}

pub fn split_tags(s: &str) -> Vec<String> {
    s.split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

pub async fn save(st: &AppState, u: &CurrentUser, f: HostForm) -> Result<HostSummary, AppError> {
    let input = HostInput {
        name: f.name,
        address: f.address,
        port: f.port,
        username: f.username,
        password: secret(f.password),
        private_key: secret(f.private_key),
        passphrase: secret(f.passphrase),
        tags: split_tags(&f.tags),
        notes: f.notes,
        proxy_jump: f.proxy_jump,
    };
    let (row, action) = match f.id {
        None => (hosts::create(&st.db, &st.vault, st.license.modules(), &input).await.map_err(host_error)?, "host.created"),
        Some(id) => (hosts::update(&st.db, &st.vault, id, &input).await.map_err(host_error)?, "host.updated"),
    };
    audit::record(&st.db, Some(u.id), &u.username, action, &meta().ip, &format!("{} ({}:{})", row.name, row.address, row.port)).await;
    summary(st, row).await
}

pub fn report(r: probe::Report) -> TestReport {
    let host_key = match &r.error {
        Some(ConnectError::HostKeyUnknown { fingerprint, .. }) => Some((fingerprint.clone(), false)),
        Some(ConnectError::HostKeyChanged { fingerprint, .. }) => Some((fingerprint.clone(), true)),
        _ => None,
    };
    TestReport {
        ok: r.ok,
        steps: r.steps.into_iter().map(|s| TestStep { name: s.name, ok: s.ok, detail: s.detail }).collect(),
        host_key,
    }
}

pub async fn trust(st: &AppState, u: &CurrentUser, id: i64, fingerprint: &str) -> Result<TrustedKey, AppError> {
    use hostkeys::TrustError as T;
    let key = hostkeys::trust_pending(&st.db, id, fingerprint, &u.username, u.is_admin()).await.map_err(|e| match e {
        T::NotFound => AppError::NotFound,
        T::AdminRequired => AppError::Forbidden,
        T::Db(_) => internal("trust host key")(e),
        other => AppError::Conflict(format!("{}.", capitalise(&other.to_string()))),
    })?;
    audit::record(&st.db, Some(u.id), &u.username, "host.key_trusted", &meta().ip, &format!("host {id}: {} {}", key.algorithm, key.fingerprint)).await;
    Ok(key_view(key))
}

pub async fn import_known_hosts(st: &AppState, u: &CurrentUser, text: &str) -> Result<KnownHostsReport, AppError> {
    if text.len() > 1024 * 1024 {
        return Err(AppError::invalid("known_hosts", "larger than 1 MB"));
    }
    let r = known_hosts::import(&st.db, text, &u.username).await.map_err(internal("import known_hosts"))?;
    audit::record(&st.db, Some(u.id), &u.username, "host.known_hosts_imported", &meta().ip, &format!("{} added", r.added.len())).await;
    Ok(KnownHostsReport { added: r.added, unchanged: r.unchanged, conflicts: r.conflicts, skipped: r.skipped })
}

pub async fn preview_config(st: &AppState, text: &str) -> Result<ConfigPreview, AppError> {
    if text.len() > 1024 * 1024 {
        return Err(AppError::invalid("config", "larger than 1 MB"));
    }
    let parsed = config_import::parse(text);
    let mut out = Vec::new();
    for c in parsed.hosts {
        let exists = hosts::find_by_name(&st.db, &c.alias).await.map_err(host_error)?.is_some();
        out.push(ConfigCandidate {
            alias: c.alias,
            hostname: c.hostname,
            port: c.port,
            user: c.user,
            identity_files: c.identity_files,
            proxy_jump: c.proxy_jump,
            exists,
        });
    }
    Ok(ConfigPreview { hosts: out, notes: parsed.notes })
}

pub async fn import_hosts(st: &AppState, u: &CurrentUser, items: Vec<ImportItem>) -> Vec<ImportOutcome> {
    let mut out = Vec::new();
    for it in items {
        let input = HostInput {
            name: it.alias.clone(),
            address: it.hostname,
            port: it.port,
            username: it.user,
            password: it.password.map(SecretField::Set).unwrap_or_default(),
            private_key: it.private_key.map(SecretField::Set).unwrap_or_default(),
            passphrase: it.passphrase.map(SecretField::Set).unwrap_or_default(),
            tags: vec!["imported".into()],
            notes: String::new(),
            proxy_jump: it.proxy_jump,
        };
        let result = match hosts::create(&st.db, &st.vault, st.license.modules(), &input).await {
            Ok(row) => {
                audit::record(&st.db, Some(u.id), &u.username, "host.imported", &meta().ip, &row.name).await;
                Ok(row.id)
            }
            Err(e) => Err(host_error(e).to_string()),
        };
        out.push(ImportOutcome { alias: it.alias, result });
    }
    out
}
