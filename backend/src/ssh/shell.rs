//! Interactive shells: a PTY channel on an authenticated connection.

use super::connect::Connection;
use russh::client::Msg;
use russh::Channel;

pub const TERM: &str = "xterm-256color";

pub async fn open(conn: &Connection, cols: u32, rows: u32) -> Result<Channel<Msg>, russh::Error> {
    let ch = conn.handle.channel_open_session().await?;
    ch.request_pty(false, TERM, cols.clamp(2, 1000), rows.clamp(1, 500), 0, 0, &[]).await?;
    ch.request_shell(false).await?;
    Ok(ch)
}
