//! Listening side of local (`-L`) and dynamic (`-D`, SOCKS5) tunnels: accept on the
//! bound port, open a `direct-tcpip` channel per connection, pump bytes.

use super::manager::{Ended, Live, Phase, LIVENESS_TICK};
use super::socks;
use super::stats::pump;
use crate::ssh::connect::Client;
use russh::client::Handle;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

const SOCKS_HANDSHAKE: Duration = Duration::from_secs(30);

/// Serves until cancelled or the SSH session ends. `target` None means SOCKS5.
pub async fn serve(
    target: Option<&(String, u16)>,
    handle: &Arc<Handle<Client>>,
    listener: &TcpListener,
    live: &Arc<Live>,
    cancel: &CancellationToken,
) -> Ended {
    live.set(Phase::Up);
    let mut conns = JoinSet::new();
    let mut tick = tokio::time::interval(LIVENESS_TICK);
    loop {
        tokio::select! {
            _ = cancel.cancelled() => return Ended::Cancelled,
            _ = tick.tick() => if handle.is_closed() {
                return Ended::Lost("the SSH connection was lost".into());
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((sock, peer)) => {
                    let (h, l, t) = (handle.clone(), live.clone(), target.cloned());
                    conns.spawn(async move {
                        let _open = l.stats.open_guard();
                        let _ = sock.set_nodelay(true);
                        match t {
                            Some((host, port)) => forward(&h, &l, sock, peer, &host, port).await,
                            None => socks_one(&h, &l, sock, peer).await,
                        }
                    });
                }
                Err(e) => {
                    // Usually "too many open files": wait a moment instead of spinning.
                    live.note_error(format!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            },
        }
    }
}

async fn forward(h: &Handle<Client>, live: &Live, sock: TcpStream, peer: SocketAddr, host: &str, port: u16) {
    match h.channel_open_direct_tcpip(host, u32::from(port), peer.ip().to_string(), u32::from(peer.port())).await {
        Ok(ch) => {
            if let Err(e) = pump(&live.stats, sock, ch.into_stream()).await {
                tracing::debug!(error = %e, "local tunnel connection ended");
            }
        }
        Err(e) => live.note_error(format!("the SSH server could not connect to {}: {e}", super::join_host_port(host, port))),
    }
}

async fn socks_one(h: &Handle<Client>, live: &Live, mut sock: TcpStream, peer: SocketAddr) {
    let (host, port) = match tokio::time::timeout(SOCKS_HANDSHAKE, socks::accept(&mut sock)).await {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return live.note_error(format!("SOCKS client {peer}: {e}")),
        Err(_) => return live.note_error(format!("SOCKS client {peer}: no request within {} s", SOCKS_HANDSHAKE.as_secs())),
    };
    match h.channel_open_direct_tcpip(host.as_str(), u32::from(port), peer.ip().to_string(), u32::from(peer.port())).await {
        Ok(ch) => {
            if socks::reply(&mut sock, socks::rep::SUCCEEDED).await.is_ok() {
                if let Err(e) = pump(&live.stats, sock, ch.into_stream()).await {
                    tracing::debug!(error = %e, "SOCKS connection ended");
                }
            }
        }
        Err(e) => {
            let _ = socks::reply(&mut sock, socks::code_for(&e)).await;
            live.note_error(format!("the SSH server could not connect to {}: {e}", super::join_host_port(&host, port)));
        }
    }
}
