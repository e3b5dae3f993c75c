//! The browser terminal's WebSocket against a real sshd: ready, echo, PTY size and
//! resize, exit status, trust on first use through the server functions, and flow
//! control under a flood of output.

mod common;

use archnest_app::terminal_protocol::{ClientMsg, ServerMsg, WINDOW};
use archnest_backend::ssh::hostkeys;
use archnest_backend::testing::sshd::{self, Sshd};
use archnest_backend::testing::Backend;
use common::term::{self, Event};
use std::time::Duration;

async fn add_host(server: &common::TestServer, sshd: &Sshd, name: &str, trusted: bool) -> i64 {
    sshd.add_host(&server.state.db, &server.state.vault, name, trusted).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shell_echo_resize_and_exit_status() {
    let sshd = Sshd::start();
    let server = common::start(Backend::Sqlite).await;
    let token = common::setup_admin(&server).await;
    let host = add_host(&server, &sshd, "box", true).await;

    let mut t = term::open(&server.url, &token, host, 100, 30).await.expect("open");
    match t.control_msg().await {
        Some(ServerMsg::Ready { host, fingerprint, session }) => {
            assert_eq!(host, "box");
            assert!(fingerprint.starts_with("SHA256:") && !session.is_empty());
        }
        other => panic!("{other:?}"),
    }
    t.input("echo hello-$((6*7)); stty size | sed 's/ /x/'\n").await;
    t.expect("hello-42").await;
    t.expect("30x100").await;
    t.control(&ClientMsg::Resize { cols: 120, rows: 40 }).await;
    t.input("stty size | sed 's/ /x/'\n").await;
    t.expect("40x120").await;
    t.control(&ClientMsg::Ping).await;
    assert_eq!(t.control_msg().await, Some(ServerMsg::Pong));
    t.input("exit 5\n").await;
    assert_eq!(t.control_msg().await, Some(ServerMsg::Exit { code: Some(5), signal: None }));
    assert!(matches!(t.next().await, Event::Closed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_host_key_prompts_and_trust_through_the_server_function() {
    let sshd = Sshd::start();
    let server = common::start(Backend::Sqlite).await;
    let token = common::setup_admin(&server).await;
    let host = add_host(&server, &sshd, "new", false).await;

    let mut t = term::open(&server.url, &token, host, 80, 24).await.expect("open");
    let Some(ServerMsg::Error { host_key: Some(p), message }) = t.control_msg().await else { panic!("expected a host-key prompt") };
    assert!(!p.changed && message.contains("not trusted"), "{message}");
    let real = hostkeys::fingerprint(&hostkeys::parse_openssh(&sshd.host_key()).expect("key"));
    assert_eq!(p.fingerprint, real);

    let r = common::call(&server, "hosts/trust", &[("id", &host.to_string()), ("fingerprint", &p.fingerprint)], Some(&token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut t = term::open(&server.url, &token, host, 80, 24).await.expect("open");
    assert!(matches!(t.control_msg().await, Some(ServerMsg::Ready { .. })));

    // The host list carries the trusted key and no secret.
    let list = common::call(&server, "hosts/list", &[], Some(&token)).await;
    assert!(list.body.contains(&real) && !list.body.contains(sshd::PASSWORD), "{}", list.body);

    // Anonymous upgrades are refused before any SSH happens.
    assert!(term::open(&server.url, "bogus", host, 80, 24).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_stays_within_the_window_and_ctrl_c_interrupts_it() {
    let sshd = Sshd::start();
    let server = common::start(Backend::Sqlite).await;
    let token = common::setup_admin(&server).await;
    let host = add_host(&server, &sshd, "flood", true).await;
    let mut t = term::open(&server.url, &token, host, 80, 24).await.expect("open");
    assert!(matches!(t.control_msg().await, Some(ServerMsg::Ready { .. })));

    // A client that renders nothing acknowledges nothing: the server stops at the window.
    t.auto_ack = false;
    t.input("yes flood-line-of-text\n").await;
    loop {
        match tokio::time::timeout(Duration::from_secs(2), t.next()).await {
            Err(_) => break, // the server has stopped sending
            Ok(Event::Closed) => panic!("closed"),
            Ok(_) => {}
        }
    }
    let stalled_at = t.received;
    assert!(stalled_at >= WINDOW / 2, "flow started: {stalled_at}");
    assert!(stalled_at <= WINDOW + 64 * 1024, "unacknowledged bytes exceed the window: {stalled_at}");

    // Acknowledge: the flood resumes; Ctrl+C ends it and the prompt answers again.
    t.auto_ack = true;
    t.control(&ClientMsg::Ack { bytes: t.received }).await;
    let before = t.received;
    while t.received < before + 4 * WINDOW {
        assert!(!matches!(t.next().await, Event::Closed));
    }
    t.input("\u{3}").await;
    t.input("echo after-$((40+2))\n").await;
    t.expect("after-42").await;
    t.input("exit\n").await;
    assert!(matches!(t.control_msg().await, Some(ServerMsg::Exit { .. })));
}
