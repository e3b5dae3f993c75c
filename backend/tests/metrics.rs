//! Host metrics against a real OpenSSH server: the parser on real `/proc` output, the
//! collector keeping one login per host across samples, a host going away and coming
//! back, and compaction of old samples.

use archnest_backend::entities::metric_sample;
use archnest_backend::metrics::store::{self, Outcome};
use archnest_backend::metrics::{compact, parse, settings, MetricsCollector};
use archnest_backend::ssh::hosts::{self};
use archnest_backend::ssh::{connect, ConnectOptions};
use archnest_backend::testing::sshd::Sshd;
use archnest_backend::testing::{Backend, Env};
use russh::ChannelMsg;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use std::time::Duration;

async fn add_host(e: &Env, name: &str, sshd: &Sshd, trust: bool) -> i64 {
    sshd.add_host(&e.db, &e.vault, name, trust).await
}

fn logins(sshd: &Sshd) -> usize {
    sshd.log().matches("Accepted password for").count()
}

async fn samples(db: &DatabaseConnection, host_id: i64) -> Vec<metric_sample::Model> {
    metric_sample::Entity::find()
        .filter(metric_sample::Column::HostId.eq(host_id))
        .order_by_asc(metric_sample::Column::Id)
        .all(db)
        .await
        .expect("samples")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parser_reads_real_proc_output() {
    let sshd = Sshd::start();
    let e = Env::new(Backend::Sqlite).await;
    let id = add_host(&e, "real", &sshd, true).await;
    let conn = connect(&e.db, &e.vault, id, ConnectOptions::default()).await.expect("connect");
    let mut ch = conn.handle.channel_open_session().await.expect("channel");
    ch.exec(true, parse::COMMAND).await.expect("exec");
    let mut out = Vec::new();
    while let Some(msg) = ch.wait().await {
        match msg {
            ChannelMsg::Data { data } => out.extend_from_slice(&data),
            ChannelMsg::Close => break,
            _ => {}
        }
    }
    conn.close().await;
    let text = String::from_utf8(out).expect("utf8");
    let r = parse::parse(&text).unwrap_or_else(|err| panic!("{err}\n{text}"));
    // Cross-check with this machine's own files (sshd runs on the same kernel).
    let meminfo = std::fs::read_to_string("/proc/meminfo").expect("meminfo");
    assert_eq!(r.mem_total, parse::parse_meminfo(&meminfo).expect("local meminfo").0);
    assert!(r.mem_used > 0 && r.mem_used < r.mem_total, "{r:?}");
    assert!(r.cpu.total > r.cpu.idle && r.cpu.idle > 0, "{r:?}");
    assert!(r.uptime_s > 0);
    assert!(r.load.iter().all(|l| *l >= 0.0));
    let root = r.disks.iter().find(|d| d.mount == "/").unwrap_or_else(|| panic!("no / in {:?}\n{text}", r.disks));
    assert!(root.total > 0 && root.used <= root.total);
    assert!(!r.disks.iter().any(|d| d.fs == "tmpfs" || d.fs == "devtmpfs"), "{:?}", r.disks);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collector_keeps_one_login_and_reports_an_unreachable_host() {
    let mut sshd = Sshd::start();
    for backend in Backend::available() {
        let e = Env::new(backend).await;
        let before = logins(&sshd);
        let a = add_host(&e, "alpha", &sshd, true).await;
        let b = add_host(&e, "beta", &sshd, true).await;
        let untrusted = add_host(&e, "untrusted", &sshd, false).await;
        let c = MetricsCollector::new();
        for i in 0..4 {
            if i > 0 {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            let out = c.round(&e.db, &e.vault, Duration::ZERO).await.expect("round");
            assert_eq!(out.len(), 3);
        }
        for id in [a, b] {
            let rows = samples(&e.db, id).await;
            assert_eq!(rows.len(), 4, "one sample per round");
            assert!(rows[0].cpu_pct.is_none(), "the first sample has no CPU delta yet");
            assert!(rows[1..].iter().all(|r| r.cpu_pct.is_some_and(|p| (0.0..=100.0).contains(&p))), "{rows:?}");
            assert!(rows.iter().all(|r| r.mem_total > 0 && r.mem_used > 0 && r.uptime_s > 0));
            assert!(store::disks_of(&rows[3]).iter().any(|d| d.mount == "/"));
            let st = store::status_of(&e.db, id).await.expect("status").expect("row");
            assert!(st.reachable && st.last_ok_at.is_some() && st.last_error.is_none(), "{st:?}");
        }
        assert_eq!(logins(&sshd) - before, 2, "one login per host over four rounds:\n{}", sshd.log());
        assert_eq!(c.connected(), 2);
        // A host whose key nobody trusted is never sampled; its status says why.
        let st = store::status_of(&e.db, untrusted).await.expect("status").expect("row");
        assert!(!st.reachable);
        assert!(st.last_error.as_deref().is_some_and(|m| m.contains("host key is not trusted")), "{st:?}");
        assert!(samples(&e.db, untrusted).await.is_empty());

        // The host goes away: the status shows the connection error, the last success stays.
        sshd.stop();
        let out = c.round(&e.db, &e.vault, Duration::ZERO).await.expect("round");
        assert!(out.iter().all(|o| matches!(o, Outcome::Failed { .. })), "{out:?}");
        let st = store::status_of(&e.db, a).await.expect("status").expect("row");
        let reason = st.last_error.clone().unwrap_or_default();
        assert!(!st.reachable && st.last_ok_at.is_some(), "{st:?}");
        assert!(reason.starts_with(&format!("could not open TCP to 127.0.0.1:{}", sshd.port)), "{reason}");
        assert_eq!(samples(&e.db, a).await.len(), 4);

        // It comes back: a new login, reachable again.
        sshd.restart();
        let before = logins(&sshd);
        c.round(&e.db, &e.vault, Duration::ZERO).await.expect("round");
        let st = store::status_of(&e.db, a).await.expect("status").expect("row");
        assert!(st.reachable, "{st:?}");
        assert_eq!(samples(&e.db, a).await.len(), 5);
        assert_eq!(logins(&sshd) - before, 2);

        // A removed host is dropped (and its connection closed) without a restart.
        hosts::delete(&e.db, b).await.expect("delete");
        let out = c.round(&e.db, &e.vault, Duration::ZERO).await.expect("round");
        assert_eq!(out.len(), 2);
        assert_eq!(c.connected(), 1);
        assert!(samples(&e.db, b).await.is_empty(), "samples go with the host");

        let view = archnest_backend::metrics::overview(&e.db, archnest_backend::db::now()).await.expect("overview");
        let alpha = view.iter().find(|h| h.host.id == a).expect("alpha");
        assert!(alpha.latest.is_some() && !alpha.spark.is_empty() && !alpha.disks.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interval_setting_has_bounds() {
    let e = Env::new(Backend::Sqlite).await;
    assert_eq!(settings::interval(&e.db).await, settings::DEFAULT_INTERVAL);
    assert!(settings::set_interval(&e.db, 4).await.is_err(), "below 5 s");
    settings::set_interval(&e.db, 5).await.expect("5 s");
    assert_eq!(settings::interval(&e.db).await, 5);
}

fn row(host_id: i64, at: i64, cpu: Option<f64>, mem: i64, disk_used: u64) -> metric_sample::ActiveModel {
    metric_sample::ActiveModel {
        host_id: Set(host_id),
        at: Set(at),
        resolution: Set(0),
        cpu_pct: Set(cpu),
        load1: Set(1.0),
        load5: Set(1.0),
        load15: Set(1.0),
        mem_used: Set(mem),
        mem_total: Set(1000),
        uptime_s: Set(at),
        disks: Set(format!(r#"[{{"mount":"/","fs":"/dev/sda1","used":{disk_used},"total":1000}}]"#)),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compaction_averages_old_samples_and_drops_after_a_week() {
    let sshd = Sshd::start();
    for backend in Backend::available() {
        let e = Env::new(backend).await;
        let id = add_host(&e, "old", &sshd, false).await;
        let now = 1_800_000_000; // a multiple of 300
        let day = 86_400;
        let rows = vec![
            // Two days old, one 5-minute bucket: averaged into one row.
            row(id, now - 2 * day, Some(10.0), 100, 100),
            row(id, now - 2 * day + 100, None, 200, 200),
            row(id, now - 2 * day + 200, Some(30.0), 300, 300),
            // The next bucket.
            row(id, now - 2 * day + 300, Some(50.0), 500, 500),
            // Eight days old: dropped.
            row(id, now - 8 * day, Some(99.0), 999, 999),
            // Recent: kept as is.
            row(id, now - 60, Some(5.0), 50, 50),
        ];
        metric_sample::Entity::insert_many(rows).exec(&e.db).await.expect("insert");
        let c = compact::compact(&e.db, now).await.expect("compact");
        assert_eq!(c, compact::Compacted { folded: 4, averaged: 2, dropped: 1 });
        let rows = samples(&e.db, id).await;
        let mut rows: Vec<_> = rows.into_iter().map(|r| (r.at, r.resolution, r.cpu_pct, r.mem_used, store::disks_of(&r)[0].used)).collect();
        rows.sort_by_key(|r| r.0);
        assert_eq!(
            rows,
            vec![
                (now - 2 * day, 300, Some(20.0), 200, 200),
                (now - 2 * day + 300, 300, Some(50.0), 500, 500),
                (now - 60, 0, Some(5.0), 50, 50),
            ]
        );
        // Idempotent.
        assert_eq!(compact::compact(&e.db, now).await.expect("again"), compact::Compacted::default());
        // A week later the averages go too.
        compact::compact(&e.db, now + 6 * day).await.expect("later");
        assert_eq!(metric_sample::Entity::find().count(&e.db).await.expect("count"), 1);
    }
}
