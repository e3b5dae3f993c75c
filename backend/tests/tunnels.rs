//! Tunnels against a real OpenSSH server on loopback: local, remote and SOCKS5 forwards
//! carry HTTP to a tiny server started here, byte counters move, a killed sshd shows
//! up as "connecting" with its reason and a restarted one brings the tunnel back,
//! and bad definitions (wide binds, ports in use, auto-start without the module) are refused.

use archnest_backend::ssh::hosts;
use archnest_backend::testing::sshd::Sshd;
use archnest_backend::testing::{self, Backend};
use archnest_backend::tunnels::{store, Phase, Snapshot, TunnelError, TunnelInput, TunnelManager};
use archnest_modules::{Module, ModuleSet};
use sea_orm::DatabaseConnection;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const BODY: &str = "served-through-the-tunnel";

struct Env {
    db: DatabaseConnection,
    mgr: TunnelManager,
    host_id: i64,
    _dir: tempfile::TempDir,
}

async fn env(backend: Backend, sshd: &Sshd) -> Env {
    let base = testing::Env::new(backend).await;
    let host_id = sshd.add_host(&base.db, &base.vault, "box", true).await;
    let mgr = TunnelManager::new(base.db.clone(), base.vault.clone());
    Env { db: base.db, mgr, host_id, _dir: base.dir }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// A minimal HTTP server on 127.0.0.1 answering every request with `BODY`.
async fn http_server() -> u16 {
    http_server_at("127.0.0.1:0").await
}

/// The same server on another loopback address (e.g. `[::1]:0`).
async fn http_server_at(addr: &str) -> u16 {
    let l = TcpListener::bind(addr).await.expect("bind http");
    let port = l.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = l.accept().await {
            tokio::spawn(async move {
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match s.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let resp = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{BODY}", BODY.len());
                let _ = s.write_all(resp.as_bytes()).await;
                let _ = s.shutdown().await;
            });
        }
    });
    port
}

/// Sends a GET on an open stream and returns the whole response.
async fn get_on(mut s: TcpStream) -> String {
    s.write_all(b"GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").await.expect("send");
    let mut out = String::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_string(&mut out)).await.expect("response in time").expect("read");
    out
}

async fn get(port: u16) -> String {
    get_on(TcpStream::connect(("127.0.0.1", port)).await.expect("connect to tunnel")).await
}

/// A hand-written SOCKS5 client: no-auth, CONNECT; returns the stream and reply code.
async fn socks(proxy: u16, addr: &[u8], port: u16) -> (TcpStream, u8) {
    let mut s = TcpStream::connect(("127.0.0.1", proxy)).await.expect("connect to proxy");
    s.write_all(&[5, 1, 0]).await.expect("greet");
    let mut m = [0u8; 2];
    s.read_exact(&mut m).await.expect("method");
    assert_eq!(m, [5, 0], "no-auth accepted");
    let mut req = vec![5, 1, 0];
    req.extend_from_slice(addr);
    req.extend_from_slice(&port.to_be_bytes());
    s.write_all(&req).await.expect("request");
    let mut rep = [0u8; 10];
    s.read_exact(&mut rep).await.expect("reply");
    assert_eq!(rep[0], 5);
    (s, rep[1])
}

async fn wait_for(mgr: &TunnelManager, id: i64, what: &str, ok: impl Fn(&Snapshot) -> bool, secs: u64) -> Snapshot {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let s = mgr.snapshot(id);
        if ok(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "tunnel never became {what}: {s:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn up(mgr: &TunnelManager, id: i64) -> Snapshot {
    wait_for(mgr, id, "up", |s| s.phase == Phase::Up, 20).await
}

fn local(e: &Env, name: &str, bind_port: u16, target_port: u16) -> TunnelInput {
    TunnelInput {
        host_id: e.host_id,
        name: name.into(),
        kind: "local".into(),
        bind_address: "127.0.0.1".into(),
        bind_port: bind_port.into(),
        target_host: "127.0.0.1".into(),
        target_port: target_port.into(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_remote_and_socks_carry_http() {
    let sshd = Sshd::start();
    let http = http_server().await;
    for backend in Backend::available() {
        let e = env(backend, &sshd).await;

        // -L
        let lport = free_port();
        let t = store::create(&e.db, ModuleSet::default(), &local(&e, "web", lport, http)).await.expect("create local");
        e.mgr.start(t.id).await.expect("start local");
        up(&e.mgr, t.id).await;
        let resp = get(lport).await;
        assert!(resp.starts_with("HTTP/1.1 200") && resp.ends_with(BODY), "{resp}");
        let s = wait_for(&e.mgr, t.id, "counted", |s| s.stats.bytes_in as usize >= resp.len() && s.stats.open_connections == 0, 5).await;
        assert!(s.stats.bytes_out > 30, "request bytes counted: {s:?}");
        assert_eq!(s.stats.total_connections, 1);

        // -R: sshd listens on its loopback port and sends connections back to us.
        let rport = free_port();
        let r = TunnelInput { kind: "remote".into(), name: "back".into(), bind_port: rport.into(), ..local(&e, "", 0, http) };
        let r = store::create(&e.db, ModuleSet::default(), &r).await.expect("create remote");
        e.mgr.start(r.id).await.expect("start remote");
        up(&e.mgr, r.id).await;
        let resp = get(rport).await;
        assert!(resp.ends_with(BODY), "{resp}");
        wait_for(&e.mgr, r.id, "counted", |s| s.stats.bytes_in as usize >= resp.len() && s.stats.bytes_out > 30, 5).await;

        // -D: SOCKS5 CONNECT by IPv4, IPv6 and domain name; a closed port is "connection refused".
        let dport = free_port();
        let d = TunnelInput { kind: "dynamic".into(), name: "socks".into(), bind_port: dport.into(), target_host: String::new(), target_port: 0, ..local(&e, "", 0, 0) };
        let d = store::create(&e.db, ModuleSet::default(), &d).await.expect("create dynamic");
        e.mgr.start(d.id).await.expect("start dynamic");
        up(&e.mgr, d.id).await;
        let (s, code) = socks(dport, &[1, 127, 0, 0, 1], http).await;
        assert_eq!(code, 0, "CONNECT 127.0.0.1 succeeded");
        assert!(get_on(s).await.ends_with(BODY));
        let mut domain = vec![3, 9];
        domain.extend_from_slice(b"localhost");
        let (s, code) = socks(dport, &domain, http).await;
        assert_eq!(code, 0, "CONNECT localhost succeeded");
        assert!(get_on(s).await.ends_with(BODY));
        let http6 = http_server_at("[::1]:0").await;
        let mut v6 = vec![4];
        v6.extend_from_slice(&std::net::Ipv6Addr::LOCALHOST.octets());
        let (s, code) = socks(dport, &v6, http6).await;
        assert_eq!(code, 0, "CONNECT [::1] succeeded");
        assert!(get_on(s).await.ends_with(BODY));
        let (_s, code) = socks(dport, &[1, 127, 0, 0, 1], free_port()).await;
        assert_eq!(code, 5, "a closed port is reported as connection refused");
        let snap = wait_for(&e.mgr, d.id, "counted", |s| s.stats.total_connections == 4 && s.stats.open_connections == 0, 5).await;
        assert!(snap.last_error.as_deref().is_some_and(|m| m.contains("could not connect")), "{snap:?}");
        assert!(snap.stats.bytes_in > 3 * BODY.len() as u64);

        // Stop closes the listeners at once.
        for id in [t.id, r.id, d.id] {
            e.mgr.stop(id).await;
            assert_eq!(e.mgr.snapshot(id).phase, Phase::Stopped);
        }
        assert!(TcpStream::connect(("127.0.0.1", lport)).await.is_err(), "local listener closed");
        assert!(TcpStream::connect(("127.0.0.1", dport)).await.is_err(), "SOCKS listener closed");
        let gone = tokio::time::timeout(Duration::from_secs(5), async {
            while TcpStream::connect(("127.0.0.1", rport)).await.is_ok() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        gone.await.expect("the remote listener is cancelled on the server");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_reconnects_with_backoff() {
    let mut sshd = Sshd::start();
    let http = http_server().await;
    let e = env(Backend::Sqlite, &sshd).await;
    let lport = free_port();
    let t = store::create(&e.db, ModuleSet::default(), &local(&e, "web", lport, http)).await.expect("create");
    e.mgr.start(t.id).await.expect("start");
    up(&e.mgr, t.id).await;
    assert!(get(lport).await.ends_with(BODY));

    sshd.stop();
    let down = wait_for(&e.mgr, t.id, "connecting", |s| matches!(s.phase, Phase::Connecting { retry_at: Some(_), .. }), 10).await;
    let shown = down.phase.describe(archnest_backend::db::now());
    assert!(shown.starts_with("connecting (retry in"), "{shown}");
    assert!(shown.contains("SSH connection was lost"), "{shown}");
    // The next attempt fails with the precise reason.
    let refused = wait_for(&e.mgr, t.id, "retrying", |s| s.last_error.as_deref().is_some_and(|m| m.contains("could not open TCP")), 10).await;
    assert!(matches!(refused.phase, Phase::Connecting { .. }), "{refused:?}");

    sshd.restart();
    wait_for(&e.mgr, t.id, "up again", |s| s.phase == Phase::Up, 40).await;
    assert!(get(lport).await.ends_with(BODY), "the tunnel carries requests again");
    e.mgr.stop(t.id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_definitions_and_busy_ports_are_refused() {
    let sshd = Sshd::start();
    let e = env(Backend::Sqlite, &sshd).await;
    let none = ModuleSet::default();

    // A wide bind needs the explicit flag, on the server.
    let wide = TunnelInput { bind_address: "0.0.0.0".into(), ..local(&e, "wide", free_port(), 80) };
    match store::create(&e.db, none, &wide).await {
        Err(TunnelError::Invalid { field: "bind_address", reason }) => assert!(reason.contains("allow binding beyond localhost"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(store::create(&e.db, none, &TunnelInput { allow_wide_bind: true, ..wide }).await.is_ok());

    // Names are unique; auto-start is a paid module.
    match store::create(&e.db, none, &local(&e, "wide", free_port(), 80)).await {
        Err(TunnelError::Invalid { field: "name", .. }) => {}
        other => panic!("{other:?}"),
    }
    let auto = TunnelInput { auto_start: true, ..local(&e, "auto", free_port(), 80) };
    assert!(matches!(store::create(&e.db, none, &auto).await, Err(TunnelError::ModuleLocked(Module::TunnelAutoStart))));

    // A local port in use fails at once with the reason, and shows as failed.
    let busy = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let busy_port = busy.local_addr().expect("addr").port();
    let t = store::create(&e.db, none, &local(&e, "busy", busy_port, 80)).await.expect("create");
    match e.mgr.start(t.id).await {
        Err(TunnelError::Failed(reason)) => assert!(reason.contains("in use"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let Phase::Failed { reason } = e.mgr.snapshot(t.id).phase else { panic!("not failed") };
    assert!(reason.contains(&format!("127.0.0.1:{busy_port}")), "{reason}");

    // A remote port in use on the server: the server refuses the forward.
    let r = TunnelInput { kind: "remote".into(), ..local(&e, "busy-remote", busy_port, 80) };
    let r = store::create(&e.db, none, &r).await.expect("create");
    e.mgr.start(r.id).await.expect("starts connecting");
    let s = wait_for(&e.mgr, r.id, "failed", |s| matches!(s.phase, Phase::Failed { .. }), 20).await;
    assert!(s.phase.describe(0).contains("refused to listen"), "{s:?}");

    // Deleting the host deletes its tunnels; the manager stops the running ones.
    let lport = free_port();
    let ok = store::create(&e.db, none, &local(&e, "ok", lport, 80)).await.expect("create");
    e.mgr.start(ok.id).await.expect("start");
    up(&e.mgr, ok.id).await;
    hosts::delete(&e.db, e.host_id).await.expect("delete host");
    assert!(store::list(&e.db).await.expect("list").is_empty(), "tunnels cascade with their host");
    e.mgr.prune().await;
    assert_eq!(e.mgr.snapshot(ok.id).phase, Phase::Stopped);
    assert!(TcpStream::connect(("127.0.0.1", lport)).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_start_needs_the_module() {
    let sshd = Sshd::start();
    let http = http_server().await;
    let e = env(Backend::Sqlite, &sshd).await;
    let mut owned = ModuleSet::default();
    owned.insert(Module::TunnelAutoStart);
    let lport = free_port();
    let t = store::create(&e.db, owned, &TunnelInput { auto_start: true, ..local(&e, "boot", lport, http) }).await.expect("create");
    store::create(&e.db, owned, &local(&e, "manual", free_port(), http)).await.expect("create");

    assert_eq!(e.mgr.start_auto(ModuleSet::default()).await, 0, "unlicensed installs start nothing at boot");
    assert!(e.mgr.running_ids().is_empty());
    assert_eq!(e.mgr.start_auto(owned).await, 1);
    up(&e.mgr, t.id).await;
    assert!(get(lport).await.ends_with(BODY));
    // Keeping the flag on an edit after the licence lapsed is allowed; setting it anew is not.
    let keep = TunnelInput { auto_start: true, ..local(&e, "boot", lport, http) };
    assert!(store::update(&e.db, ModuleSet::default(), t.id, &keep).await.is_ok());
    e.mgr.stop(t.id).await;
}
