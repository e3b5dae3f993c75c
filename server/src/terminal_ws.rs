//! `GET /api/terminal/ws?host=<id>&cols=<n>&rows=<n>`: one browser terminal, bridged
//! to a PTY shell over the SSH connection layer. See `archnest_app::terminal_protocol`
//! for frames and flow control.
//!
//! Three tasks per session so no direction can starve another: the socket reader
//! (input, acks, resizes, pings), the SSH writer (input towards the remote), and the
//! output loop (remote output to the socket, bounded by the acknowledged window).

use crate::ServerState;
use archnest_app::terminal_protocol::{ClientMsg, HostKeyPrompt, ServerMsg, MAX_PENDING_INPUT, WINDOW};
use archnest_backend::auth::CurrentUser;
use archnest_backend::ssh::{self, ConnectError, ConnectOptions};
use archnest_backend::audit;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::{FutureExt, SinkExt, StreamExt};
use russh::ChannelMsg;
use serde::Deserialize;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, Notify};

#[derive(Debug, Deserialize)]
pub struct TermQuery {
    host: i64,
    #[serde(default = "default_cols")]
    cols: u32,
    #[serde(default = "default_rows")]
    rows: u32,
}

fn default_cols() -> u32 {
    80
}
fn default_rows() -> u32 {
    24
}

pub async fn upgrade(
    State(st): State<ServerState>,
    user: Option<Extension<CurrentUser>>,
    Query(q): Query<TermQuery>,
    meta: Option<Extension<archnest_backend::auth::web::RequestMeta>>,
    ws: WebSocketUpgrade,
) -> Response {
    let Some(Extension(user)) = user else { return StatusCode::UNAUTHORIZED.into_response() };
    let ip = meta.map(|Extension(m)| m.ip).unwrap_or_default();
    ws.max_message_size(1 << 20).on_upgrade(move |socket| session(st, user, ip, q, socket))
}

enum Input {
    Data(bytes::Bytes),
    Resize(u32, u32),
}

enum Control {
    Pong,
    ClientGone,
    Flood,
}

/// What the output loop handles next.
enum Event {
    Ssh(Option<ChannelMsg>),
    Control(Option<Control>),
}

/// Largest binary frame the output loop builds from waiting SSH output.
const FRAME_MAX: usize = 64 * 1024;

async fn send(tx: &mut futures_util::stream::SplitSink<WebSocket, Message>, msg: &ServerMsg) -> bool {
    let text = serde_json::to_string(msg).unwrap_or_default();
    tx.send(Message::Text(text.into())).await.is_ok()
}

fn prompt(host_id: i64, e: &ConnectError) -> Option<HostKeyPrompt> {
    match e {
        ConnectError::HostKeyUnknown { algorithm, fingerprint } => Some(HostKeyPrompt {
            host_id,
            algorithm: algorithm.clone(),
            fingerprint: fingerprint.clone(),
            changed: false,
            expected: None,
        }),
        ConnectError::HostKeyChanged { algorithm, fingerprint, expected } => Some(HostKeyPrompt {
            host_id,
            algorithm: algorithm.clone(),
            fingerprint: fingerprint.clone(),
            changed: true,
            expected: Some(expected.clone()),
        }),
        _ => None,
    }
}

async fn session(st: ServerState, user: CurrentUser, ip: String, q: TermQuery, socket: WebSocket) {
    let (mut tx, mut rx) = socket.split();
    let db = &st.app.db;
    let opts = ConnectOptions { keepalive: Some(Duration::from_secs(30)), channel_buffer: Some(16), ..Default::default() };
    let conn = match ssh::connect(db, &st.app.vault, q.host, opts).await {
        Ok(c) => c,
        Err(e) => {
            send(&mut tx, &ServerMsg::Error { message: e.to_string(), host_key: prompt(q.host, &e) }).await;
            let _ = tx.close().await;
            return;
        }
    };
    let channel = match ssh::shell::open(&conn, q.cols, q.rows).await {
        Ok(c) => c,
        Err(e) => {
            send(&mut tx, &ServerMsg::Error { message: format!("the server refused a shell: {e}"), host_key: None }).await;
            conn.close().await;
            return;
        }
    };
    let id = uuid::Uuid::new_v4().to_string();
    audit::record(db, Some(user.id), &user.username, "terminal.opened", &ip, &format!("{} ({id})", conn.host.name)).await;
    let ready = ServerMsg::Ready { session: id.clone(), host: conn.host.name.clone(), fingerprint: conn.host_key_fingerprint.clone() };
    if !send(&mut tx, &ready).await {
        conn.close().await;
        return;
    }

    let (mut reader, writer) = channel.split();
    let acked = Arc::new(AtomicU64::new(0));
    let ack_signal = Arc::new(Notify::new());
    let pending_input = Arc::new(AtomicUsize::new(0));
    let (in_tx, mut in_rx) = mpsc::unbounded_channel::<Input>();
    let (ctl_tx, mut ctl_rx) = mpsc::unbounded_channel::<Control>();

    // Socket reader: never blocks on SSH, so acks and pings always get through.
    let socket_reader = {
        let (acked, ack_signal, pending_input) = (acked.clone(), ack_signal.clone(), pending_input.clone());
        tokio::spawn(async move {
            while let Some(Ok(msg)) = rx.next().await {
                match msg {
                    Message::Binary(data) => {
                        if pending_input.fetch_add(data.len(), Ordering::AcqRel) + data.len() > MAX_PENDING_INPUT {
                            let _ = ctl_tx.send(Control::Flood);
                            return;
                        }
                        let _ = in_tx.send(Input::Data(data));
                    }
                    Message::Text(text) => match serde_json::from_str::<ClientMsg>(&text) {
                        Ok(ClientMsg::Ack { bytes }) => {
                            acked.fetch_max(bytes, Ordering::AcqRel);
                            ack_signal.notify_one();
                        }
                        Ok(ClientMsg::Resize { cols, rows }) => {
                            let _ = in_tx.send(Input::Resize(cols.clamp(2, 1000), rows.clamp(1, 500)));
                        }
                        Ok(ClientMsg::Ping) => {
                            let _ = ctl_tx.send(Control::Pong);
                        }
                        Err(_) => {}
                    },
                    Message::Close(_) => break,
                    _ => {}
                }
            }
            let _ = ctl_tx.send(Control::ClientGone);
        })
    };

    // SSH writer: input and resizes, in order.
    let ssh_writer = {
        let pending_input = pending_input.clone();
        tokio::spawn(async move {
            while let Some(input) = in_rx.recv().await {
                let ok = match input {
                    Input::Data(d) => {
                        let n = d.len();
                        let r = writer.data_bytes(d).await;
                        pending_input.fetch_sub(n, Ordering::AcqRel);
                        r.is_ok()
                    }
                    Input::Resize(c, r) => writer.window_change(c, r, 0, 0).await.is_ok(),
                };
                if !ok {
                    break;
                }
            }
            let _ = writer.eof().await;
        })
    };

    // Output loop. Output already waiting is coalesced into one frame (up to
    // FRAME_MAX and never past the window): fewer frames, writes and acks.
    let mut sent: u64 = 0;
    let (mut code, mut signal) = (None, None);
    let mut client_gone = false;
    let mut held: Option<Option<ChannelMsg>> = None;
    loop {
        let room = sent.saturating_sub(acked.load(Ordering::Acquire)) < WINDOW;
        let event = match held.take() {
            Some(msg) => Event::Ssh(msg),
            None => tokio::select! {
                msg = reader.wait(), if room => Event::Ssh(msg),
                _ = ack_signal.notified(), if !room => continue,
                ctl = ctl_rx.recv() => Event::Control(ctl),
            },
        };
        match event {
            Event::Ssh(Some(ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. })) => {
                let limit = (acked.load(Ordering::Acquire) + WINDOW).saturating_sub(sent).min(FRAME_MAX as u64) as usize;
                let mut frame = bytes::BytesMut::from(&data[..]);
                while frame.len() < limit {
                    match reader.wait().now_or_never() {
                        Some(Some(ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. })) => frame.extend_from_slice(&data),
                        Some(other) => {
                            held = Some(other);
                            break;
                        }
                        None => break,
                    }
                }
                sent += frame.len() as u64;
                if tx.send(Message::Binary(frame.freeze())).await.is_err() {
                    client_gone = true;
                    break;
                }
            }
            Event::Ssh(Some(ChannelMsg::ExitStatus { exit_status })) => code = Some(exit_status),
            Event::Ssh(Some(ChannelMsg::ExitSignal { signal_name, .. })) => signal = Some(format!("{signal_name:?}")),
            Event::Ssh(Some(ChannelMsg::Close) | None) => break,
            Event::Ssh(Some(_)) => {}
            Event::Control(Some(Control::Pong)) => {
                if !send(&mut tx, &ServerMsg::Pong).await {
                    client_gone = true;
                    break;
                }
            }
            Event::Control(Some(Control::Flood)) => {
                send(&mut tx, &ServerMsg::Error { message: "too much input queued; the session was closed".into(), host_key: None }).await;
                break;
            }
            Event::Control(Some(Control::ClientGone) | None) => {
                client_gone = true;
                break;
            }
        }
    }
    if !client_gone {
        send(&mut tx, &ServerMsg::Exit { code, signal }).await;
        let _ = tx.close().await;
    }
    socket_reader.abort();
    ssh_writer.abort();
    conn.close().await;
    let how = if client_gone { "browser closed".to_string() } else { format!("exit {code:?}") };
    audit::record(db, Some(user.id), &user.username, "terminal.closed", &ip, &format!("{} ({id}): {how}", conn.host.name)).await;
}
