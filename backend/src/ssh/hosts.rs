//! SSH host records: validation, the free-core cap, and secrets through the vault.
//! Secrets are write-only: callers get `HostFacts` (has_password, key fingerprint),
//! never the plaintext; only `connect` decrypts them.

use super::client_key::{self, KeyError};
use crate::db::now;
use crate::entities::ssh_host::{self, Entity as Hosts};
use crate::vault::{aad, Vault};
use archnest_modules::{caps, ModuleSet};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

pub const TABLE: &str = "ssh_hosts";

/// A secret field of the edit form: unchanged, removed, or replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SecretField {
    #[default]
    Keep,
    Clear,
    Set(String),
}

#[derive(Debug, Clone, Default)]
pub struct HostInput {
    pub name: String,
    pub address: String,
    pub port: u16,
    pub username: String,
    pub password: SecretField,
    pub private_key: SecretField,
    pub passphrase: SecretField,
    pub tags: Vec<String>,
    pub notes: String,
    pub proxy_jump: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum HostError {
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("the free core allows {0} SSH hosts")]
    LimitReached(u32),
    #[error("no such host")]
    NotFound,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("vault: {0}")]
    Vault(#[from] crate::vault::VaultError),
}

fn invalid(field: &'static str, reason: impl Into<String>) -> HostError {
    HostError::Invalid { field, reason: reason.into() }
}

pub fn tags_of(model: &ssh_host::Model) -> Vec<String> {
    serde_json::from_str(&model.tags).unwrap_or_default()
}

pub async fn list(db: &DatabaseConnection) -> Result<Vec<ssh_host::Model>, HostError> {
    Ok(Hosts::find().order_by_asc(ssh_host::Column::Name).all(db).await?)
}

pub async fn get(db: &DatabaseConnection, id: i64) -> Result<ssh_host::Model, HostError> {
    Hosts::find_by_id(id).one(db).await?.ok_or(HostError::NotFound)
}

pub async fn count(db: &DatabaseConnection) -> Result<u64, HostError> {
    Ok(Hosts::find().count(db).await?)
}

/// Whether one more host fits the install's licence.
pub async fn can_add(db: &DatabaseConnection, owned: ModuleSet) -> Result<bool, HostError> {
    Ok(caps::SSH_HOSTS.allows_another(owned, count(db).await?))
}

/// Normalised, validated fields; key material checked before anything is stored.
#[derive(Debug)]
struct Checked {
    name: String,
    address: String,
    port: i32,
    username: String,
    tags: Vec<String>,
    notes: String,
    proxy_jump: Option<String>,
}

fn check(input: &HostInput) -> Result<Checked, HostError> {
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(invalid("name", "1 to 80 characters"));
    }
    let address = input.address.trim().trim_start_matches('[').trim_end_matches(']').to_owned();
    if address.is_empty() || address.len() > 253 || address.chars().any(|c| c.is_whitespace() || c == '/' || c == '@') {
        return Err(invalid("address", "a host name or IP address, without user@ or :port"));
    }
    if input.port == 0 {
        return Err(invalid("port", "1 to 65535"));
    }
    let username = input.username.trim().to_owned();
    if username.is_empty() || username.len() > 64 || username.chars().any(|c| c.is_whitespace() || c == ':' || c == '@') {
        return Err(invalid("username", "1 to 64 characters, no spaces, ':' or '@'"));
    }
    let mut tags: Vec<String> = input.tags.iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    tags.sort();
    tags.dedup();
    if tags.len() > 20 || tags.iter().any(|t| t.len() > 32) {
        return Err(invalid("tags", "up to 20 tags of up to 32 characters"));
    }
    if input.notes.len() > 4000 {
        return Err(invalid("notes", "up to 4000 characters"));
    }
    let proxy_jump = input.proxy_jump.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    Ok(Checked { name, address, port: i32::from(input.port), username, tags, notes: input.notes.trim_end().to_owned(), proxy_jump })
}

/// The secrets a row will hold after applying `input` to `existing` (plaintext).
struct Secrets {
    password: Option<String>,
    key: Option<(String, client_key::ParsedKey)>,
    passphrase: Option<String>,
}

fn resolve_secrets(vault: &Vault, input: &HostInput, existing: Option<&ssh_host::Model>) -> Result<Secrets, HostError> {
    let current = |col: &str, stored: Option<&String>, id: i64| -> Result<Option<String>, HostError> {
        stored.map(|s| vault.decrypt_string(s, &aad(TABLE, col, id))).transpose().map_err(HostError::from)
    };
    let pick = |field: &SecretField, col: &str, stored: Option<&String>| -> Result<Option<String>, HostError> {
        match field {
            SecretField::Keep => match existing {
                Some(m) => current(col, stored, m.id),
                None => Ok(None),
            },
            SecretField::Clear => Ok(None),
            SecretField::Set(v) if v.is_empty() => Ok(None),
            SecretField::Set(v) => Ok(Some(v.clone())),
        }
    };
    let password = pick(&input.password, "password", existing.and_then(|m| m.password_enc.as_ref()))?;
    let key_text = pick(&input.private_key, "private_key", existing.and_then(|m| m.private_key_enc.as_ref()))?;
    let passphrase = pick(&input.passphrase, "passphrase", existing.and_then(|m| m.passphrase_enc.as_ref()))?;
    if password.as_ref().is_some_and(|p| p.len() > 1024) {
        return Err(invalid("password", "at most 1024 characters"));
    }
    let key = match key_text {
        None => None,
        Some(text) if text.len() > 32 * 1024 => return Err(invalid("private_key", "larger than any SSH key (32 KB)")),
        Some(text) => {
            let parsed = client_key::parse(&text, passphrase.as_deref()).map_err(|e| match e {
                KeyError::NeedsPassphrase | KeyError::WrongPassphrase => invalid("passphrase", e.to_string()),
                other => invalid("private_key", other.to_string()),
            })?;
            Some((text, parsed))
        }
    };
    if password.is_none() && key.is_none() {
        return Err(invalid("auth", "give a password, a private key, or both"));
    }
    Ok(Secrets { password, key, passphrase: passphrase.filter(|_| input.private_key != SecretField::Clear) })
}

fn seal(vault: &Vault, am: &mut ssh_host::ActiveModel, id: i64, s: &Secrets) {
    let enc = |col: &str, v: &Option<String>| v.as_ref().map(|v| vault.encrypt(v.as_bytes(), &aad(TABLE, col, id)));
    am.password_enc = Set(enc("password", &s.password));
    am.private_key_enc = Set(enc("private_key", &s.key.as_ref().map(|(t, _)| t.clone())));
    am.passphrase_enc = Set(if s.key.is_some() { enc("passphrase", &s.passphrase) } else { None });
    am.key_algorithm = Set(s.key.as_ref().map(|(_, k)| k.algorithm.clone()));
    am.key_fingerprint = Set(s.key.as_ref().map(|(_, k)| k.fingerprint.clone()));
}

fn name_taken(e: &sea_orm::DbErr) -> bool {
    let s = e.to_string().to_lowercase();
    s.contains("unique") || s.contains("duplicate")
}

pub async fn create(db: &DatabaseConnection, vault: &Vault, owned: ModuleSet, input: &HostInput) -> Result<ssh_host::Model, HostError> {
    let c = check(input)?;
    let secrets = resolve_secrets(vault, input, None)?;
    let txn = db.begin().await?;
    let existing = Hosts::find().count(&txn).await?;
    if !caps::SSH_HOSTS.allows_another(owned, existing) {
        return Err(HostError::LimitReached(caps::SSH_HOSTS.free_limit));
    }
    let t = now();
    let row = ssh_host::ActiveModel {
        name: Set(c.name),
        address: Set(c.address),
        port: Set(c.port),
        username: Set(c.username),
        tags: Set(serde_json::to_string(&c.tags).unwrap_or_else(|_| "[]".into())),
        notes: Set(c.notes),
        proxy_jump: Set(c.proxy_jump),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| if name_taken(&e) { invalid("name", "another host already has this name") } else { e.into() })?;
    let id = row.id;
    let mut am: ssh_host::ActiveModel = row.into();
    seal(vault, &mut am, id, &secrets);
    let row = am.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn update(db: &DatabaseConnection, vault: &Vault, id: i64, input: &HostInput) -> Result<ssh_host::Model, HostError> {
    let existing = get(db, id).await?;
    let c = check(input)?;
    let secrets = resolve_secrets(vault, input, Some(&existing))?;
    let moved = existing.address != c.address || existing.port != c.port;
    let mut am: ssh_host::ActiveModel = existing.into();
    am.name = Set(c.name);
    am.address = Set(c.address);
    am.port = Set(c.port);
    am.username = Set(c.username);
    am.tags = Set(serde_json::to_string(&c.tags).unwrap_or_else(|_| "[]".into()));
    am.notes = Set(c.notes);
    am.proxy_jump = Set(c.proxy_jump);
    am.updated_at = Set(now());
    seal(vault, &mut am, id, &secrets);
    let txn = db.begin().await?;
    if moved {
        // A different address or port is a different server: its keys are not ours.
        super::hostkeys::forget_all(&txn, id).await?;
        am.pending_host_key = Set(None);
        am.pending_seen_at = Set(None);
    }
    let row = am
        .update(&txn)
        .await
        .map_err(|e| if name_taken(&e) { invalid("name", "another host already has this name") } else { e.into() })?;
    txn.commit().await?;
    Ok(row)
}

pub async fn delete(db: &DatabaseConnection, id: i64) -> Result<ssh_host::Model, HostError> {
    let existing = get(db, id).await?;
    let txn = db.begin().await?;
    super::hostkeys::forget_all(&txn, id).await?;
    Hosts::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(existing)
}

pub async fn find_by_name(db: &DatabaseConnection, name: &str) -> Result<Option<ssh_host::Model>, HostError> {
    Ok(Hosts::find().filter(ssh_host::Column::Name.eq(name)).one(db).await?)
}

/// Decrypted credentials for the connection layer (never serialised).
pub struct Credentials {
    pub password: Option<String>,
    pub key: Option<russh::keys::PrivateKey>,
}

pub fn credentials(vault: &Vault, m: &ssh_host::Model) -> Result<Credentials, HostError> {
    let dec = |col: &str, v: &Option<String>| v.as_ref().map(|s| vault.decrypt_string(s, &aad(TABLE, col, m.id))).transpose();
    let password = dec("password", &m.password_enc)?;
    let passphrase = dec("passphrase", &m.passphrase_enc)?;
    let key = match dec("private_key", &m.private_key_enc)? {
        Some(text) => Some(client_key::parse(&text, passphrase.as_deref()).map_err(|e| invalid("private_key", e.to_string()))?.key),
        None => None,
    };
    Ok(Credentials { password, key })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> HostInput {
        HostInput { name: "web".into(), address: "10.0.0.5".into(), port: 22, username: "root".into(), ..Default::default() }
    }

    #[test]
    fn validates_fields() {
        assert!(check(&input()).is_ok());
        for (f, bad) in [
            ("name", HostInput { name: " ".into(), ..input() }),
            ("address", HostInput { address: "root@web".into(), ..input() }),
            ("port", HostInput { port: 0, ..input() }),
            ("username", HostInput { username: "a b".into(), ..input() }),
        ] {
            match check(&bad) {
                Err(HostError::Invalid { field, .. }) => assert_eq!(field, f),
                other => panic!("{f}: {other:?}"),
            }
        }
        let c = check(&HostInput { tags: vec![" Prod".into(), "prod".into(), "".into(), "db".into()], address: "[::1]".into(), ..input() }).unwrap();
        assert_eq!(c.tags, ["db", "prod"]);
        assert_eq!(c.address, "::1");
    }
}
