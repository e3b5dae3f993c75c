//! The SSH connection layer against a real OpenSSH server on a loopback port:
//! credentials of every supported kind, trust on first use, a changed host key,
//! precise failures, PTY size and exit status.

use archnest_backend::ssh::hosts::{self, HostError, HostInput, SecretField};
use archnest_backend::ssh::{connect, hostkeys, known_hosts, probe, shell, ConnectError, ConnectOptions};
use archnest_backend::testing::sshd::{self, Sshd};
use archnest_backend::testing::{Backend, Env};
use archnest_modules::ModuleSet;
use russh::ChannelMsg;
use std::time::Duration;

fn host(name: &str, sshd: &Sshd) -> HostInput {
    sshd.host_input(name)
}

/// Connects once to learn the key (TOFU), accepts exactly the fingerprint shown.
async fn trust(e: &Env, id: i64) {
    let fp = match connect(&e.db, &e.vault, id, ConnectOptions::default()).await {
        Err(ConnectError::HostKeyUnknown { fingerprint, .. }) => fingerprint,
        Err(other) => panic!("expected an unknown host key, got {other}"),
        Ok(_) => panic!("an untrusted key must not connect"),
    };
    hostkeys::trust_pending(&e.db, id, &fp, "test", false).await.expect("trust");
}

async fn run(conn: &archnest_backend::ssh::Connection, cmd: &str) -> (String, Option<u32>) {
    let mut ch = conn.handle.channel_open_session().await.expect("session");
    ch.exec(true, cmd).await.expect("exec");
    let (mut out, mut code) = (Vec::new(), None);
    while let Some(msg) = ch.wait().await {
        match msg {
            ChannelMsg::Data { data } => out.extend_from_slice(&data),
            ChannelMsg::ExitStatus { exit_status } => code = Some(exit_status),
            ChannelMsg::Close => break,
            _ => {}
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), code)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trust_on_first_use_then_password_login() {
    let sshd = Sshd::start();
    for backend in Backend::available() {
        let e = Env::new(backend).await;
        let h = hosts::create(&e.db, &e.vault, ModuleSet::default(), &host("box", &sshd)).await.expect("create");
        let err = connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.err().expect("unknown key refused");
        let ConnectError::HostKeyUnknown { fingerprint, algorithm } = err else { panic!("{err}") };
        assert_eq!(algorithm, "ssh-ed25519");
        let real = hostkeys::fingerprint(&hostkeys::parse_openssh(&sshd.host_key()).expect("key"));
        assert_eq!(fingerprint, real, "the fingerprint shown is the server's real key");
        // A stale fingerprint is not accepted.
        assert!(matches!(
            hostkeys::trust_pending(&e.db, h.id, "SHA256:wrong", "t", false).await,
            Err(hostkeys::TrustError::FingerprintMismatch(_))
        ));
        hostkeys::trust_pending(&e.db, h.id, &fingerprint, "admin", false).await.expect("trust");
        let conn = connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.expect("connects");
        let (out, code) = run(&conn, "whoami").await;
        assert_eq!((out.trim(), code), (sshd::USER, Some(0)));
        conn.close().await;
        // The stored key is what the report shows.
        let report = probe::test(&e.db, &e.vault, h.id).await;
        assert!(report.ok, "{report:?}");
        assert!(report.steps[2].detail.contains(&real));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_keys_of_every_supported_kind() {
    let sshd = Sshd::start();
    let e = Env::new(Backend::Sqlite).await;
    let owned = ModuleSet::all();
    let cases = [
        ("ed25519", "ed25519", false, ""),
        ("ed25519-pass", "ed25519", false, "secret phrase"),
        ("ecdsa-pem", "ecdsa", true, ""),
        ("rsa-pem", "rsa", true, ""),
        ("rsa-openssh", "rsa", false, ""),
        ("rsa-pem-pass", "rsa", true, "pem phrase"),
    ];
    for (i, (name, kind, pem, pass)) in cases.iter().enumerate() {
        let key = sshd.client_key(name, kind, *pem, pass);
        let input = HostInput {
            password: SecretField::Keep,
            private_key: SecretField::Set(key.clone()),
            passphrase: if pass.is_empty() { SecretField::Keep } else { SecretField::Set(pass.to_string()) },
            ..host(name, &sshd)
        };
        if !pass.is_empty() {
            // Saving without the passphrase, or with a wrong one, is a field error.
            let missing = HostInput { passphrase: SecretField::Keep, ..input.clone() };
            match hosts::create(&e.db, &e.vault, owned, &missing).await {
                Err(HostError::Invalid { field: "passphrase", reason }) => assert!(reason.contains("passphrase"), "{reason}"),
                other => panic!("{name}: {other:?}"),
            }
            let wrong = HostInput { passphrase: SecretField::Set("nope".into()), ..input.clone() };
            assert!(matches!(hosts::create(&e.db, &e.vault, owned, &wrong).await, Err(HostError::Invalid { field: "passphrase", .. })), "{name}");
        }
        let h = hosts::create(&e.db, &e.vault, owned, &input).await.unwrap_or_else(|err| panic!("{name}: {err}"));
        assert!(h.key_fingerprint.as_deref().is_some_and(|f| f.starts_with("SHA256:")));
        if i == 0 {
            trust(&e, h.id).await;
        } else {
            hostkeys::store(&e.db, h.id, &hostkeys::parse_openssh(&sshd.host_key()).expect("k"), "t").await.expect("store");
        }
        let conn = connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(run(&conn, "echo ok").await.0.trim(), "ok", "{name}");
        conn.close().await;
    }
    let garbage = HostInput { private_key: SecretField::Set("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n".into()), ..host("bad", &sshd) };
    assert!(matches!(hosts::create(&e.db, &e.vault, owned, &garbage).await, Err(HostError::Invalid { field: "private_key", .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn precise_failures_and_a_changed_host_key() {
    let sshd = Sshd::start();
    let e = Env::new(Backend::Sqlite).await;
    let owned = ModuleSet::all();
    let real = hostkeys::parse_openssh(&sshd.host_key()).expect("key");

    let wrong = HostInput { password: SecretField::Set("wrong password".into()), ..host("wrong", &sshd) };
    let h = hosts::create(&e.db, &e.vault, owned, &wrong).await.expect("create");
    hostkeys::store(&e.db, h.id, &real, "t").await.expect("store");
    match connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.err() {
        Some(ConnectError::Auth { tried, accepted, .. }) => {
            assert_eq!(tried, "password");
            assert!(accepted.contains("publickey"), "{accepted}");
        }
        other => panic!("{other:?}"),
    }
    let report = probe::test(&e.db, &e.vault, h.id).await;
    assert_eq!(report.steps.iter().map(|s| s.ok).collect::<Vec<_>>(), [true, true, true, false]);

    let nodns = HostInput { address: "no-such-host.invalid".into(), ..host("nodns", &sshd) };
    let h = hosts::create(&e.db, &e.vault, owned, &nodns).await.expect("create");
    assert!(matches!(connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.err(), Some(ConnectError::Dns { .. })));

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let refused = HostInput { port: closed, ..host("refused", &sshd) };
    let h = hosts::create(&e.db, &e.vault, owned, &refused).await.expect("create");
    match connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.err() {
        Some(ConnectError::Tcp { reason, .. }) => assert!(reason.to_lowercase().contains("refused"), "{reason}"),
        other => panic!("{other:?}"),
    }

    // A different key of the same algorithm is trusted: the connection is refused.
    let h = hosts::create(&e.db, &e.vault, owned, &host("mitm", &sshd)).await.expect("create");
    let other = hostkeys::parse_openssh("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl").expect("k");
    hostkeys::store(&e.db, h.id, &other, "t").await.expect("store");
    let err = connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.err().expect("refused");
    let ConnectError::HostKeyChanged { fingerprint, expected, .. } = &err else { panic!("{err}") };
    assert_eq!(fingerprint, &hostkeys::fingerprint(&real));
    assert_eq!(expected, &hostkeys::fingerprint(&other));
    assert!(err.to_string().contains("CHANGED"));
    // Only an admin may replace it; then it connects.
    assert_eq!(hostkeys::trust_pending(&e.db, h.id, fingerprint, "member", false).await.err(), Some(hostkeys::TrustError::AdminRequired));
    hostkeys::trust_pending(&e.db, h.id, fingerprint, "admin", true).await.expect("admin re-trusts");
    connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.expect("connects after re-trust").close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pty_size_resize_and_exit_status() {
    let sshd = Sshd::start();
    let e = Env::new(Backend::Sqlite).await;
    let h = hosts::create(&e.db, &e.vault, ModuleSet::default(), &host("pty", &sshd)).await.expect("create");
    trust(&e, h.id).await;
    let conn = connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.expect("connect");
    let mut ch = shell::open(&conn, 80, 24).await.expect("shell");
    let mut seen = String::new();
    let read_until = async |ch: &mut russh::Channel<russh::client::Msg>, needle: &str, seen: &mut String| -> Option<u32> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let msg = tokio::time::timeout_at(deadline, ch.wait()).await.unwrap_or_else(|_| panic!("waiting for {needle:?}; got {seen:?}"));
            match msg {
                Some(ChannelMsg::Data { data }) => {
                    seen.push_str(&String::from_utf8_lossy(&data));
                    if seen.contains(needle) {
                        return None;
                    }
                }
                Some(ChannelMsg::ExitStatus { exit_status }) => return Some(exit_status),
                Some(_) => {}
                None => panic!("channel ended; got {seen:?}"),
            }
        }
    };
    ch.data_bytes(&b"echo TERM=$TERM; stty size | sed 's/ /x/'\n"[..]).await.expect("send");
    read_until(&mut ch, "24x80", &mut seen).await;
    assert!(seen.contains("TERM=xterm-256color"), "{seen}");
    ch.window_change(132, 40, 0, 0).await.expect("resize");
    ch.data_bytes(&b"stty size | sed 's/ /x/'\n"[..]).await.expect("send");
    read_until(&mut ch, "40x132", &mut seen).await;
    ch.data_bytes(&b"exit 7\n"[..]).await.expect("send");
    let code = read_until(&mut ch, "\u{0}never", &mut seen).await;
    assert_eq!(code, Some(7));
    conn.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cap_secrets_at_rest_and_known_hosts_round_trip() {
    let sshd = Sshd::start();
    for backend in Backend::available() {
        let e = Env::new(backend).await;
        let free = ModuleSet::default();
        for i in 0..3 {
            hosts::create(&e.db, &e.vault, free, &host(&format!("h{i}"), &sshd)).await.expect("within the cap");
        }
        assert!(matches!(hosts::create(&e.db, &e.vault, free, &host("h3", &sshd)).await, Err(HostError::LimitReached(3))));
        assert!(!hosts::can_add(&e.db, free).await.expect("count"));
        let licensed = ModuleSet::from_iter([archnest_modules::Module::UnlimitedSshHosts]);
        let h3 = hosts::create(&e.db, &e.vault, licensed, &host("h3", &sshd)).await.expect("licensed");

        // Duplicate names are a field error, not a crash.
        assert!(matches!(hosts::create(&e.db, &e.vault, licensed, &host("h3", &sshd)).await, Err(HostError::Invalid { field: "name", .. })));

        // Secrets are ciphertext at rest, bound to their row.
        let row = hosts::get(&e.db, h3.id).await.expect("row");
        let stored = row.password_enc.clone().expect("password stored");
        assert!(!stored.contains(sshd::PASSWORD));
        assert!(e.vault.decrypt(&stored, &archnest_backend::vault::aad("ssh_hosts", "password", h3.id + 1)).is_err());

        // Editing without touching secrets keeps them.
        let edited = HostInput { password: SecretField::Keep, notes: "rack 2".into(), ..host("h3-renamed", &sshd) };
        hosts::update(&e.db, &e.vault, h3.id, &edited).await.expect("update");
        trust(&e, h3.id).await;
        connect(&e.db, &e.vault, h3.id, ConnectOptions::default()).await.expect("password kept").close().await;

        // known_hosts: export from this host, import trusts the same key for the others.
        let exported = known_hosts::export(&e.db).await.expect("export");
        assert!(exported.contains(&format!("[127.0.0.1]:{} {}", sshd.port, sshd.host_key())), "{exported}");
        let report = known_hosts::import(&e.db, &exported, "admin").await.expect("import");
        assert_eq!(report.added.len(), 3, "{report:?}");
        assert_eq!(report.unchanged, 1);
        for h in hosts::list(&e.db).await.expect("list") {
            connect(&e.db, &e.vault, h.id, ConnectOptions::default()).await.expect("trusted by import").close().await;
        }
        // Moving a host to another port forgets its keys.
        let moved = HostInput { port: 1, password: SecretField::Keep, ..host("h3-renamed", &sshd) };
        hosts::update(&e.db, &e.vault, h3.id, &moved).await.expect("move");
        assert!(hostkeys::trusted(&e.db, h3.id).await.expect("keys").is_empty());
        hosts::delete(&e.db, h3.id).await.expect("delete");
        assert_eq!(hosts::count(&e.db).await.expect("count"), 3);
    }
}
