//! Tunnel server functions over HTTP, against a real sshd: the form shape the browser
//! sends, the server-side gates (auto-start module, wide binds), start/list/stop.

mod common;

use archnest_backend::testing::sshd::Sshd;
use archnest_backend::testing::Backend;
use common::*;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_start_list_stop_over_http() {
    let sshd = Sshd::start();
    let s = start(Backend::Sqlite).await;
    let admin = setup_admin(&s).await;
    let host = sshd.add_host(&s.state.db, &s.state.vault, "box", true).await;

    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port().to_string();
    let target = s.url.rsplit(':').next().expect("port").to_owned();
    let host_id = host.to_string();
    let form = |auto: &'static str, addr: &'static str| {
        vec![
            ("form[host_id]", host_id.clone()),
            ("form[name]", "web".to_owned()),
            ("form[kind]", "local".to_owned()),
            ("form[bind_address]", addr.to_owned()),
            ("form[bind_port]", port.clone()),
            ("form[target_host]", "127.0.0.1".to_owned()),
            ("form[target_port]", target.clone()),
            ("form[allow_wide_bind]", "false".to_owned()),
            ("form[auto_start]", auto.to_owned()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let (s, admin) = (&s, admin.clone());
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            call(s, "tunnels/save", &pairs, Some(&admin)).await
        }
    };

    // Server-side gates, whatever the browser shows.
    let r = send(form("true", "127.0.0.1")).await;
    assert!(r.body.contains("ModuleLocked") && r.body.contains("tunnel-auto-start"), "{} {}", r.status, r.body);
    let r = send(form("false", "0.0.0.0")).await;
    assert!(r.body.contains("bind_address") && r.body.contains("allow binding beyond localhost"), "{}", r.body);

    let r = send(form("false", "127.0.0.1")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let saved: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let id = saved["id"].as_i64().expect("id").to_string();
    assert_eq!(saved["state"], "stopped");

    let r = call(&s, "tunnels/start", &[("id", &id)], Some(&admin)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = call(&s, "tunnels/list", &[], Some(&admin)).await;
        let list: serde_json::Value = serde_json::from_str(&r.body).expect("json");
        if list["tunnels"][0]["state"] == "up" {
            break;
        }
        assert!(Instant::now() < deadline, "never up: {}", r.body);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let health = client().get(format!("http://127.0.0.1:{port}/api/health")).send().await.expect("through the tunnel");
    assert_eq!(health.status(), 200);

    let r = call(&s, "tunnels/stop", &[("id", &id)], Some(&admin)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("\"state\":\"stopped\""), "{}", r.body);
    let r = call(&s, "tunnels/delete", &[("id", &id)], Some(&admin)).await;
    assert_eq!(r.status, 200, "{}", r.body);
}
