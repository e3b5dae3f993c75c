//! A terminal WebSocket client for tests and the terminal benchmark: the same frames
//! and acknowledgements the browser sends.
#![allow(dead_code, reason = "each test file uses a different subset")]

use archnest_app::terminal_protocol::{ClientMsg, ServerMsg};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Term {
    pub ws: Socket,
    /// The most recent output, as text (a rolling tail of at least 64 KB).
    pub screen: String,
    pub received: u64,
    pub auto_ack: bool,
}

pub enum Event {
    Data(usize),
    Control(ServerMsg),
    Closed,
}

/// Opens `/api/terminal/ws` for `host` as the session `token`.
pub async fn open(base: &str, token: &str, host: i64, cols: u32, rows: u32) -> Result<Term, String> {
    let url = format!("{}/api/terminal/ws?host={host}&cols={cols}&rows={rows}", base.replacen("http", "ws", 1));
    let mut req = url.into_client_request().map_err(|e| e.to_string())?;
    req.headers_mut().insert("origin", base.parse().map_err(|_| "origin")?);
    req.headers_mut().insert("cookie", format!("archnest_session={token}").parse().map_err(|_| "cookie")?);
    // Browsers disable Nagle on WebSockets; so does this client.
    let (ws, _) = tokio_tungstenite::connect_async_with_config(req, None, true).await.map_err(|e| e.to_string())?;
    Ok(Term { ws, screen: String::new(), received: 0, auto_ack: true })
}

impl Term {
    pub async fn control(&mut self, m: &ClientMsg) {
        let text = serde_json::to_string(m).expect("json");
        self.ws.send(Message::Text(text.into())).await.expect("send control");
    }

    pub async fn input(&mut self, s: &str) {
        self.ws.send(Message::Binary(s.as_bytes().to_vec().into())).await.expect("send input");
    }

    pub async fn next(&mut self) -> Event {
        loop {
            match self.ws.next().await {
                Some(Ok(Message::Binary(b))) => {
                    self.received += b.len() as u64;
                    self.screen.push_str(&String::from_utf8_lossy(&b));
                    if self.screen.len() > 256 * 1024 {
                        // Keep a rolling tail: floods would otherwise grow it without bound.
                        let mut cut = self.screen.len() - 64 * 1024;
                        while !self.screen.is_char_boundary(cut) {
                            cut += 1;
                        }
                        self.screen.drain(..cut);
                    }
                    if self.auto_ack {
                        let n = self.received;
                        self.control(&ClientMsg::Ack { bytes: n }).await;
                    }
                    return Event::Data(b.len());
                }
                Some(Ok(Message::Text(t))) => return Event::Control(serde_json::from_str(&t).expect("server json")),
                Some(Ok(_)) => continue,
                _ => return Event::Closed,
            }
        }
    }

    /// Reads until `needle` appears on screen; panics after 15 s.
    pub async fn expect(&mut self, needle: &str) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
        while !self.screen.contains(needle) {
            match tokio::time::timeout_at(deadline, self.next()).await {
                Err(_) => panic!("timed out waiting for {needle:?}; screen: {:?}", self.tail()),
                Ok(Event::Closed) => panic!("closed while waiting for {needle:?}; screen: {:?}", self.tail()),
                Ok(_) => {}
            }
        }
    }

    /// The next control message (skipping data).
    pub async fn control_msg(&mut self) -> Option<ServerMsg> {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            match tokio::time::timeout_at(deadline, self.next()).await {
                Err(_) | Ok(Event::Closed) => return None,
                Ok(Event::Control(m)) => return Some(m),
                Ok(Event::Data(_)) => {}
            }
        }
    }

    pub fn tail(&self) -> &str {
        let start = self.screen.len().saturating_sub(400);
        self.screen.get(start..).unwrap_or(&self.screen)
    }
}
