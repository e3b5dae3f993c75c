//! Docker sources: stored engine addresses. TLS material lives in the vault, one
//! column each, bound to the row; reads return only whether it is stored.

use super::DockerError;
use crate::db::now;
use crate::entities::docker_source::{ActiveModel, Column, Entity, Model};
use crate::vault::{aad, Vault};
use archnest_modules::{caps, Module, ModuleSet};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

const TABLE: &str = "docker_sources";

/// A source as any reader sees it: never the secrets, only whether they are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceView {
    pub id: i32,
    pub name: String,
    pub transport: String,
    pub url: String,
    pub tls_ca_stored: bool,
    pub tls_cert_stored: bool,
    pub tls_key_stored: bool,
    pub updated_at: i64,
}

/// What the admin submits. Empty PEM fields keep what is stored; `clear_tls` drops it.
#[derive(Debug, Clone, Default)]
pub struct SourceInput {
    pub id: Option<i32>,
    pub name: String,
    pub transport: String,
    pub url: String,
    pub tls_ca: String,
    pub tls_cert: String,
    pub tls_key: String,
    pub clear_tls: bool,
}

/// Decrypted TLS material, only ever held server-side.
#[derive(Clone)]
pub struct TlsMaterial {
    pub ca: String,
    pub cert: String,
    pub key: String,
}

impl std::fmt::Debug for TlsMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsMaterial(<redacted>)")
    }
}

/// Everything needed to connect to one source.
#[derive(Debug, Clone)]
pub struct Conn {
    pub id: i32,
    pub updated_at: i64,
    pub url: String,
    pub tls: Option<TlsMaterial>,
}

fn view(m: &Model) -> SourceView {
    SourceView {
        id: m.id,
        name: m.name.clone(),
        transport: m.transport.clone(),
        url: m.url.clone(),
        tls_ca_stored: m.tls_ca_enc.is_some(),
        tls_cert_stored: m.tls_cert_enc.is_some(),
        tls_key_stored: m.tls_key_enc.is_some(),
        updated_at: m.updated_at,
    }
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<SourceView>, DockerError> {
    Ok(Entity::find().order_by_asc(Column::Id).all(db).await?.iter().map(view).collect())
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<SourceView, DockerError> {
    Ok(view(&find(db, id).await?))
}

async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Model, DockerError> {
    Entity::find_by_id(id).one(db).await?.ok_or(DockerError::SourceNotFound)
}

/// Normalises `tcp://host:port`, `http://…` or `https://host:port` (a bare
/// `host:port` means `tcp://`). Returns the URL and whether the scheme asks for TLS.
pub fn normalize_url(raw: &str) -> Result<(String, bool), DockerError> {
    let bad = |reason: &str| DockerError::Invalid { field: "url", reason: reason.into() };
    let raw = raw.trim().trim_end_matches('/');
    if raw.is_empty() {
        return Err(bad("enter the engine address, e.g. tcp://192.168.1.10:2375"));
    }
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("tcp".to_owned(), raw),
    };
    let tls = match scheme.as_str() {
        "tcp" | "http" => false,
        "https" => true,
        "ssh" => return Err(bad("ssh:// addresses need the SSH transport")),
        "unix" | "npipe" => return Err(bad("ArchNest reaches engines over the network; expose dockerd on tcp://host:2375 or https://host:2376")),
        _ => return Err(bad("use tcp://host:port or https://host:port")),
    };
    if rest.contains('/') || rest.contains('@') || rest.contains('?') {
        return Err(bad("give only scheme, host and port (no path or user)"));
    }
    let (host, port) = rest.rsplit_once(':').ok_or_else(|| bad("add the port, e.g. :2375 (plain) or :2376 (TLS)"))?;
    let port: u16 = port.parse().ok().filter(|p| *p > 0).ok_or_else(|| bad("the port must be a number from 1 to 65535"))?;
    let host_ok = !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '[' | ']' | ':'));
    if !host_ok {
        return Err(bad("the host name is not valid"));
    }
    let scheme = if tls { "https" } else { "tcp" };
    Ok((format!("{scheme}://{host}:{port}"), tls))
}

fn check_pem(field: &'static str, value: &str, marker: &str) -> Result<(), DockerError> {
    if value.is_empty() || (value.contains("-----BEGIN") && value.contains(marker)) {
        Ok(())
    } else {
        Err(DockerError::Invalid { field, reason: format!("paste the PEM text (-----BEGIN …{marker}…)") })
    }
}

struct Validated {
    name: String,
    url: String,
    tls: bool,
}

fn validate(input: &SourceInput, owned: ModuleSet) -> Result<Validated, DockerError> {
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(DockerError::Invalid { field: "name", reason: "use 1–64 characters".into() });
    }
    match input.transport.as_str() {
        "" | "tcp" => {}
        "ssh" if !owned.contains(Module::DockerOverSsh) => return Err(DockerError::ModuleLocked(Module::DockerOverSsh)),
        "ssh" => return Err(DockerError::Invalid { field: "transport", reason: "the SSH transport is not part of this build yet".into() }),
        _ => return Err(DockerError::Invalid { field: "transport", reason: "choose TCP".into() }),
    }
    let (url, tls) = normalize_url(&input.url)?;
    check_pem("tls_ca", input.tls_ca.trim(), "CERTIFICATE")?;
    check_pem("tls_cert", input.tls_cert.trim(), "CERTIFICATE")?;
    check_pem("tls_key", input.tls_key.trim(), "PRIVATE KEY")?;
    Ok(Validated { name, url, tls })
}

/// Creates or updates a source. Creation counts against `caps::DOCKER_SOURCES`.
pub async fn save(db: &impl ConnectionTrait, vault: &Vault, owned: ModuleSet, input: &SourceInput) -> Result<SourceView, DockerError> {
    let v = validate(input, owned)?;
    let same_name = Entity::find().filter(Column::Name.eq(&v.name)).one(db).await?;
    if same_name.is_some_and(|m| Some(m.id) != input.id) {
        return Err(DockerError::DuplicateName(v.name));
    }
    let t = now();
    let id = match input.id {
        Some(id) => {
            find(db, id).await?;
            Entity::update(ActiveModel {
                id: Set(id),
                name: Set(v.name),
                transport: Set("tcp".into()),
                url: Set(v.url),
                updated_at: Set(t),
                ..Default::default()
            })
            .exec(db)
            .await?;
            id
        }
        None => {
            let current = Entity::find().count(db).await?;
            if !caps::DOCKER_SOURCES.allows_another(owned, current) {
                let limit = caps::DOCKER_SOURCES.limit(owned).unwrap_or(u32::MAX);
                return Err(DockerError::LimitReached { limit, module: caps::DOCKER_SOURCES.lifted_by });
            }
            let row = ActiveModel {
                name: Set(v.name),
                transport: Set("tcp".into()),
                url: Set(v.url),
                tls_ca_enc: Set(None),
                tls_cert_enc: Set(None),
                tls_key_enc: Set(None),
                created_at: Set(t),
                updated_at: Set(t),
                ..Default::default()
            };
            Entity::insert(row).exec(db).await?.last_insert_id
        }
    };
    store_tls(db, vault, id, input).await?;
    let saved = find(db, id).await?;
    let has_all = saved.tls_ca_enc.is_some() && saved.tls_cert_enc.is_some() && saved.tls_key_enc.is_some();
    let has_any = saved.tls_ca_enc.is_some() || saved.tls_cert_enc.is_some() || saved.tls_key_enc.is_some();
    if (v.tls || has_any) && !has_all {
        let reason = "TLS needs the CA certificate, the client certificate and the client key";
        if input.id.is_none() {
            Entity::delete_by_id(id).exec(db).await?;
        }
        return Err(DockerError::Invalid { field: "tls", reason: reason.into() });
    }
    super::client::forget(id);
    Ok(view(&saved))
}

/// Writes the supplied PEMs (encrypted, bound to the row), or clears them.
async fn store_tls(db: &impl ConnectionTrait, vault: &Vault, id: i32, input: &SourceInput) -> Result<(), DockerError> {
    let enc = |col: &str, v: &str| vault.encrypt(v.trim().as_bytes(), &aad(TABLE, col, id));
    let mut row = ActiveModel { id: Set(id), ..Default::default() };
    if input.clear_tls {
        row.tls_ca_enc = Set(None);
        row.tls_cert_enc = Set(None);
        row.tls_key_enc = Set(None);
    }
    if !input.tls_ca.trim().is_empty() {
        row.tls_ca_enc = Set(Some(enc("tls_ca_enc", &input.tls_ca)));
    }
    if !input.tls_cert.trim().is_empty() {
        row.tls_cert_enc = Set(Some(enc("tls_cert_enc", &input.tls_cert)));
    }
    if !input.tls_key.trim().is_empty() {
        row.tls_key_enc = Set(Some(enc("tls_key_enc", &input.tls_key)));
    }
    if row.is_changed() {
        Entity::update(row).exec(db).await?;
    }
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: i32) -> Result<SourceView, DockerError> {
    let m = find(db, id).await?;
    Entity::delete_by_id(id).exec(db).await?;
    super::client::forget(id);
    Ok(view(&m))
}

/// The connection details of a stored source, secrets decrypted.
pub async fn conn(db: &impl ConnectionTrait, vault: &Vault, id: i32) -> Result<Conn, DockerError> {
    let m = find(db, id).await?;
    let dec = |col: &str, v: &Option<String>| -> Result<Option<String>, DockerError> {
        v.as_ref().map(|c| vault.decrypt_string(c, &aad(TABLE, col, id))).transpose().map_err(Into::into)
    };
    let tls = match (dec("tls_ca_enc", &m.tls_ca_enc)?, dec("tls_cert_enc", &m.tls_cert_enc)?, dec("tls_key_enc", &m.tls_key_enc)?) {
        (Some(ca), Some(cert), Some(key)) => Some(TlsMaterial { ca, cert, key }),
        _ => None,
    };
    Ok(Conn { id, updated_at: m.updated_at, url: m.url, tls })
}

/// Connection details for "Test connection" on a form not saved yet: the typed
/// values, falling back to the stored TLS material of the source being edited.
pub async fn draft_conn(db: &impl ConnectionTrait, vault: &Vault, owned: ModuleSet, input: &SourceInput) -> Result<Conn, DockerError> {
    let mut probe = input.clone();
    if probe.name.trim().is_empty() {
        probe.name = "draft".into();
    }
    let v = validate(&probe, owned)?;
    let stored = match input.id {
        Some(id) if !input.clear_tls => conn(db, vault, id).await?.tls,
        _ => None,
    };
    let pick = |typed: &str, stored: Option<&str>| -> Option<String> {
        let t = typed.trim();
        if t.is_empty() { stored.map(str::to_owned) } else { Some(t.to_owned()) }
    };
    let tls = match (
        pick(&input.tls_ca, stored.as_ref().map(|s| s.ca.as_str())),
        pick(&input.tls_cert, stored.as_ref().map(|s| s.cert.as_str())),
        pick(&input.tls_key, stored.as_ref().map(|s| s.key.as_str())),
    ) {
        (Some(ca), Some(cert), Some(key)) => Some(TlsMaterial { ca, cert, key }),
        (None, None, None) if !v.tls => None,
        _ => return Err(DockerError::Invalid { field: "tls", reason: "TLS needs the CA certificate, the client certificate and the client key".into() }),
    };
    Ok(Conn { id: 0, updated_at: 0, url: v.url, tls })
}

#[cfg(test)]
mod tests {
    use super::normalize_url;

    #[test]
    fn urls_are_normalised_or_refused_with_a_reason() {
        assert_eq!(normalize_url("tcp://10.0.0.5:2375").unwrap(), ("tcp://10.0.0.5:2375".into(), false));
        assert_eq!(normalize_url("docker.lan:2375/").unwrap(), ("tcp://docker.lan:2375".into(), false));
        assert_eq!(normalize_url("HTTPS://docker.lan:2376").unwrap(), ("https://docker.lan:2376".into(), true));
        assert_eq!(normalize_url("http://h:1").unwrap().0, "tcp://h:1");
        for bad in ["", "tcp://host", "tcp://host:99999", "unix:///var/run/docker.sock", "ftp://h:1", "tcp://u@h:1", "tcp://h:1/v1.41"] {
            assert!(normalize_url(bad).is_err(), "{bad}");
        }
    }
}
