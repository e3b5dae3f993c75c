//! The collector: one kept SSH connection per host (keepalive on, reconnect only when
//! it drops), one batched exec per sample on a new channel, bounded concurrency and a
//! per-host start offset so many hosts do not fire at once.

use super::parse::{self, CpuTimes, COMMAND};
use super::store::{self, Outcome};
use super::{compact, settings};
use crate::db::now;
use crate::ssh::{self, hosts, ConnectOptions, Connection};
use crate::vault::Vault;
use russh::ChannelMsg;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, Semaphore};

/// Hosts sampled at the same time, at most.
pub const MAX_CONCURRENT: usize = 8;
const EXEC_TIMEOUT: Duration = Duration::from_secs(20);
const KEEPALIVE: Duration = Duration::from_secs(30);
const MAX_OUTPUT: usize = 1 << 20;
const COMPACT_EVERY: Duration = Duration::from_secs(600);

#[derive(Default)]
struct HostState {
    conn: Option<Arc<Connection>>,
    /// The host row's `updated_at` the connection was made for (edits reconnect).
    version: i64,
    prev: Option<CpuTimes>,
}

struct Inner {
    hosts: Mutex<HashMap<i64, HostState>>,
    wake: Notify,
    limit: Semaphore,
}

/// Cheap to clone; one per server, in `AppState`.
#[derive(Clone)]
pub struct MetricsCollector {
    inner: Arc<Inner>,
}

impl Default for MetricsCollector {
    fn default() -> Self {
        let inner = Inner { hosts: Mutex::default(), wake: Notify::new(), limit: Semaphore::new(MAX_CONCURRENT) };
        MetricsCollector { inner: Arc::new(inner) }
    }
}

/// Where in the spread host `id` starts: a fixed fraction in [0, 1).
fn offset(id: i64) -> f64 {
    ((id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11) as f64 / (1u64 << 53) as f64
}

impl MetricsCollector {
    pub fn new() -> Self {
        Self::default()
    }

    /// Ends the current wait so a changed interval applies now.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// Hosts with an open connection right now.
    pub fn connected(&self) -> usize {
        self.inner.hosts.lock().map(|m| m.values().filter(|h| h.conn.as_ref().is_some_and(|c| !c.handle.is_closed())).count()).unwrap_or(0)
    }

    /// One sample of every host (the host list is re-read each round), stored in one
    /// transaction. Host `i` starts after `spread × offset(i)`.
    pub async fn round(&self, db: &DatabaseConnection, vault: &Vault, spread: Duration) -> Result<Vec<Outcome>, sea_orm::DbErr> {
        let list = hosts::list(db).await.map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
        let gone: Vec<Arc<Connection>> = {
            let mut map = self.inner.hosts.lock().map_err(|_| sea_orm::DbErr::Custom("poisoned".into()))?;
            let ids: Vec<i64> = map.keys().copied().filter(|id| !list.iter().any(|h| h.id == *id)).collect();
            ids.into_iter().filter_map(|id| map.remove(&id).and_then(|h| h.conn)).collect()
        };
        for c in gone {
            c.close().await;
        }
        let mut tasks = tokio::task::JoinSet::new();
        for h in list {
            let (me, db, vault) = (self.clone(), db.clone(), vault.clone());
            let delay = spread.mul_f64(offset(h.id));
            tasks.spawn(async move {
                tokio::time::sleep(delay).await;
                let _permit = me.inner.limit.acquire().await.ok();
                me.sample(&db, &vault, h.id, h.updated_at).await
            });
        }
        let mut outcomes = Vec::new();
        while let Some(r) = tasks.join_next().await {
            match r {
                Ok(o) => outcomes.push(o),
                Err(e) => tracing::error!(error = %e, "metrics task failed"),
            }
        }
        store::save_round(db, &outcomes).await?;
        Ok(outcomes)
    }

    async fn sample(&self, db: &DatabaseConnection, vault: &Vault, host_id: i64, version: i64) -> Outcome {
        let (kept, prev) = {
            let mut map = self.inner.hosts.lock().unwrap_or_else(|p| p.into_inner());
            let st = map.entry(host_id).or_default();
            if st.version != version {
                st.conn = None;
                st.version = version;
            }
            (st.conn.clone().filter(|c| !c.handle.is_closed()), st.prev)
        };
        let result = match kept {
            Some(conn) => match exec(&conn).await {
                Ok(out) => Ok((conn, out)),
                // The kept connection dropped: one fresh connection, one retry.
                Err(e) => {
                    tracing::debug!(host_id, error = %e, "metrics connection lost; reconnecting");
                    self.fresh(db, vault, host_id).await
                }
            },
            None => self.fresh(db, vault, host_id).await,
        };
        let at = now();
        let (conn, out) = match result {
            Ok(v) => v,
            Err(error) => {
                self.set(host_id, None, None);
                return Outcome::Failed { host_id, at, error };
            }
        };
        match parse::parse(&out) {
            Ok(reading) => {
                let cpu_pct = prev.and_then(|p| parse::cpu_pct(p, reading.cpu));
                self.set(host_id, Some(conn), Some(reading.cpu));
                Outcome::Ok { host_id, at, cpu_pct, reading }
            }
            Err(e) => {
                self.set(host_id, Some(conn), prev);
                Outcome::Failed { host_id, at, error: e.to_string() }
            }
        }
    }

    async fn fresh(&self, db: &DatabaseConnection, vault: &Vault, host_id: i64) -> Result<(Arc<Connection>, String), String> {
        let opts = ConnectOptions { keepalive: Some(KEEPALIVE), channel_buffer: Some(16), ..Default::default() };
        let conn = Arc::new(ssh::connect(db, vault, host_id, opts).await.map_err(|e| e.to_string())?);
        let out = exec(&conn).await;
        match out {
            Ok(out) => Ok((conn, out)),
            Err(e) => {
                conn.close().await;
                Err(e)
            }
        }
    }

    fn set(&self, host_id: i64, conn: Option<Arc<Connection>>, prev: Option<CpuTimes>) {
        let mut map = self.inner.hosts.lock().unwrap_or_else(|p| p.into_inner());
        let st = map.entry(host_id).or_default();
        st.conn = conn;
        st.prev = prev;
    }

    /// Runs forever: a round every interval (re-read each time), compaction every 10 min.
    pub fn spawn(&self, db: DatabaseConnection, vault: Vault) -> tokio::task::JoinHandle<()> {
        let me = self.clone();
        tokio::spawn(async move {
            let mut compacted: Option<Instant> = None;
            loop {
                let interval = Duration::from_secs(settings::interval(&db).await);
                let started = Instant::now();
                if let Err(e) = me.round(&db, &vault, interval / 2).await {
                    tracing::error!(error = %e, "metrics round failed");
                }
                if compacted.is_none_or(|t| t.elapsed() >= COMPACT_EVERY) {
                    match compact::compact(&db, now()).await {
                        Ok(c) => tracing::debug!(?c, "metrics compacted"),
                        Err(e) => tracing::error!(error = %e, "metrics compaction failed"),
                    }
                    compacted = Some(Instant::now());
                }
                let wait = interval.saturating_sub(started.elapsed());
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = me.inner.wake.notified() => {}
                }
            }
        })
    }
}

/// Runs the sample command on a new channel of `conn`.
async fn exec(conn: &Connection) -> Result<String, String> {
    let run = async {
        let mut ch = conn.handle.channel_open_session().await.map_err(|e| format!("could not open a channel: {e}"))?;
        ch.exec(true, COMMAND).await.map_err(|e| format!("could not run the metrics command: {e}"))?;
        let mut out = Vec::new();
        while let Some(msg) = ch.wait().await {
            match msg {
                ChannelMsg::Data { data } => {
                    out.extend_from_slice(&data);
                    if out.len() > MAX_OUTPUT {
                        return Err("the metrics command printed too much".to_owned());
                    }
                }
                ChannelMsg::Close => break,
                _ => {}
            }
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    };
    tokio::time::timeout(EXEC_TIMEOUT, run)
        .await
        .unwrap_or_else(|_| Err(format!("the metrics command did not finish within {} s", EXEC_TIMEOUT.as_secs())))
}
