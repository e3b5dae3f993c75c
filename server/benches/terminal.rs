//! Terminal benchmark (run by `scripts/bench-terminal`, not a test): over the real
//! WebSocket path against a real sshd, compared with plain OpenSSH `ssh` on the same
//! server — output throughput, keystroke echo latency, and memory per open session.

#[path = "../tests/common/mod.rs"]
mod common;

use archnest_app::terminal_protocol::ServerMsg;
use archnest_backend::testing::sshd::{self, Sshd};
use archnest_backend::testing::Backend;
use common::term::{self, Event};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MB: u64 = 1024 * 1024;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// Printed by the shell when the throughput command has finished.
const END: &str = "BENCH-42-END";

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ssh_cmd(sshd: &Sshd, key: &std::path::Path) -> Command {
    let mut c = Command::new("ssh");
    c.args(["-tt", "-q", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-i"])
        .arg(key)
        .args(["-p", &sshd.port.to_string(), &format!("{}@127.0.0.1", sshd::USER)]);
    c
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let total_mb: u64 = std::env::var("BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let sshd = Sshd::start();
    sshd.client_key("bench", "ed25519", false, "");
    let key = sshd.dir.path().join("bench");
    let server = common::start(Backend::Sqlite).await;
    let token = common::setup_admin(&server).await;
    let st = &server.state;
    let host = sshd.add_host(&st.db, &st.vault, "bench", true).await;
    let cmd = format!("head -c {total_mb}M /dev/zero | base64 -w 76; echo BENCH-$((40+2))-END\n");

    // 1. Throughput through ArchNest (WebSocket, acknowledging like the browser)
    // against plain ssh with a PTY, in alternating rounds (the machine's own speed
    // wanders between minutes); medians are reported.
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let mut t = term::open(&server.url, &token, host, 200, 50).await.expect("open");
    assert!(matches!(t.control_msg().await, Some(ServerMsg::Ready { .. })));
    t.input("stty -echo\n").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (mut ws_rates, mut ssh_rates) = (Vec::new(), Vec::new());
    let (mut ws_bytes, mut ssh_bytes) = (0u64, 0u64);
    for round in 1..=rounds {
        t.screen.clear();
        let start = Instant::now();
        let base = t.received;
        t.input(&cmd).await;
        // Look for the end marker only in what arrived since the last look: scanning
        // the whole kept screen after every frame cost this client more CPU than the
        // server spent (perf), on the same two cores as sshd and base64.
        let mut fresh = t.screen.len();
        loop {
            let mut from = t.screen.len().saturating_sub(fresh + END.len());
            while !t.screen.is_char_boundary(from) {
                from -= 1;
            }
            if t.screen[from..].contains(END) {
                break;
            }
            let before = t.received;
            if matches!(t.next().await, Event::Closed) {
                panic!("closed");
            }
            fresh = (t.received - before) as usize;
        }
        ws_bytes = t.received - base;
        ws_rates.push(ws_bytes as f64 / MB as f64 / start.elapsed().as_secs_f64());

        let start = Instant::now();
        let mut child = ssh_cmd(&sshd, &key).arg(format!("head -c {total_mb}M /dev/zero | base64 -w 76")).stdout(Stdio::piped()).stdin(Stdio::null()).spawn().expect("ssh");
        let mut out = child.stdout.take().expect("stdout");
        let mut buf = vec![0u8; 1 << 16];
        ssh_bytes = 0;
        loop {
            let n = out.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            ssh_bytes += n as u64;
        }
        let _ = child.wait();
        ssh_rates.push(ssh_bytes as f64 / MB as f64 / start.elapsed().as_secs_f64());
        println!("  round {round}: ArchNest {:.1} MiB/s, plain ssh {:.1} MiB/s", ws_rates[round - 1], ssh_rates[round - 1]);
    }
    let (ws_rate, ssh_rate) = (pct(&mut ws_rates, 0.5), pct(&mut ssh_rates, 0.5));

    // 2. Keystroke echo latency: one character, time until it comes back.
    t.input("stty echo; cat > /dev/null\n").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut ws_lat = Vec::new();
    for _ in 0..200 {
        let before = t.received;
        let start = Instant::now();
        t.input("x").await;
        while t.received == before {
            t.next().await;
        }
        ws_lat.push(start.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut child = ssh_cmd(&sshd, &key).arg("cat > /dev/null").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("ssh");
    let (mut sin, mut sout) = (child.stdin.take().expect("in"), child.stdout.take().expect("out"));
    std::thread::sleep(Duration::from_millis(500));
    let mut ssh_lat = Vec::new();
    let mut one = [0u8; 256];
    for _ in 0..200 {
        let start = Instant::now();
        sin.write_all(b"x").expect("write");
        sin.flush().expect("flush");
        let _ = sout.read(&mut one).expect("read");
        ssh_lat.push(start.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();

    // 3. Memory per open, idle session (server and client share this process, so
    // this is an upper bound for the server's share).
    drop(t);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kb();
    let mut open = Vec::new();
    for _ in 0..50 {
        let mut s = term::open(&server.url, &token, host, 120, 40).await.expect("open");
        assert!(matches!(s.control_msg().await, Some(ServerMsg::Ready { .. })));
        s.input("echo ready\n").await;
        s.expect("ready").await;
        open.push(s);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let per_session = (rss_kb().saturating_sub(before)) as f64 / 50.0;

    println!("terminal benchmark ({total_mb} MiB of base64 output, 2-core machine, debug or release per the cargo profile)");
    println!("  throughput  ArchNest WebSocket: {ws_rate:8.1} MiB/s (median of {rounds}, {ws_bytes} bytes per round)");
    println!("  throughput  plain ssh -tt:      {ssh_rate:8.1} MiB/s (median of {rounds}, {ssh_bytes} bytes per round)");
    println!("  ratio: {:.0}% of plain ssh (goal ≥ 80%)", ws_rate / ssh_rate * 100.0);
    println!("  echo latency ArchNest: p50 {:.2} ms, p99 {:.2} ms", pct(&mut ws_lat.clone(), 0.5), pct(&mut ws_lat, 0.99));
    println!("  echo latency plain ssh: p50 {:.2} ms, p99 {:.2} ms", pct(&mut ssh_lat.clone(), 0.5), pct(&mut ssh_lat, 0.99));
    println!("  memory per open session (server + bench client, 50 sessions): {per_session:.0} KiB (goal < 1024 KiB)");
}
