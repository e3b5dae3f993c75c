//! Install key pinning: first contact pins the key; another key is refused with a
//! clear 403 until `reset-install`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests: a failed step should panic the test")]

mod common;

use archnest_modules::license::sign_check;
use common::{Harness, Install};

async fn install_key_is_pinned_until_reset(h: Harness) {
    let install = Install::new();
    let first = install.license(&h).await;
    let thief = install.with_key(Install::new().key);
    let (status, body) = thief.check_raw(&h).await;
    assert_eq!(status, 403);
    assert!(body["error"].as_str().unwrap().contains("different public key"), "{body}");
    install.license(&h).await;

    let out = archnest_license_server::cli::reset_install(&h.db, &install.id).await.unwrap();
    assert!(out.contains("pinned key cleared"));
    let moved = thief.license(&h).await;
    assert_eq!(moved.license_id, first.license_id, "a reset keeps the license id and purchases");
    assert_eq!(install.check_raw(&h).await.0, 403, "the old key is now the stranger");
    assert!(archnest_license_server::cli::reset_install(&h.db, "inst-never-seen").await.is_err());
}
on_backends!(install_key_is_pinned_until_reset);

async fn stale_or_forged_checks_are_refused(h: Harness) {
    let install = Install::new();
    let old = sign_check(&install.id, "0.1.0", chrono::Utc::now().timestamp() - 3600, &install.key);
    let (status, body) = h.post_json("/v1/licenses/check", &serde_json::to_value(&old).unwrap()).await;
    assert_eq!(status, 401);
    assert!(body["error"].as_str().unwrap().contains("clock"), "{body}");
    let mut forged = sign_check(&install.id, "0.1.0", chrono::Utc::now().timestamp(), &install.key);
    forged.version = "9.9.9".into();
    let (status, _) = h.post_json("/v1/licenses/check", &serde_json::to_value(&forged).unwrap()).await;
    assert_eq!(status, 401);
    // Neither attempt pinned anything: the real key still gets in.
    install.license(&h).await;
}
on_backends!(stale_or_forged_checks_are_refused);
