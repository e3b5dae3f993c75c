//! The terminal WebSocket protocol, shared by the server and the WASM client.
//!
//! Binary frames carry terminal bytes both ways. Text frames carry JSON control
//! messages. Flow control: the server keeps at most [`WINDOW`] bytes un-acknowledged;
//! the client acknowledges bytes once xterm.js has rendered them, so a flood of
//! output can neither grow server memory nor freeze the page.

use serde::{Deserialize, Serialize};

/// Bytes in flight before the server waits for an acknowledgement.
pub const WINDOW: u64 = 1024 * 1024;
/// The client acknowledges after rendering this many bytes.
pub const ACK_EVERY: u64 = 64 * 1024;
/// Input bytes queued towards the remote before the session is ended as a flood.
pub const MAX_PENDING_INPUT: usize = 4 * 1024 * 1024;

/// Path of the terminal WebSocket: `?host=<id>&cols=<n>&rows=<n>`.
pub const PATH: &str = "/api/terminal/ws";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ClientMsg {
    Resize { cols: u32, rows: u32 },
    /// Total bytes rendered since the session started.
    Ack { bytes: u64 },
    Ping,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ServerMsg {
    Ready { session: String, host: String, fingerprint: String },
    /// The remote shell ended.
    Exit { code: Option<u32>, signal: Option<String> },
    /// The session could not start or broke; `host_key` asks for a trust decision.
    Error { message: String, host_key: Option<HostKeyPrompt> },
    Pong,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostKeyPrompt {
    pub host_id: i64,
    pub algorithm: String,
    pub fingerprint: String,
    /// A different key was trusted before: only an admin may accept.
    pub changed: bool,
    pub expected: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_is_small_tagged_json() {
        let m = serde_json::to_string(&ClientMsg::Resize { cols: 80, rows: 24 }).unwrap();
        assert_eq!(m, r#"{"t":"resize","cols":80,"rows":24}"#);
        let back: ServerMsg = serde_json::from_str(r#"{"t":"exit","code":3,"signal":null}"#).unwrap();
        assert_eq!(back, ServerMsg::Exit { code: Some(3), signal: None });
    }
}
