//! Remote (`-R`) tunnels: ask the SSH server to listen (`tcpip-forward`), and connect
//! each forwarded channel to the local target.

use super::manager::{Ended, Live, Phase, LIVENESS_TICK};
use super::stats::pump;
use super::{join_host_port, Spec};
use crate::ssh::connect::{Client, Forwarded};
use russh::client::Handle;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

const TARGET_CONNECT: Duration = Duration::from_secs(10);

pub async fn serve(
    spec: &Spec,
    target: &(String, u16),
    handle: &Arc<Handle<Client>>,
    mut forwarded: UnboundedReceiver<Forwarded>,
    live: &Arc<Live>,
    cancel: &CancellationToken,
) -> Ended {
    let bind = spec.bind_display();
    match handle.tcpip_forward(spec.bind_address.as_str(), u32::from(spec.bind_port)).await {
        Ok(_) => {}
        Err(e) => {
            return Ended::Refused(format!(
                "the SSH server refused to listen on {bind} ({e}): the port may be in use there, or forwarding is disabled"
            ))
        }
    }
    live.set(Phase::Up);
    let mut conns = JoinSet::new();
    let mut tick = tokio::time::interval(LIVENESS_TICK);
    loop {
        tokio::select! {
            _ = cancel.cancelled() => {
                let undo = handle.cancel_tcpip_forward(spec.bind_address.as_str(), u32::from(spec.bind_port));
                let _ = tokio::time::timeout(Duration::from_secs(1), undo).await;
                return Ended::Cancelled;
            }
            _ = tick.tick() => if handle.is_closed() {
                return Ended::Lost("the SSH connection was lost".into());
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            f = forwarded.recv() => match f {
                None => return Ended::Lost("the SSH connection was lost".into()),
                Some(f) => {
                    let (l, t) = (live.clone(), target.clone());
                    conns.spawn(async move { one(&l, f, &t.0, t.1).await });
                }
            },
        }
    }
}

async fn one(live: &Live, f: Forwarded, host: &str, port: u16) {
    let _open = live.stats.open_guard();
    let shown = join_host_port(host, port);
    let sock = match tokio::time::timeout(TARGET_CONNECT, TcpStream::connect((host, port))).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return live.note_error(format!("could not connect to {shown}: {e}")),
        Err(_) => return live.note_error(format!("could not connect to {shown}: no answer within {} s", TARGET_CONNECT.as_secs())),
    };
    let _ = sock.set_nodelay(true);
    if let Err(e) = pump(&live.stats, f.channel.into_stream(), sock).await {
        tracing::debug!(error = %e, "remote tunnel connection ended");
    }
}
