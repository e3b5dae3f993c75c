//! Benchmark seeding (scripts/bench-metrics): creates N host rows pointing at one sshd,
//! with its host key trusted, in an ArchNest data dir. Uses `ModuleSet::all()` so the
//! free-core cap of 3 hosts does not apply; never part of the shipped binary.
//!
//! usage: metrics-bench-seed <data-dir> <port> <user> <password> <host-key.pub> <count>

use archnest_backend::ssh::hostkeys;
use archnest_backend::ssh::hosts::{self, HostInput, SecretField};
use archnest_backend::vault::Vault;
use archnest_backend::Config;
use archnest_modules::ModuleSet;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, port, user, password, key_file, count] = &args[..] else {
        eprintln!("usage: metrics-bench-seed <data-dir> <port> <user> <password> <host-key.pub> <count>");
        std::process::exit(2);
    };
    let config = Config::for_data_dir(std::path::Path::new(dir));
    std::fs::create_dir_all(&config.data_dir).expect("data dir");
    let vault = Vault::open_or_create(&config.secret_key_file).expect("vault");
    let db = archnest_backend::db::connect(&config).await.expect("database");
    archnest_backend::db::migrate(&db).await.expect("migrate");
    let line = std::fs::read_to_string(key_file).expect("host key");
    let line: String = line.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    let key = hostkeys::parse_openssh(&line).expect("parse host key");
    let count: usize = count.parse().expect("count");
    for i in 0..count {
        let input = HostInput {
            name: format!("bench-{i:03}"),
            address: "127.0.0.1".into(),
            port: port.parse().expect("port"),
            username: user.clone(),
            password: SecretField::Set(password.clone()),
            ..Default::default()
        };
        let h = hosts::create(&db, &vault, ModuleSet::all(), &input).await.expect("create host");
        hostkeys::store(&db, h.id, &key, "bench").await.expect("trust key");
    }
    println!("{count} hosts");
}
