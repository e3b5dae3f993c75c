//! Docker sources and engine operations against a real dockerd (scripts/test starts
//! one and exports ARCHNEST_TEST_DOCKER_URL; the image is localhost/busybox:test).

use archnest_backend::docker::containers::{self, Action};
use archnest_backend::docker::sources::{self, SourceInput};
use archnest_backend::docker::{client, images, logs, stats, summary, DockerError};
use archnest_backend::entities::docker_source;
use archnest_backend::testing::{Backend, Env};
use archnest_modules::{Module, ModuleSet};
use bollard::models::{ContainerCreateBody, HostConfig};
use bollard::query_parameters::CreateContainerOptionsBuilder;
use futures_util::StreamExt;
use sea_orm::EntityTrait;
use std::time::{Duration, Instant};

const IMAGE: &str = "localhost/busybox:test";
/// A PID 1 that exits on SIGTERM (a bare `sleep` ignores it and waits for the kill).
const STOPPABLE: &str = "trap 'exit 0' TERM; while true; do sleep 1; done";

fn docker_url() -> String {
    std::env::var("ARCHNEST_TEST_DOCKER_URL").unwrap_or_else(|_| {
        panic!("ARCHNEST_TEST_DOCKER_URL is not set: run scripts/test (it starts dockerd), or export a tcp:// URL of a test dockerd")
    })
}

fn input(name: &str, url: &str) -> SourceInput {
    SourceInput { name: name.into(), transport: "tcp".into(), url: url.into(), ..Default::default() }
}

async fn engine(e: &Env) -> std::sync::Arc<client::Engine> {
    let src = sources::save(&e.db, &e.vault, ModuleSet::EMPTY, &input("local", &docker_url())).await.expect("save source");
    client::engine_for(&sources::conn(&e.db, &e.vault, src.id).await.expect("conn")).await.expect("engine")
}

fn unique(prefix: &str) -> String {
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).expect("random");
    format!("{prefix}-{}", hex::encode(b))
}

/// Creates (and optionally starts) a busybox container running `script`.
async fn container(engine: &client::Engine, name: &str, script: &str, start: bool) -> String {
    let body = ContainerCreateBody {
        image: Some(IMAGE.into()),
        cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
        host_config: Some(HostConfig { network_mode: Some("none".into()), ..Default::default() }),
        ..Default::default()
    };
    let opts = CreateContainerOptionsBuilder::default().name(name).build();
    let id = engine.docker.create_container(Some(opts), body).await.expect("create container").id;
    if start {
        containers::act(engine, &id, Action::Start).await.expect("start");
    }
    id
}

async fn state_of(engine: &client::Engine, id: &str) -> Option<String> {
    containers::list(engine).await.expect("list").into_iter().find(|c| c.id == id).map(|c| c.state)
}

/// Self-signed PEMs (openssl), valid enough to reach the TLS handshake.
fn pems(dir: &std::path::Path) -> (String, String) {
    let status = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=archnest-test"])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .stderr(std::process::Stdio::null())
        .status()
        .expect("openssl runs");
    assert!(status.success());
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).expect("pem");
    (read("cert.pem"), read("key.pem"))
}

#[tokio::test]
async fn sources_keep_tls_secrets_in_the_vault_and_respect_the_cap() {
    for backend in Backend::available() {
        let e = Env::new(backend).await;
        let (cert, key) = pems(e.dir.path());
        let mut first = input("nas", "https://127.0.0.1:2376");
        first.tls_ca = cert.clone();
        first.tls_cert = cert.clone();
        first.tls_key = key.clone();
        let saved = sources::save(&e.db, &e.vault, ModuleSet::EMPTY, &first).await.expect("save");
        assert!(saved.tls_ca_stored && saved.tls_cert_stored && saved.tls_key_stored);
        assert_eq!(saved.url, "https://127.0.0.1:2376");

        // Nothing readable holds the secrets; the row holds only ciphertext.
        let listed = format!("{:?}", sources::list(&e.db).await.expect("list"));
        let row = docker_source::Entity::find_by_id(saved.id).one(&e.db).await.expect("db").expect("row");
        for secret in [&key, &cert] {
            let body = secret.lines().nth(1).expect("pem body");
            assert!(!listed.contains(body), "list leaks a secret");
            assert!(!format!("{row:?}").contains(body), "row stores plaintext");
        }
        assert!(format!("{:?}", sources::conn(&e.db, &e.vault, saved.id).await.expect("conn")).contains("redacted"));

        // Editing without PEMs keeps them; the decrypted material is what was stored.
        let mut edit = input("nas", "https://127.0.0.1:2377");
        edit.id = Some(saved.id);
        let edited = sources::save(&e.db, &e.vault, ModuleSet::EMPTY, &edit).await.expect("edit");
        assert!(edited.tls_key_stored);
        let conn = sources::conn(&e.db, &e.vault, saved.id).await.expect("conn");
        assert_eq!(conn.tls.expect("tls").key.trim(), key.trim());

        // Free core: one source. The second is refused with the module that lifts the cap.
        let second = sources::save(&e.db, &e.vault, ModuleSet::EMPTY, &input("other", "tcp://10.0.0.2:2375")).await;
        assert!(matches!(second, Err(DockerError::LimitReached { limit: 1, module: Module::DockerOverSsh })), "{second:?}");
        assert_eq!(sources::list(&e.db).await.expect("list").len(), 1);
        let owned: ModuleSet = [Module::DockerOverSsh].into_iter().collect();
        sources::save(&e.db, &e.vault, owned, &input("other", "tcp://10.0.0.2:2375")).await.expect("licensed second source");

        // The SSH transport is the docker-over-ssh module; https without TLS is refused.
        let mut ssh = input("ssh", "tcp://h:22");
        ssh.transport = "ssh".into();
        assert!(matches!(sources::save(&e.db, &e.vault, ModuleSet::EMPTY, &ssh).await, Err(DockerError::ModuleLocked(Module::DockerOverSsh))));
        let bare_https = sources::save(&e.db, &e.vault, owned, &input("bare", "https://h:2376")).await;
        assert!(matches!(bare_https, Err(DockerError::Invalid { field: "tls", .. })), "{bare_https:?}");
        assert_eq!(sources::list(&e.db).await.expect("list").len(), 2, "a refused create leaves no row");
        let dup = sources::save(&e.db, &e.vault, owned, &input("nas", "tcp://h:1")).await;
        assert!(matches!(dup, Err(DockerError::DuplicateName(_))), "{dup:?}");
    }
}

#[tokio::test]
async fn test_connection_reports_version_refusal_and_tls_precisely() {
    let e = Env::new(Backend::Sqlite).await;
    let ok = sources::draft_conn(&e.db, &e.vault, ModuleSet::EMPTY, &input("x", &docker_url())).await.expect("draft");
    let info = client::test(&ok).await.expect("engine answers");
    assert!(!info.engine_version.is_empty() && info.engine_version != "unknown");
    let api: Vec<u32> = info.api_version.split('.').map(|p| p.parse().expect("number")).collect();
    assert!(api[0] == 1 && api[1] >= 24, "negotiated {}", info.api_version);

    // A closed port: connection refused, said so.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let closed = sources::draft_conn(&e.db, &e.vault, ModuleSet::EMPTY, &input("x", &format!("tcp://127.0.0.1:{port}"))).await.expect("draft");
    match client::test(&closed).await {
        Err(err @ DockerError::Unreachable { .. }) => assert!(err.to_string().contains("refused"), "{err}"),
        other => panic!("expected unreachable, got {other:?}"),
    }

    // TLS spoken to a plain-HTTP engine: a TLS error, not a vague failure.
    let (cert, key) = pems(e.dir.path());
    let mut tls = input("x", &docker_url().replace("tcp://", "https://"));
    tls.tls_ca = cert.clone();
    tls.tls_cert = cert;
    tls.tls_key = key;
    let conn = sources::draft_conn(&e.db, &e.vault, ModuleSet::EMPTY, &tls).await.expect("draft");
    let err = client::test(&conn).await.expect_err("plain engine refuses TLS");
    assert!(matches!(err, DockerError::Tls { .. }), "{err:?}");
}

#[tokio::test]
async fn containers_list_and_every_action_work_on_a_real_engine() {
    let e = Env::new(Backend::Sqlite).await;
    let engine = engine(&e).await;
    let name = unique("act");
    let id = container(&engine, &name, STOPPABLE, true).await;
    let row = containers::list(&engine).await.expect("list").into_iter().find(|c| c.id == id).expect("listed");
    assert_eq!((row.name.as_str(), row.image.as_str(), row.state.as_str()), (name.as_str(), IMAGE, "running"));
    assert!(row.status.starts_with("Up"), "{}", row.status);

    containers::act(&engine, &id, Action::Pause).await.expect("pause");
    assert_eq!(state_of(&engine, &id).await.as_deref(), Some("paused"));
    containers::act(&engine, &id, Action::Unpause).await.expect("unpause");
    containers::act(&engine, &id, Action::Stop).await.expect("stop");
    assert_eq!(state_of(&engine, &id).await.as_deref(), Some("exited"));
    containers::act(&engine, &id, Action::Stop).await.expect("stopping a stopped container is not an error");
    let paused_stopped = containers::act(&engine, &id, Action::Pause).await;
    assert!(matches!(&paused_stopped, Err(DockerError::Engine { status: 409, message }) if message.contains("not running")), "{paused_stopped:?}");
    containers::act(&engine, &id, Action::Start).await.expect("start");
    containers::act(&engine, &id, Action::Restart).await.expect("restart");
    assert_eq!(state_of(&engine, &id).await.as_deref(), Some("running"));
    containers::act(&engine, &id, Action::Remove).await.expect("remove running (forced)");
    assert_eq!(state_of(&engine, &id).await, None);
    let gone = containers::act(&engine, &id, Action::Start).await;
    assert!(matches!(&gone, Err(DockerError::NotFound(m)) if m.contains("does not exist")), "{gone:?}");
    assert!(matches!(containers::act(&engine, "../etc", Action::Start).await, Err(DockerError::Invalid { .. })));
}

#[tokio::test]
async fn logs_follow_delivers_lines_as_the_container_prints_them() {
    let e = Env::new(Backend::Sqlite).await;
    let engine = engine(&e).await;
    let id = container(&engine, &unique("logs"), "i=0; while [ $i -lt 40 ]; do echo line $i; echo err $i >&2; i=$((i+1)); sleep 0.3; done", true).await;
    let req = logs::LogRequest { follow: true, tail: Some(10), timestamps: false };
    let mut stream = Box::pin(logs::open(engine.clone(), &id, req).await.expect("open logs"));
    let started = Instant::now();
    let mut seen = Vec::new();
    while seen.iter().filter(|l: &&logs::LogLine| l.stream == "stdout").count() < 6 {
        let line = tokio::time::timeout(Duration::from_secs(10), stream.next()).await.expect("a line within 10 s").expect("stream open").expect("line");
        seen.push(line);
    }
    // Six stdout lines at 0.3 s apart cannot all have been there at the start.
    assert!(started.elapsed() > Duration::from_millis(600), "lines arrived over time");
    let stdout: Vec<&str> = seen.iter().filter(|l| l.stream == "stdout").map(|l| l.text.as_str()).collect();
    assert!(stdout.windows(2).all(|w| w[0] != w[1]), "{stdout:?}");
    assert!(stdout.iter().all(|l| l.starts_with("line ")), "{stdout:?}");
    assert!(seen.iter().any(|l| l.stream == "stderr" && l.text.starts_with("err ")), "stderr is separate: {seen:?}");

    // Not following, with timestamps: ends by itself, lines prefixed with RFC 3339.
    let once = logs::LogRequest { follow: false, tail: Some(3), timestamps: true };
    let lines: Vec<_> = logs::open(engine.clone(), &id, once).await.expect("open").collect().await;
    assert!(!lines.is_empty() && lines.len() <= 3, "{lines:?}");
    let first = lines[0].as_ref().expect("line");
    assert!(first.text.get(..4).is_some_and(|y| y.parse::<u32>().is_ok()) && first.text.contains('T'), "{first:?}");
    let missing = logs::open(engine.clone(), "no-such-container", once).await.err().expect("missing container");
    assert!(matches!(missing, DockerError::NotFound(_)));
    containers::act(&engine, &id, Action::Remove).await.expect("cleanup");
}

#[tokio::test]
async fn stats_give_memory_and_cpu_from_the_first_sample() {
    let e = Env::new(Backend::Sqlite).await;
    let engine = engine(&e).await;
    let busy = container(&engine, &unique("busy"), "while true; do :; done", true).await;
    let idle = container(&engine, &unique("idle"), "sleep 300", true).await;
    let first = stats::collect(&engine, vec![busy.clone(), idle.clone()]).await;
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(first.iter().all(|s| s.mem_used.is_some_and(|m| m > 0)), "{first:?}");
    let first_cpu = |id: &str| first.iter().find(|s| s.id == id).and_then(|s| s.cpu_percent).expect("cpu % on the first sample");
    assert!(first_cpu(&busy) > 20.0, "a spinning shell uses CPU: {}", first_cpu(&busy));
    tokio::time::sleep(Duration::from_millis(700)).await;
    let second = stats::collect(&engine, vec![busy.clone(), idle.clone()]).await;
    let cpu = |id: &str| second.iter().find(|s| s.id == id).and_then(|s| s.cpu_percent).expect("cpu % on the second sample");
    assert!(cpu(&busy) > 20.0, "a spinning shell uses CPU: {}", cpu(&busy));
    assert!(cpu(&idle) < cpu(&busy), "idle {} < busy {}", cpu(&idle), cpu(&busy));
    for id in [busy, idle] {
        containers::act(&engine, &id, Action::Remove).await.expect("cleanup");
    }
}

#[tokio::test]
async fn images_volumes_networks_and_summary() {
    let e = Env::new(Backend::Sqlite).await;
    let engine = engine(&e).await;
    let imgs = images::images(&engine).await.expect("images");
    let busybox = imgs.iter().find(|i| i.tags.iter().any(|t| t == IMAGE)).expect("test image listed");
    assert!(busybox.size > 100_000, "{busybox:?}");
    let in_use = container(&engine, &unique("img"), "sleep 300", false).await;
    let refused = images::remove_image(&engine, IMAGE).await;
    assert!(matches!(&refused, Err(DockerError::Engine { status: 409, .. })), "an image in use is refused: {refused:?}");
    assert!(matches!(images::remove_image(&engine, "localhost/none:missing").await, Err(DockerError::NotFound(_))));
    let nets = images::networks(&engine).await.expect("networks");
    assert!(nets.iter().any(|n| n.name == "none"), "{nets:?}");
    let vol = unique("vol");
    engine.docker.create_volume(bollard::models::VolumeCreateRequest { name: Some(vol.clone()), ..Default::default() }).await.expect("volume");
    assert!(images::volumes(&engine).await.expect("volumes").iter().any(|v| v.name == vol && v.driver == "local"));
    engine.docker.remove_volume(&vol, None::<bollard::query_parameters::RemoveVolumeOptions>).await.expect("remove volume");

    let sum = summary::summary(&e.db, &e.vault).await.expect("summary");
    assert_eq!(sum.len(), 1);
    assert!(sum[0].error.is_none() && sum[0].stopped >= 1, "{sum:?}");
    containers::act(&engine, &in_use, Action::Remove).await.expect("cleanup");
}

#[tokio::test]
async fn a_stopped_engine_gives_a_clear_error() {
    let e = Env::new(Backend::Sqlite).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let src = sources::save(&e.db, &e.vault, ModuleSet::EMPTY, &input("down", &format!("tcp://127.0.0.1:{port}"))).await.expect("save");
    let conn = sources::conn(&e.db, &e.vault, src.id).await.expect("conn");
    let err = client::engine_for(&conn).await.err().expect("unreachable");
    assert!(err.is_connection() && err.to_string().contains(&format!("127.0.0.1:{port}")), "{err}");
    let sum = summary::summary(&e.db, &e.vault).await.expect("summary");
    assert!(sum[0].error.as_deref().is_some_and(|m| m.contains("refused")), "{sum:?}");
}
