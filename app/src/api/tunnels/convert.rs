//! Server-side mapping between the wire types and `archnest_backend::tunnels`.

use super::*;
use crate::api::ssr::{internal, meta};
use archnest_backend::auth::CurrentUser;
use archnest_backend::entities::tunnel;
use archnest_backend::ssh::hosts;
use archnest_backend::tunnels::{store, TunnelError, TunnelInput};
use archnest_backend::{audit, db::now, AppState};
use std::collections::HashMap;

pub fn tunnel_error(e: TunnelError) -> AppError {
    match e {
        TunnelError::Invalid { field, reason } => AppError::invalid(field, reason),
        TunnelError::ModuleLocked(module) => AppError::ModuleLocked { module },
        TunnelError::NotFound => AppError::NotFound,
        TunnelError::Failed(reason) => AppError::Conflict(reason),
        other @ TunnelError::Db(_) => internal("tunnels")(other),
    }
}

fn view(st: &AppState, t: tunnel::Model, host_name: String) -> TunnelView {
    let snap = st.tunnels.snapshot(t.id);
    TunnelView {
        id: t.id,
        host_id: t.host_id,
        host_name,
        kind: t.kind,
        bind_port: u16::try_from(t.bind_port).unwrap_or(0),
        target_port: t.target_port.and_then(|p| u16::try_from(p).ok()),
        allow_wide_bind: t.allow_wide_bind,
        auto_start: t.auto_start,
        state: snap.phase.name().to_owned(),
        status: snap.phase.describe(now()),
        since: snap.since,
        last_error: snap.last_error,
        bytes_in: snap.stats.bytes_in,
        bytes_out: snap.stats.bytes_out,
        open_connections: snap.stats.open_connections,
        total_connections: snap.stats.total_connections,
        name: t.name,
        bind_address: t.bind_address,
        target_host: t.target_host,
    }
}

async fn one(st: &AppState, id: i64) -> Result<TunnelView, AppError> {
    let t = store::get(&st.db, id).await.map_err(tunnel_error)?;
    let host = hosts::get(&st.db, t.host_id).await.map(|h| h.name).unwrap_or_default();
    Ok(view(st, t, host))
}

pub async fn list(st: &AppState, can_edit: bool) -> Result<TunnelList, AppError> {
    st.tunnels.prune().await;
    let names: HashMap<i64, String> =
        hosts::list(&st.db).await.map_err(internal("hosts"))?.into_iter().map(|h| (h.id, h.name)).collect();
    let rows = store::list(&st.db).await.map_err(tunnel_error)?;
    let tunnels = rows.into_iter().map(|t| {
        let host = names.get(&t.host_id).cloned().unwrap_or_default();
        view(st, t, host)
    });
    Ok(TunnelList { tunnels: tunnels.collect(), can_edit, now: now() })
}

pub async fn save(st: &AppState, u: &CurrentUser, f: TunnelForm) -> Result<TunnelView, AppError> {
    let input = TunnelInput {
        host_id: f.host_id,
        name: f.name,
        kind: f.kind,
        bind_address: f.bind_address,
        bind_port: f.bind_port,
        target_host: f.target_host,
        target_port: f.target_port,
        allow_wide_bind: f.allow_wide_bind,
        auto_start: f.auto_start,
    };
    let owned = st.license.modules();
    let saved = match f.id {
        None => store::create(&st.db, owned, &input).await,
        Some(id) => store::update(&st.db, owned, id, &input).await,
    }
    .map_err(tunnel_error)?;
    audit::record(&st.db, Some(u.id), &u.username, "tunnel.saved", &meta().ip, &saved.name).await;
    // A running tunnel picks up its new definition at once.
    if f.id.is_some() && st.tunnels.running_ids().contains(&saved.id) {
        st.tunnels.stop(saved.id).await;
        st.tunnels.start(saved.id).await.map_err(tunnel_error)?;
    }
    one(st, saved.id).await
}

pub async fn delete(st: &AppState, u: &CurrentUser, id: i64) -> Result<(), AppError> {
    st.tunnels.stop(id).await;
    let gone = store::delete(&st.db, id).await.map_err(tunnel_error)?;
    audit::record(&st.db, Some(u.id), &u.username, "tunnel.deleted", &meta().ip, &gone.name).await;
    Ok(())
}

pub async fn start(st: &AppState, u: &CurrentUser, id: i64) -> Result<TunnelView, AppError> {
    st.tunnels.start(id).await.map_err(tunnel_error)?;
    let v = one(st, id).await?;
    audit::record(&st.db, Some(u.id), &u.username, "tunnel.started", &meta().ip, &v.name).await;
    Ok(v)
}

pub async fn stop(st: &AppState, u: &CurrentUser, id: i64) -> Result<TunnelView, AppError> {
    st.tunnels.stop(id).await;
    let v = one(st, id).await?;
    audit::record(&st.db, Some(u.id), &u.username, "tunnel.stopped", &meta().ip, &v.name).await;
    Ok(v)
}
