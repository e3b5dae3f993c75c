//! SFTP sessions: one SSH connection with the `sftp` subsystem per (user, host),
//! cached so browsing does not reconnect on every click, and closed after being idle.

use super::errors::{FsError, FsResult};
use crate::ssh::{connect, ConnectOptions, Connection};
use crate::vault::Vault;
use russh_sftp::client::SftpSession;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an unused session stays open.
pub const IDLE: Duration = Duration::from_secs(300);
/// Seconds an SFTP request may take before the session is considered dead.
const REQUEST_TIMEOUT_SECS: u64 = 60;
// Transfer tuning, measured with `scripts/bench-sftp` (1 GiB through the HTTP routes
// against OpenSSH `sftp`): the server may send up to 8 MiB ahead in packets of up to
// 64 KiB (the most russh accepts without logging an error; downloads), and uploads
// go out as 16 concurrent writes of up to 255 KiB, the size OpenSSH's sftp-server
// announces as its limit. Both keep memory per transfer to a few MiB.
const WINDOW: u32 = 8 * 1024 * 1024;
const MAX_PACKET: u32 = 65535;
const WRITE_LEN: u32 = 255 * 1024;

/// An open SFTP session on an authenticated connection.
pub struct Sftp {
    pub sftp: SftpSession,
    conn: Connection,
    last_used: Mutex<Instant>,
    users: tokio::sync::OnceCell<HashMap<u32, String>>,
}

impl Sftp {
    /// Opens the `sftp` subsystem on a fresh connection to `host_id`.
    pub async fn open(db: &DatabaseConnection, vault: &Vault, host_id: i64) -> FsResult<Sftp> {
        let opts = ConnectOptions {
            keepalive: Some(Duration::from_secs(30)),
            channel_buffer: Some(64),
            window: Some((WINDOW, MAX_PACKET)),
            ..Default::default()
        };
        let conn = connect(db, vault, host_id, opts).await.map_err(FsError::Connect)?;
        let session = |e: russh::Error| FsError::Session(e.to_string());
        let channel = conn.handle.channel_open_session().await.map_err(session)?;
        channel.request_subsystem(true, "sftp").await.map_err(session)?;
        let cfg = russh_sftp::client::Config {
            request_timeout_secs: REQUEST_TIMEOUT_SECS,
            max_write_packet_len: WRITE_LEN,
            ..Default::default()
        };
        let sftp = SftpSession::new_with_config(channel.into_stream(), cfg)
            .await
            .map_err(|e| FsError::Session(format!("the server did not start SFTP: {e}")))?;
        Ok(Sftp { sftp, conn, last_used: Mutex::new(Instant::now()), users: tokio::sync::OnceCell::new() })
    }

    pub fn is_closed(&self) -> bool {
        self.conn.handle.is_closed()
    }

    fn touch(&self) {
        if let Ok(mut t) = self.last_used.lock() {
            *t = Instant::now();
        }
    }

    fn idle_for(&self) -> Duration {
        self.last_used.lock().map(|t| t.elapsed()).unwrap_or_default()
    }

    /// uid → user name from the remote `/etc/passwd` (read once; empty when unreadable).
    pub async fn user_names(&self) -> &HashMap<u32, String> {
        self.users
            .get_or_init(|| async {
                let Ok(bytes) = self.sftp.read("/etc/passwd").await else { return HashMap::new() };
                parse_passwd(&String::from_utf8_lossy(&bytes))
            })
            .await
    }

    /// The uid this session's SSH user has on the remote host (from `/etc/passwd`).
    pub async fn own_uid(&self) -> Option<u32> {
        let me = self.conn.host.username.as_str();
        self.user_names().await.iter().find(|(_, name)| name.as_str() == me).map(|(uid, _)| *uid)
    }

    pub async fn close(&self) {
        let _ = self.sftp.close().await;
        self.conn.close().await;
    }
}

pub fn parse_passwd(text: &str) -> HashMap<u32, String> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?;
            let uid = f.nth(1)?.parse().ok()?;
            Some((uid, name.to_owned()))
        })
        .collect()
}

type Key = (i32, i64);

/// The per-(user, host) session cache. Cheap to clone.
#[derive(Clone, Default)]
pub struct SftpPool {
    inner: Arc<tokio::sync::Mutex<HashMap<Key, Arc<Sftp>>>>,
}

impl SftpPool {
    /// The cached session for `user_id` on `host_id`, opening one when there is none
    /// or the cached one died.
    pub async fn get(&self, db: &DatabaseConnection, vault: &Vault, user_id: i32, host_id: i64) -> FsResult<Arc<Sftp>> {
        let key = (user_id, host_id);
        if let Some(s) = self.cached(key).await {
            return Ok(s);
        }
        // Connect without holding the lock: a slow host must not stall other users.
        let fresh = Arc::new(Sftp::open(db, vault, host_id).await?);
        let mut map = self.inner.lock().await;
        match map.get(&key) {
            Some(s) if !s.is_closed() => {
                let s = s.clone();
                drop(map);
                fresh.close().await;
                Ok(s)
            }
            _ => {
                map.insert(key, fresh.clone());
                Ok(fresh)
            }
        }
    }

    async fn cached(&self, key: Key) -> Option<Arc<Sftp>> {
        let mut map = self.inner.lock().await;
        match map.get(&key) {
            Some(s) if !s.is_closed() => {
                s.touch();
                Some(s.clone())
            }
            Some(_) => {
                map.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Drops a session after it failed (the next `get` reconnects).
    pub async fn evict(&self, user_id: i32, host_id: i64) {
        if let Some(s) = self.inner.lock().await.remove(&(user_id, host_id)) {
            s.close().await;
        }
    }

    /// Drops every session of a host (e.g. when the host is edited or deleted).
    pub async fn evict_host(&self, host_id: i64) {
        let gone: Vec<_> = {
            let mut map = self.inner.lock().await;
            let keys: Vec<Key> = map.keys().filter(|k| k.1 == host_id).copied().collect();
            keys.into_iter().filter_map(|k| map.remove(&k)).collect()
        };
        for s in gone {
            s.close().await;
        }
    }

    /// Closes sessions idle for longer than [`IDLE`] and nobody holds.
    pub async fn reap(&self) {
        let gone: Vec<_> = {
            let mut map = self.inner.lock().await;
            let keys: Vec<Key> = map
                .iter()
                .filter(|(_, s)| s.is_closed() || (s.idle_for() > IDLE && Arc::strong_count(s) == 1))
                .map(|(k, _)| *k)
                .collect();
            keys.into_iter().filter_map(|k| map.remove(&k)).collect()
        };
        for s in gone {
            s.close().await;
        }
    }

    /// Runs [`reap`](Self::reap) every minute for the life of the process.
    pub fn spawn_reaper(&self) {
        let pool = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                pool.reap().await;
            }
        });
    }

    pub async fn len(&self) -> usize {
        self.inner.lock().await.len()
    }

    pub async fn is_empty(&self) -> bool {
        self.len().await == 0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwd_lines_map_uids() {
        let m = super::parse_passwd("root:x:0:0:root:/root:/bin/bash\nbad line\nbob:x:1000:1000::/home/bob:/bin/sh\n");
        assert_eq!(m.get(&0).map(String::as_str), Some("root"));
        assert_eq!(m.get(&1000).map(String::as_str), Some("bob"));
        assert_eq!(m.len(), 2);
    }
}
