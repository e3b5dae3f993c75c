//! The one SSH connection layer: DNS → TCP → handshake with the host-key check →
//! authentication, each step failing with its own precise error.

use super::hostkeys::{self, Verdict};
use super::hosts::{self, HostError};
use crate::entities::ssh_host;
use crate::vault::Vault;
use russh::client::{self, Handle, Msg};
use russh::keys::{PrivateKeyWithHashAlg, PublicKey};
use russh::{Channel, MethodKind};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

const DNS_TIMEOUT: Duration = Duration::from_secs(5);
const TCP_TIMEOUT: Duration = Duration::from_secs(8);
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(15);

/// Why a connection could not be made, in terms a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConnectError {
    #[error("no such host")]
    NotFound,
    #[error("could not resolve {address}: {reason}")]
    Dns { address: String, reason: String },
    #[error("could not open TCP to {addr}: {reason}")]
    Tcp { addr: String, reason: String },
    #[error("the SSH handshake failed: {reason}")]
    Handshake { reason: String },
    #[error("the server's host key is not trusted yet ({algorithm} {fingerprint})")]
    HostKeyUnknown { algorithm: String, fingerprint: String },
    #[error(
        "WARNING: the server's host key CHANGED (now {algorithm} {fingerprint}, trusted {expected}). \
         Someone could be intercepting the connection; an admin must check and re-trust it"
    )]
    HostKeyChanged { algorithm: String, fingerprint: String, expected: String },
    #[error("authentication as {username} failed (tried {tried}; the server accepts {accepted})")]
    Auth { username: String, tried: String, accepted: String },
    #[error("stored credentials cannot be used: {reason}")]
    Credentials { reason: String },
}

/// A host's `forwarded-tcpip` channels (remote port forwards) go here when asked for.
pub type ForwardedSender = mpsc::UnboundedSender<Forwarded>;

pub struct Forwarded {
    pub channel: Channel<Msg>,
    pub connected_address: String,
    pub connected_port: u32,
    pub originator_address: String,
    pub originator_port: u32,
}

/// russh callbacks: the host-key decision and forwarded channels.
pub struct Client {
    trusted: Vec<crate::entities::ssh_host_key::Model>,
    presented: Arc<Mutex<Option<PublicKey>>>,
    forwarded: Option<ForwardedSender>,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, key: &russh::keys::PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        let key = match key {
            russh::keys::PublicKeyOrCertificate::PublicKey { key, .. } => key.clone(),
            russh::keys::PublicKeyOrCertificate::Certificate(c) => PublicKey::from(c.public_key().clone()),
        };
        let ok = hostkeys::judge(&self.trusted, &key) == Verdict::Trusted;
        if let Ok(mut p) = self.presented.lock() {
            *p = Some(key);
        }
        Ok(ok)
    }

    async fn server_channel_open_forwarded_tcpip(
        &mut self,
        channel: Channel<Msg>,
        connected_address: &str,
        connected_port: u32,
        originator_address: &str,
        originator_port: u32,
        reply: client::ChannelOpenHandle,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        // Without a tunnel asking for them, remote-forwarded channels are refused.
        if let Some(tx) = &self.forwarded {
            reply.accept().await;
            let _ = tx.send(Forwarded {
                channel,
                connected_address: connected_address.to_owned(),
                connected_port,
                originator_address: originator_address.to_owned(),
                originator_port,
            });
        } else {
            reply.reject(russh::ChannelOpenFailure::AdministrativelyProhibited).await;
        }
        Ok(())
    }
}

/// Options for one connection.
#[derive(Default)]
pub struct ConnectOptions {
    /// Receive remote-forwarded channels (tunnels `-R`).
    pub forwarded: Option<ForwardedSender>,
    /// Send keepalives so a dead peer is noticed (long-lived connections).
    pub keepalive: Option<Duration>,
    /// Per-channel message buffer; small keeps memory bounded under floods.
    pub channel_buffer: Option<usize>,
    /// Receive window and largest packet the peer may send us (bulk transfers want
    /// more than russh's 2 MiB / 32 KiB defaults).
    pub window: Option<(u32, u32)>,
}

/// An authenticated SSH connection to a stored host.
pub struct Connection {
    pub handle: Handle<Client>,
    pub host: ssh_host::Model,
    pub peer: SocketAddr,
    pub host_key_fingerprint: String,
}

impl Connection {
    pub async fn close(&self) {
        let _ = self.handle.disconnect(russh::Disconnect::ByApplication, "", "en").await;
    }
}

pub async fn connect(db: &DatabaseConnection, vault: &Vault, host_id: i64, opts: ConnectOptions) -> Result<Connection, ConnectError> {
    let host = hosts::get(db, host_id).await.map_err(|e| match e {
        HostError::NotFound => ConnectError::NotFound,
        other => ConnectError::Credentials { reason: other.to_string() },
    })?;
    let creds = hosts::credentials(vault, &host).map_err(|e| ConnectError::Credentials { reason: e.to_string() })?;
    let trusted = hostkeys::trusted(db, host.id).await.map_err(|e| ConnectError::Credentials { reason: e.to_string() })?;

    let addrs = resolve(&host.address, host.port as u16).await?;
    let (stream, peer) = open_tcp(&addrs).await?;

    let presented = Arc::new(Mutex::new(None));
    let handler = Client { trusted, presented: presented.clone(), forwarded: opts.forwarded };
    let defaults = client::Config::default();
    let (window_size, maximum_packet_size) = opts.window.unwrap_or((defaults.window_size, defaults.maximum_packet_size));
    let config = Arc::new(client::Config {
        keepalive_interval: opts.keepalive,
        keepalive_max: 3,
        channel_buffer_size: opts.channel_buffer.unwrap_or(32),
        nodelay: true,
        window_size,
        maximum_packet_size,
        ..defaults
    });
    let handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, client::connect_stream(config, stream, handler)).await;
    let seen = presented.lock().ok().and_then(|p| p.clone());
    let mut handle = match handshake {
        Err(_) => return Err(ConnectError::Handshake { reason: "timed out (is this an SSH server?)".into() }),
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return Err(handshake_error(db, &host, seen, e).await),
    };
    let fingerprint = seen.as_ref().map(hostkeys::fingerprint).unwrap_or_default();
    authenticate(&mut handle, &host.username, creds).await?;
    Ok(Connection { handle, host, peer, host_key_fingerprint: fingerprint })
}

async fn resolve(address: &str, port: u16) -> Result<Vec<SocketAddr>, ConnectError> {
    let dns = |reason: String| ConnectError::Dns { address: address.to_owned(), reason };
    match tokio::time::timeout(DNS_TIMEOUT, tokio::net::lookup_host((address, port))).await {
        Err(_) => Err(dns("timed out".into())),
        Ok(Err(e)) => Err(dns(e.to_string())),
        Ok(Ok(it)) => {
            let v: Vec<_> = it.collect();
            if v.is_empty() {
                Err(dns("no addresses".into()))
            } else {
                Ok(v)
            }
        }
    }
}

async fn open_tcp(addrs: &[SocketAddr]) -> Result<(tokio::net::TcpStream, SocketAddr), ConnectError> {
    let mut last = String::new();
    for addr in addrs {
        match tokio::time::timeout(TCP_TIMEOUT, tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(s)) => {
                let _ = s.set_nodelay(true);
                return Ok((s, *addr));
            }
            Ok(Err(e)) => last = e.to_string(),
            Err(_) => last = format!("no answer within {} s", TCP_TIMEOUT.as_secs()),
        }
    }
    let shown = addrs.first().map(|a| a.to_string()).unwrap_or_default();
    Err(ConnectError::Tcp { addr: shown, reason: last })
}

async fn handshake_error(db: &DatabaseConnection, host: &ssh_host::Model, seen: Option<PublicKey>, e: russh::Error) -> ConnectError {
    match (e, seen) {
        (russh::Error::UnknownKey, Some(key)) => {
            if let Err(err) = hostkeys::record_pending(db, host.id, &key).await {
                tracing::error!(error = %err, "could not record the presented host key");
            }
            let trusted = hostkeys::trusted(db, host.id).await.unwrap_or_default();
            let algorithm = key.algorithm().as_str().to_owned();
            let fingerprint = hostkeys::fingerprint(&key);
            match hostkeys::judge(&trusted, &key) {
                Verdict::Changed { expected_fingerprint } => {
                    tracing::warn!(host = %host.name, %fingerprint, expected = %expected_fingerprint, "SSH host key changed; connection refused");
                    ConnectError::HostKeyChanged { algorithm, fingerprint, expected: expected_fingerprint }
                }
                _ => ConnectError::HostKeyUnknown { algorithm, fingerprint },
            }
        }
        (other, _) => ConnectError::Handshake { reason: other.to_string() },
    }
}

async fn authenticate(handle: &mut Handle<Client>, username: &str, creds: hosts::Credentials) -> Result<(), ConnectError> {
    let mut tried = Vec::new();
    let mut accepted: Vec<String> = Vec::new();
    let hs = |e: russh::Error| ConnectError::Handshake { reason: e.to_string() };
    if let Some(key) = creds.key {
        tried.push("publickey");
        let hash = if key.algorithm().is_rsa() { handle.best_supported_rsa_hash().await.map_err(hs)?.flatten() } else { None };
        match handle.authenticate_publickey(username, PrivateKeyWithHashAlg::new(Arc::new(key), hash)).await.map_err(hs)? {
            russh::client::AuthResult::Success => return Ok(()),
            russh::client::AuthResult::Failure { remaining_methods, .. } => accepted = names(&remaining_methods),
        }
    }
    if let Some(pw) = creds.password {
        tried.push("password");
        match handle.authenticate_password(username, pw).await.map_err(hs)? {
            russh::client::AuthResult::Success => return Ok(()),
            russh::client::AuthResult::Failure { remaining_methods, .. } => accepted = names(&remaining_methods),
        }
    }
    Err(ConnectError::Auth { username: username.to_owned(), tried: tried.join(", "), accepted: accepted.join(", ") })
}

fn names(set: &russh::MethodSet) -> Vec<String> {
    set.iter().map(|m: &MethodKind| String::from(m)).collect()
}
