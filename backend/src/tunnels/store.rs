//! Tunnel definitions: validation with field errors, and CRUD.
//!
//! Binding beyond loopback (0.0.0.0, ::, a LAN address) exposes the forward to the
//! network, so it needs `allow_wide_bind`; auto-start needs the `tunnel-auto-start`
//! module. Both are checked here, on the server, whatever the form sent.

use super::{Kind, Spec};
use crate::db::now;
use crate::entities::tunnel::{self, Entity as Tunnels};
use archnest_modules::{Module, ModuleSet};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use std::net::IpAddr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TunnelInput {
    pub host_id: i64,
    pub name: String,
    /// `local`, `remote` or `dynamic`.
    pub kind: String,
    pub bind_address: String,
    pub bind_port: u32,
    pub target_host: String,
    pub target_port: u32,
    pub allow_wide_bind: bool,
    pub auto_start: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TunnelError {
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("{} is a paid module", .0.name())]
    ModuleLocked(Module),
    #[error("no such tunnel")]
    NotFound,
    #[error("{0}")]
    Failed(String),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

fn invalid(field: &'static str, reason: impl Into<String>) -> TunnelError {
    TunnelError::Invalid { field, reason: reason.into() }
}

pub const NAME_MAX: usize = 64;

fn port(field: &'static str, p: u32) -> Result<u16, TunnelError> {
    match u16::try_from(p) {
        Ok(p) if p >= 1 => Ok(p),
        _ => Err(invalid(field, "must be a port from 1 to 65535")),
    }
}

/// Whether `addr` reaches beyond this machine (anything but loopback).
pub fn is_wide(addr: &str) -> bool {
    match addr.parse::<IpAddr>() {
        Ok(ip) => !ip.is_loopback(),
        Err(_) => !addr.eq_ignore_ascii_case("localhost"),
    }
}

fn hostname_ok(h: &str) -> bool {
    !h.is_empty() && h.len() <= 253 && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

/// Checks every field and returns the runnable spec (id 0 for a new tunnel).
pub fn validate(input: &TunnelInput, owned: ModuleSet) -> Result<Spec, TunnelError> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(invalid("name", "give the tunnel a name"));
    }
    if name.chars().count() > NAME_MAX {
        return Err(invalid("name", format!("at most {NAME_MAX} characters")));
    }
    let kind = Kind::parse(&input.kind).ok_or_else(|| invalid("kind", "choose local, remote or dynamic (SOCKS)"))?;
    let bind_address = match input.bind_address.trim() {
        "" => "127.0.0.1".to_owned(),
        a => a.trim_start_matches('[').trim_end_matches(']').to_owned(),
    };
    match (kind, bind_address.parse::<IpAddr>()) {
        (_, Ok(_)) => {}
        // The SSH server resolves a remote bind address itself; "localhost" is common there.
        (Kind::Remote, Err(_)) if bind_address.eq_ignore_ascii_case("localhost") => {}
        _ => return Err(invalid("bind_address", format!("{bind_address:?} is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)"))),
    }
    if is_wide(&bind_address) && !input.allow_wide_bind {
        return Err(invalid(
            "bind_address",
            format!("{bind_address} is reachable from other machines; tick \"allow binding beyond localhost\" to confirm"),
        ));
    }
    let bind_port = port("bind_port", input.bind_port)?;
    let target = match kind {
        Kind::Dynamic => None,
        Kind::Local | Kind::Remote => {
            let h = input.target_host.trim().trim_start_matches('[').trim_end_matches(']');
            if h.is_empty() {
                return Err(invalid("target_host", "enter the host to forward to"));
            }
            if !hostname_ok(h) {
                return Err(invalid("target_host", format!("{h:?} is not a host name or IP address")));
            }
            Some((h.to_owned(), port("target_port", input.target_port)?))
        }
    };
    if input.auto_start && !owned.contains(Module::TunnelAutoStart) {
        return Err(TunnelError::ModuleLocked(Module::TunnelAutoStart));
    }
    Ok(Spec { id: 0, host_id: input.host_id, name: name.to_owned(), kind, bind_address, bind_port, target })
}

/// The spec of a stored row, re-validated (a row edited by hand cannot bypass the rules).
/// Auto-start is not part of running, so it is not re-checked here.
pub fn spec_of(m: &tunnel::Model) -> Result<Spec, TunnelError> {
    let input = input_of(m);
    let spec = validate(&TunnelInput { auto_start: false, ..input }, ModuleSet::default())?;
    Ok(Spec { id: m.id, ..spec })
}

pub fn input_of(m: &tunnel::Model) -> TunnelInput {
    TunnelInput {
        host_id: m.host_id,
        name: m.name.clone(),
        kind: m.kind.clone(),
        bind_address: m.bind_address.clone(),
        bind_port: u32::try_from(m.bind_port).unwrap_or(0),
        target_host: m.target_host.clone().unwrap_or_default(),
        target_port: m.target_port.and_then(|p| u32::try_from(p).ok()).unwrap_or(0),
        allow_wide_bind: m.allow_wide_bind,
        auto_start: m.auto_start,
    }
}

pub async fn list(db: &DatabaseConnection) -> Result<Vec<tunnel::Model>, TunnelError> {
    Ok(Tunnels::find().order_by_asc(tunnel::Column::Name).all(db).await?)
}

pub async fn get(db: &DatabaseConnection, id: i64) -> Result<tunnel::Model, TunnelError> {
    Tunnels::find_by_id(id).one(db).await?.ok_or(TunnelError::NotFound)
}

async fn check_refs(db: &DatabaseConnection, spec: &Spec, id: Option<i64>) -> Result<(), TunnelError> {
    if crate::ssh::hosts::get(db, spec.host_id).await.is_err() {
        return Err(invalid("host_id", "choose an existing SSH host"));
    }
    let same = Tunnels::find().filter(tunnel::Column::Name.eq(spec.name.as_str())).one(db).await?;
    if same.is_some_and(|t| Some(t.id) != id) {
        return Err(invalid("name", format!("a tunnel named {:?} exists already", spec.name)));
    }
    Ok(())
}

pub async fn create(db: &DatabaseConnection, owned: ModuleSet, input: &TunnelInput) -> Result<tunnel::Model, TunnelError> {
    let spec = validate(input, owned)?;
    check_refs(db, &spec, None).await?;
    let t = now();
    let row = tunnel::ActiveModel { created_at: Set(t), ..fill(&spec, input.auto_start, t) };
    Ok(row.insert(db).await?)
}

pub async fn update(db: &DatabaseConnection, owned: ModuleSet, id: i64, input: &TunnelInput) -> Result<tunnel::Model, TunnelError> {
    let existing = get(db, id).await?;
    // Keeping an auto-start flag set while the module was owned is not a new use of it.
    let mut owned = owned;
    if existing.auto_start && input.auto_start {
        owned.insert(Module::TunnelAutoStart);
    }
    let spec = validate(input, owned)?;
    check_refs(db, &spec, Some(id)).await?;
    let row = tunnel::ActiveModel { id: Set(id), created_at: Set(existing.created_at), ..fill(&spec, input.auto_start, now()) };
    Ok(row.update(db).await?)
}

fn fill(spec: &Spec, auto_start: bool, t: i64) -> tunnel::ActiveModel {
    tunnel::ActiveModel {
        host_id: Set(spec.host_id),
        name: Set(spec.name.clone()),
        kind: Set(spec.kind.as_str().to_owned()),
        bind_address: Set(spec.bind_address.clone()),
        bind_port: Set(i32::from(spec.bind_port)),
        target_host: Set(spec.target.as_ref().map(|(h, _)| h.clone())),
        target_port: Set(spec.target.as_ref().map(|(_, p)| i32::from(*p))),
        allow_wide_bind: Set(super::store::is_wide(&spec.bind_address)),
        auto_start: Set(auto_start),
        updated_at: Set(t),
        ..Default::default()
    }
}

pub async fn delete(db: &DatabaseConnection, id: i64) -> Result<tunnel::Model, TunnelError> {
    let existing = get(db, id).await?;
    Tunnels::delete_by_id(id).exec(db).await?;
    Ok(existing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> TunnelInput {
        TunnelInput {
            host_id: 1,
            name: "web".into(),
            kind: "local".into(),
            bind_address: String::new(),
            bind_port: 8080,
            target_host: "127.0.0.1".into(),
            target_port: 80,
            ..Default::default()
        }
    }

    fn field(r: Result<Spec, TunnelError>) -> &'static str {
        match r {
            Err(TunnelError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_to_loopback_and_checks_ports() {
        let s = validate(&local(), ModuleSet::default()).expect("valid");
        assert_eq!((s.bind_address.as_str(), s.bind_port), ("127.0.0.1", 8080));
        assert_eq!(field(validate(&TunnelInput { bind_port: 0, ..local() }, ModuleSet::default())), "bind_port");
        assert_eq!(field(validate(&TunnelInput { bind_port: 65536, ..local() }, ModuleSet::default())), "bind_port");
        assert_eq!(field(validate(&TunnelInput { target_port: 0, ..local() }, ModuleSet::default())), "target_port");
        assert_eq!(field(validate(&TunnelInput { target_host: " ".into(), ..local() }, ModuleSet::default())), "target_host");
        assert_eq!(field(validate(&TunnelInput { name: "".into(), ..local() }, ModuleSet::default())), "name");
        assert_eq!(field(validate(&TunnelInput { kind: "sideways".into(), ..local() }, ModuleSet::default())), "kind");
        assert_eq!(field(validate(&TunnelInput { bind_address: "my-laptop".into(), ..local() }, ModuleSet::default())), "bind_address");
    }

    #[test]
    fn wide_binds_need_the_explicit_flag() {
        for addr in ["0.0.0.0", "::", "192.168.1.20", "[::]"] {
            let wide = TunnelInput { bind_address: addr.into(), ..local() };
            assert_eq!(field(validate(&wide, ModuleSet::default())), "bind_address", "{addr}");
            assert!(validate(&TunnelInput { allow_wide_bind: true, ..wide }, ModuleSet::default()).is_ok(), "{addr}");
        }
        for addr in ["127.0.0.1", "::1", "127.0.0.2"] {
            assert!(validate(&TunnelInput { bind_address: addr.into(), ..local() }, ModuleSet::default()).is_ok(), "{addr}");
        }
    }

    #[test]
    fn dynamic_has_no_target_and_auto_start_needs_the_module() {
        let d = TunnelInput { kind: "dynamic".into(), target_host: String::new(), target_port: 0, ..local() };
        assert_eq!(validate(&d, ModuleSet::default()).expect("valid").target, None);
        let auto = TunnelInput { auto_start: true, ..local() };
        assert!(matches!(validate(&auto, ModuleSet::default()), Err(TunnelError::ModuleLocked(Module::TunnelAutoStart))));
        let mut owned = ModuleSet::default();
        owned.insert(Module::TunnelAutoStart);
        assert!(validate(&auto, owned).is_ok());
    }
}
