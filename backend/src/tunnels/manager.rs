//! The tunnel manager: owns running tunnels as tokio tasks (one SSH connection each),
//! their live state, and the reconnect loop with exponential backoff.

use super::stats::{Stats, StatsSnapshot};
use super::{local, remote, store, Kind, Spec, TunnelError};
use crate::db::now;
use crate::ssh::{self, ConnectError, ConnectOptions};
use crate::vault::Vault;
use archnest_modules::{Module, ModuleSet};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub const KEEPALIVE: Duration = Duration::from_secs(15);
const BACKOFF_START: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(60);
const STOP_GRACE: Duration = Duration::from_secs(3);
/// How often a serving loop looks whether the SSH session has ended.
pub(super) const LIVENESS_TICK: Duration = Duration::from_millis(250);

/// Where a tunnel is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Stopped,
    /// Connecting now (`retry_at` None) or waiting until `retry_at` (unix seconds);
    /// `reason` is why the previous attempt or connection ended.
    Connecting { retry_at: Option<i64>, reason: Option<String> },
    Up,
    Failed { reason: String },
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Stopped => "stopped",
            Phase::Connecting { .. } => "connecting",
            Phase::Up => "up",
            Phase::Failed { .. } => "failed",
        }
    }

    /// "connecting (retry in 4 s): could not open TCP …" — what the UI shows.
    pub fn describe(&self, now: i64) -> String {
        match self {
            Phase::Stopped => "stopped".into(),
            Phase::Up => "up".into(),
            Phase::Failed { reason } => format!("failed: {reason}"),
            Phase::Connecting { retry_at: Some(at), reason } => {
                let wait = (at - now).max(0);
                match reason {
                    Some(r) => format!("connecting (retry in {wait} s): {r}"),
                    None => format!("connecting (retry in {wait} s)"),
                }
            }
            Phase::Connecting { retry_at: None, reason: Some(r) } => format!("connecting (retrying now): {r}"),
            Phase::Connecting { retry_at: None, reason: None } => "connecting".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub phase: Phase,
    /// When the phase last changed (unix seconds); None when never started.
    pub since: Option<i64>,
    pub last_error: Option<String>,
    pub stats: StatsSnapshot,
}

/// State shared between a running tunnel's tasks and the manager.
#[derive(Debug)]
pub struct Live {
    pub stats: Arc<Stats>,
    state: Mutex<(Phase, i64, Option<String>)>,
}

impl Live {
    fn new(phase: Phase) -> Live {
        Live { stats: Arc::default(), state: Mutex::new((phase, now(), None)) }
    }

    pub fn set(&self, phase: Phase) {
        if let Ok(mut s) = self.state.lock() {
            if let Phase::Failed { reason } | Phase::Connecting { reason: Some(reason), .. } = &phase {
                s.2 = Some(reason.clone());
            }
            if s.0.name() != phase.name() {
                s.1 = now();
            }
            s.0 = phase;
        }
    }

    /// Records a per-connection error (target refused, SOCKS protocol error…).
    pub fn note_error(&self, e: String) {
        tracing::debug!(error = %e, "tunnel connection error");
        if let Ok(mut s) = self.state.lock() {
            s.2 = Some(e);
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        let (phase, since, last_error) = self.state.lock().map(|s| s.clone()).unwrap_or((Phase::Stopped, 0, None));
        Snapshot { phase, since: Some(since), last_error, stats: self.stats.snapshot() }
    }
}

/// How one connected session ended.
pub enum Ended {
    Cancelled,
    /// The connection dropped; try again.
    Lost(String),
    /// The server refused the forward itself (e.g. remote port in use).
    Refused(String),
}

struct Run {
    live: Arc<Live>,
    cancel: CancellationToken,
    task: Option<JoinHandle<()>>,
}

#[derive(Clone)]
pub struct TunnelManager {
    db: DatabaseConnection,
    vault: Vault,
    runs: Arc<Mutex<HashMap<i64, Run>>>,
}

impl TunnelManager {
    pub fn new(db: DatabaseConnection, vault: Vault) -> TunnelManager {
        TunnelManager { db, vault, runs: Arc::default() }
    }

    pub fn snapshot(&self, id: i64) -> Snapshot {
        let live = self.runs.lock().ok().and_then(|r| r.get(&id).map(|r| r.live.clone()));
        live.map(|l| l.snapshot()).unwrap_or(Snapshot { phase: Phase::Stopped, since: None, last_error: None, stats: StatsSnapshot::default() })
    }

    /// Starts a stored tunnel. Binding a local port happens here, so "port in use"
    /// comes back at once (and is also shown as the tunnel's failed state).
    pub async fn start(&self, id: i64) -> Result<(), TunnelError> {
        let row = store::get(&self.db, id).await?;
        let spec = store::spec_of(&row)?;
        let mut runs = self.runs.lock().map_err(|_| TunnelError::Failed("tunnel table poisoned".into()))?;
        if let Some(r) = runs.get(&id) {
            if !matches!(r.live.snapshot().phase, Phase::Failed { .. } | Phase::Stopped) {
                return Ok(());
            }
        }
        let listener = match spec.kind {
            Kind::Remote => None,
            Kind::Local | Kind::Dynamic => match bind(&spec) {
                Ok(l) => Some(l),
                Err(reason) => {
                    let live = Arc::new(Live::new(Phase::Failed { reason: reason.clone() }));
                    live.set(Phase::Failed { reason: reason.clone() });
                    runs.insert(id, Run { live, cancel: CancellationToken::new(), task: None });
                    return Err(TunnelError::Failed(reason));
                }
            },
        };
        let live = Arc::new(Live::new(Phase::Connecting { retry_at: None, reason: None }));
        let cancel = CancellationToken::new();
        let task = tokio::spawn(run(self.clone(), spec, listener, live.clone(), cancel.clone()));
        runs.insert(id, Run { live, cancel, task: Some(task) });
        Ok(())
    }

    /// Stops a tunnel: cancels its tasks, closes its listener and SSH connection.
    pub async fn stop(&self, id: i64) {
        let run = self.runs.lock().ok().and_then(|mut r| r.remove(&id));
        if let Some(run) = run {
            run.cancel.cancel();
            if let Some(mut task) = run.task {
                if tokio::time::timeout(STOP_GRACE, &mut task).await.is_err() {
                    task.abort();
                    let _ = task.await;
                }
            }
        }
    }

    pub fn running_ids(&self) -> Vec<i64> {
        self.runs.lock().map(|r| r.keys().copied().collect()).unwrap_or_default()
    }

    /// Stops tunnels whose definition is gone (deleted, or their host was deleted).
    pub async fn prune(&self) {
        let Ok(rows) = store::list(&self.db).await else { return };
        for id in self.running_ids() {
            if !rows.iter().any(|t| t.id == id) {
                self.stop(id).await;
            }
        }
    }

    /// At boot: starts tunnels marked auto-start, when the module is licensed.
    pub async fn start_auto(&self, owned: ModuleSet) -> usize {
        if !owned.contains(Module::TunnelAutoStart) {
            return 0;
        }
        let rows = match store::list(&self.db).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "cannot list tunnels for auto-start");
                return 0;
            }
        };
        let mut started = 0;
        for t in rows.into_iter().filter(|t| t.auto_start) {
            match self.start(t.id).await {
                Ok(()) => started += 1,
                Err(e) => tracing::warn!(tunnel = %t.name, error = %e, "auto-start failed"),
            }
        }
        started
    }
}

fn bind(spec: &Spec) -> Result<TcpListener, String> {
    let shown = spec.bind_display();
    let fail = |e: std::io::Error| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse { " (another program uses this port)" } else { "" };
        format!("could not listen on {shown}: {e}{hint}")
    };
    let ip: std::net::IpAddr = spec.bind_address.parse().map_err(|_| format!("{} is not an IP address", spec.bind_address))?;
    let addr = std::net::SocketAddr::new(ip, spec.bind_port);
    let sock = if ip.is_ipv4() { tokio::net::TcpSocket::new_v4() } else { tokio::net::TcpSocket::new_v6() }.map_err(fail)?;
    sock.set_reuseaddr(true).map_err(fail)?;
    sock.bind(addr).map_err(fail)?;
    sock.listen(1024).map_err(fail)
}

/// Errors that retrying cannot fix: the user must act.
fn permanent(e: &ConnectError) -> bool {
    !matches!(e, ConnectError::Dns { .. } | ConnectError::Tcp { .. } | ConnectError::Handshake { .. })
}

struct Backoff(Duration);

impl Backoff {
    /// The next wait (with ±20 % jitter so many tunnels do not retry in lockstep).
    fn next(&mut self) -> Duration {
        let base = self.0;
        self.0 = (self.0 * 2).min(BACKOFF_MAX);
        let mut b = [0u8; 2];
        let _ = getrandom::fill(&mut b);
        let jitter = 0.8 + 0.4 * f64::from(u16::from_le_bytes(b)) / f64::from(u16::MAX);
        base.mul_f64(jitter)
    }
}

async fn run(mgr: TunnelManager, spec: Spec, listener: Option<TcpListener>, live: Arc<Live>, cancel: CancellationToken) {
    let mut backoff = Backoff(BACKOFF_START);
    let mut was_up = false;
    let mut reason: Option<String> = None;
    loop {
        live.set(Phase::Connecting { retry_at: None, reason: reason.clone() });
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let forwarded = (spec.kind == Kind::Remote).then_some(tx);
        let opts = ConnectOptions { forwarded, keepalive: Some(KEEPALIVE), ..Default::default() };
        let conn = tokio::select! {
            _ = cancel.cancelled() => return live.set(Phase::Stopped),
            c = ssh::connect(&mgr.db, &mgr.vault, spec.host_id, opts) => c,
        };
        let why = match conn {
            Err(e) if !was_up || permanent(&e) => return live.set(Phase::Failed { reason: e.to_string() }),
            Err(e) => e.to_string(),
            Ok(conn) => {
                let handle = Arc::new(conn.handle);
                let ended = match (spec.kind, &listener, &spec.target) {
                    (Kind::Remote, _, Some(target)) => remote::serve(&spec, target, &handle, rx, &live, &cancel).await,
                    (_, Some(l), target) => local::serve(target.as_ref(), &handle, l, &live, &cancel).await,
                    _ => Ended::Refused("this tunnel has no listener or target".into()),
                };
                let bye = handle.disconnect(russh::Disconnect::ByApplication, "tunnel stopped", "en");
                let _ = tokio::time::timeout(Duration::from_secs(1), bye).await;
                match ended {
                    Ended::Cancelled => return live.set(Phase::Stopped),
                    Ended::Refused(r) if !was_up => return live.set(Phase::Failed { reason: r }),
                    Ended::Refused(r) | Ended::Lost(r) => {
                        was_up = true;
                        backoff = Backoff(BACKOFF_START);
                        r
                    }
                }
            }
        };
        tracing::info!(tunnel = %spec.name, reason = %why, "tunnel down; reconnecting");
        let wait = backoff.next();
        let retry_at = now() + wait.as_secs_f64().ceil() as i64;
        live.set(Phase::Connecting { retry_at: Some(retry_at), reason: Some(why.clone()) });
        reason = Some(why);
        tokio::select! {
            _ = cancel.cancelled() => return live.set(Phase::Stopped),
            _ = tokio::time::sleep(wait) => {}
        }
    }
}
