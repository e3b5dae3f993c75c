//! Live counters of a running tunnel, and the byte pump that feeds them.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Bytes "in" came back from the far side to the connecting client; "out" went from the
/// client to the far side.
#[derive(Debug, Default)]
pub struct Stats {
    pub bytes_in: AtomicU64,
    pub bytes_out: AtomicU64,
    pub open: AtomicU64,
    pub total: AtomicU64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub open_connections: u64,
    pub total_connections: u64,
}

impl Stats {
    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            bytes_in: self.bytes_in.load(Ordering::Relaxed),
            bytes_out: self.bytes_out.load(Ordering::Relaxed),
            open_connections: self.open.load(Ordering::Relaxed),
            total_connections: self.total.load(Ordering::Relaxed),
        }
    }

    /// Counts one open connection until the guard is dropped.
    pub fn open_guard(self: &Arc<Self>) -> OpenGuard {
        self.open.fetch_add(1, Ordering::Relaxed);
        self.total.fetch_add(1, Ordering::Relaxed);
        OpenGuard(self.clone())
    }
}

pub struct OpenGuard(Arc<Stats>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A stream whose reads are added to a counter as they happen (live, not at the end).
pub struct Counted<'a, S> {
    inner: S,
    counter: &'a AtomicU64,
}

impl<S: AsyncRead + Unpin> AsyncRead for Counted<'_, S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len() - before;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        r
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Counted<'_, S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Copies both ways until both sides are done. `client` is the side that opened the
/// connection (a local socket for `-L`/`-D`, the SSH channel for `-R`).
pub async fn pump<C, F>(stats: &Stats, client: C, far: F) -> std::io::Result<(u64, u64)>
where
    C: AsyncRead + AsyncWrite + Unpin,
    F: AsyncRead + AsyncWrite + Unpin,
{
    let mut client = Counted { inner: client, counter: &stats.bytes_out };
    let mut far = Counted { inner: far, counter: &stats.bytes_in };
    tokio::io::copy_bidirectional(&mut client, &mut far).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn counts_both_directions_and_open_connections() {
        let stats = Arc::new(Stats::default());
        let (client, mut client_peer) = tokio::io::duplex(64);
        let (far, mut far_peer) = tokio::io::duplex(64);
        let s = stats.clone();
        let task = tokio::spawn(async move {
            let _g = s.open_guard();
            pump(&s, client, far).await
        });
        client_peer.write_all(b"hello").await.expect("write");
        let mut buf = [0u8; 5];
        far_peer.read_exact(&mut buf).await.expect("read");
        far_peer.write_all(b"0123456789").await.expect("write");
        let mut buf = [0u8; 10];
        client_peer.read_exact(&mut buf).await.expect("read");
        assert_eq!(stats.snapshot().open_connections, 1);
        drop(client_peer);
        drop(far_peer);
        task.await.expect("join").expect("pump");
        let s = stats.snapshot();
        assert_eq!((s.bytes_out, s.bytes_in, s.open_connections, s.total_connections), (5, 10, 0, 1));
    }
}
