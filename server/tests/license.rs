//! The install side of licensing against a real license server (in-process, on
//! loopback): modules unlock, the server going away leaves a grace period, an expired
//! license falls back to the free core, and coming back online restores it.

mod common;

use archnest_backend::license::LicenseStatus;
use archnest_backend::settings;
use archnest_license_server::store::overrides;
use archnest_modules::license::{sign_license, LicensePayload};
use archnest_modules::Module;
use common::*;
use ed25519_dalek::SigningKey;
use sea_orm::DatabaseConnection;
use std::net::SocketAddr;

struct LicenseServer {
    addr: SocketAddr,
    db: DatabaseConnection,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start_license_server(addr: &str, db: Option<DatabaseConnection>, key: &SigningKey, dir: &std::path::Path) -> LicenseServer {
    let db = match db {
        Some(db) => db,
        None => archnest_license_server::db::connect(&format!("sqlite://{}?mode=rwc", dir.join("ls.db").display())).await.expect("ls db"),
    };
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind license server");
    let addr = listener.local_addr().expect("addr");
    let state = archnest_license_server::AppState::new(db.clone(), key.clone(), &format!("http://{addr}"));
    let task = tokio::spawn(archnest_license_server::serve(listener, state));
    LicenseServer { addr, db, task }
}

async fn export_status(s: &TestServer, token: &str) -> (u16, serde_json::Value) {
    let r = get(s, "/api/audit/export", Some(token)).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlock_grace_expiry_and_restore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = SigningKey::from_bytes(&[42; 32]);
    let ls = start_license_server("127.0.0.1:0", None, &key, dir.path()).await;
    let s = start_licensed(&format!("http://{}", ls.addr), vec![key.verifying_key()]).await;
    let token = setup_admin(&s).await;
    let install = s.state.license.install_id().to_owned();

    // Free core: the gated JSON API answers 402 with the purchase details.
    let (status, body) = export_status(&s, &token).await;
    assert_eq!(status, 402);
    assert_eq!(body["error"], "Module required");
    assert_eq!(body["module"], "audit-log");
    assert_eq!(body["price"], "$5");
    assert!(body["purchaseUrl"].as_str().unwrap_or("").ends_with("/settings/store/modules/audit-log"));

    let snap = s.state.license.check().await.expect("first check");
    assert_eq!(snap.status, LicenseStatus::Valid);
    assert!(snap.modules.is_empty());

    // A grant on the license server unlocks the module at the next check.
    overrides::set(&ls.db, &install, Module::AuditLog, true, archnest_backend::db::now()).await.expect("grant");
    let snap = s.state.license.check().await.expect("check");
    assert!(snap.modules.contains(Module::AuditLog));
    assert_eq!(export_status(&s, &token).await.0, 200);
    let summary = call(&s, "license/summary", &[], Some(&token)).await;
    assert!(summary.body.contains("audit-log"), "{}", summary.body);

    // The license server goes away: offline grace, modules keep working.
    ls.task.abort();
    let _ = ls.task.await;
    assert!(s.state.license.check().await.is_err());
    let snap = s.state.license.handle().get();
    assert_eq!(snap.status, LicenseStatus::OfflineGrace);
    assert!(snap.last_error.is_some());
    assert_eq!(export_status(&s, &token).await.0, 200);

    // Still offline past valid-until: the free core, nothing deleted.
    let now = archnest_backend::db::now();
    let expired = sign_license(
        &LicensePayload {
            install_id: install.clone(),
            modules: vec!["audit-log".into()],
            issued_at: now - 8 * 86_400,
            valid_until: now - 60,
            license_id: "lic-old".into(),
        },
        &key,
    );
    settings::set(&s.state.db, "license.last_good", &serde_json::to_string(&expired).expect("json")).await.expect("store");
    let snap = s.state.license.reevaluate().await.expect("reevaluate");
    assert_eq!(snap.status, LicenseStatus::Expired);
    assert!(snap.modules.is_empty());
    assert_eq!(export_status(&s, &token).await.0, 402);
    assert_eq!(call(&s, "auth/me", &[], Some(&token)).await.status, 200, "the free core keeps working");

    // Back online on the same address: restored.
    let back = start_license_server(&ls.addr.to_string(), Some(ls.db.clone()), &key, dir.path()).await;
    let snap = s.state.license.check().await.expect("back online");
    assert_eq!(snap.status, LicenseStatus::Valid);
    assert!(snap.modules.contains(Module::AuditLog));
    back.task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn licenses_signed_by_an_untrusted_key_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server_key = SigningKey::from_bytes(&[1; 32]);
    let ls = start_license_server("127.0.0.1:0", None, &server_key, dir.path()).await;
    let other = SigningKey::from_bytes(&[2; 32]);
    let s = start_licensed(&format!("http://{}", ls.addr), vec![other.verifying_key()]).await;
    overrides::set(&ls.db, s.state.license.install_id(), Module::AuditLog, true, archnest_backend::db::now()).await.expect("grant");
    let err = s.state.license.check().await.expect_err("must not verify");
    assert!(err.to_string().contains("does not verify"), "{err}");
    assert!(!s.state.license.handle().owns(Module::AuditLog));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_without_keys_says_so() {
    let s = start_licensed("http://127.0.0.1:9", vec![]).await;
    assert_eq!(s.state.license.handle().get().status, LicenseStatus::NoProductionKey);
    let token = setup_admin(&s).await;
    let d = call(&s, "license/details", &[], Some(&token)).await;
    assert!(d.body.contains("no-production-key"), "{}", d.body);
    assert!(d.body.contains(s.state.license.install_id()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_through_the_stripe_double_unlocks_and_lists_the_purchase() {
    use archnest_license_server::ratelimit::{RateConfig, RateLimits};
    use archnest_license_server::secret::Secret;
    use archnest_license_server::stripe::client::StripeClient;
    use archnest_license_server::stripe_double::{self, DoubleConfig, DoubleState};

    let dir = tempfile::tempdir().expect("tempdir");
    let key = SigningKey::from_bytes(&[7; 32]);
    let ls_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let ls_url = format!("http://{}", ls_listener.local_addr().expect("addr"));
    let double_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let double_url = format!("http://{}", double_listener.local_addr().expect("addr"));
    // The Stripe TEST DOUBLE, delivering signed webhooks to the real license server.
    let double = DoubleState::new(DoubleConfig {
        api_key: "sk_test_archnest".into(),
        webhook_url: Some(format!("{ls_url}/v1/stripe/webhook")),
        webhook_secret: "whsec_archnest".into(),
        public_url: double_url.clone(),
    });
    tokio::spawn(stripe_double::serve(double_listener, double));
    let db = archnest_license_server::db::connect(&format!("sqlite://{}?mode=rwc", dir.path().join("ls.db").display())).await.expect("ls db");
    let state = archnest_license_server::AppState::with(archnest_license_server::Inner {
        db,
        signing_key: Secret::new(key.clone()),
        stripe: Some(StripeClient::new(&double_url, Secret::new("sk_test_archnest".into())).expect("stripe client")),
        webhook_secret: Some(Secret::new("whsec_archnest".into())),
        public_url: ls_url.clone(),
        limits: RateLimits::new(RateConfig::default()),
        trust_forwarded_for: false,
    });
    tokio::spawn(archnest_license_server::serve(ls_listener, state));

    let s = start_licensed(&ls_url, vec![key.verifying_key()]).await;
    s.state.license.check().await.expect("first check pins the install key");
    let url = s.state.license.checkout(&["ssh-pro".to_string()], "http://nest.test").await.expect("checkout");
    assert!(url.starts_with(&double_url), "{url}");
    let paid = client().post(&url).send().await.expect("pay");
    assert_eq!(paid.status(), 303);
    assert_eq!(paid.headers()["location"], "http://nest.test/settings/store?paid=1");

    let snap = s.state.license.check().await.expect("check after payment");
    for m in archnest_modules::Bundle::SshPro.modules() {
        assert!(snap.modules.contains(*m), "{m}");
    }
    let history = s.state.license.purchases().await.expect("purchase history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].items, vec!["ssh-pro".to_string()]);
    assert_eq!(history[0].modules.len(), 8);
    assert_eq!(history[0].amount_cents, 2500);
    assert!(!history[0].refunded);
}
