//! End to end through the Stripe test double: checkout → pay on the hosted page →
//! signed webhook → the next license check lists the modules; refunds revoke.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests: a failed step should panic the test")]

mod common;

use common::{Harness, Install};
use serde_json::json;

async fn purchase_unlocks_module_at_next_check(h: Harness) {
    let install = Install::new();
    let before = install.license(&h).await;
    assert!(before.modules.is_empty());

    let (status, body) = h
        .post_json("/v1/checkout", &json!({"install_id": install.id, "items": ["audit-log"], "return_url": "https://nest.test/"}))
        .await;
    assert_eq!(status, 200, "{body}");
    let url = body["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/pay/cs_test_", h.double_base)), "{url}");
    let page = h.http.get(url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Audit Log") && page.contains("$5.00") && page.contains("Pay"), "{page}");

    let session = h.double.session(body["id"].as_str().unwrap()).unwrap();
    assert_eq!(session.client_reference_id.as_deref(), Some(install.id.as_str()));
    assert_eq!(session.metadata.get("items").map(String::as_str), Some("audit-log"));
    assert_eq!(session.success_url, "https://nest.test/settings/store?paid=1");
    assert_eq!(session.cancel_url.as_deref(), Some("https://nest.test/settings/store?cancelled=1"));

    let paid = h.http.post(url).send().await.unwrap();
    assert_eq!(paid.status().as_u16(), 303);
    assert_eq!(paid.headers()["location"], "https://nest.test/settings/store?paid=1");

    let after = install.license(&h).await;
    assert_eq!(after.modules, vec!["audit-log"]);
    assert_eq!(after.license_id, before.license_id, "license id is stable per install");
    assert_eq!(after.valid_until - after.issued_at, 7 * 24 * 3600);
}
on_backends!(purchase_unlocks_module_at_next_check);

async fn refund_revokes_module_at_next_check(h: Harness) {
    let install = Install::new();
    let session_id = h.buy(&install, &["audit-log"]).await;
    h.buy(&install, &["global-search"]).await;
    assert_eq!(install.modules(&h).await, vec!["audit-log", "global-search"]);

    let pi = h.double.session(&session_id).unwrap().payment_intent.unwrap();
    let res = h.http.post(format!("{}/test/refund/{pi}", h.double_base)).send().await.unwrap();
    let sent: serde_json::Value = res.json().await.unwrap();
    assert_eq!(sent["delivery_status"], 200, "{sent}");
    assert_eq!(sent["event"]["type"], "charge.refunded");

    assert_eq!(install.modules(&h).await, vec!["global-search"]);
    let (status, history) = install.purchases(&h).await;
    assert_eq!(status, 200);
    assert_eq!(history[0]["refunded"], true);
    assert_eq!(history[1]["refunded"], false);
}
on_backends!(refund_revokes_module_at_next_check);

async fn ssh_pro_bundle_grants_eight_modules(h: Harness) {
    let install = Install::new();
    h.buy(&install, &["ssh-pro"]).await;
    let modules = install.modules(&h).await;
    assert_eq!(
        modules,
        vec![
            "multi-pane-terminal", "tmux-integration", "jump-host-chaining", "certificate-auth",
            "tunnel-auto-start", "persistent-sessions", "session-recording", "host-to-host-transfer",
        ]
    );
    let (status, body) = h.post_json("/v1/checkout", &json!({"install_id": install.id, "items": ["ssh-pro"]})).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("bundle `ssh-pro` is already owned"), "{body}");
    let (status, body) = h.post_json("/v1/checkout", &json!({"install_id": install.id, "items": ["tmux-integration"]})).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("already owned"));
    // `everything` still adds modules, so it may be bought.
    let (status, _) = h.post_json("/v1/checkout", &json!({"install_id": install.id, "items": ["everything"]})).await;
    assert_eq!(status, 200);
}
on_backends!(ssh_pro_bundle_grants_eight_modules);

async fn purchases_endpoint_requires_the_pinned_key(h: Harness) {
    let install = Install::new();
    let (status, body) = install.purchases(&h).await;
    assert_eq!(status, 403, "no pinned key before the first check: {body}");
    h.buy(&install, &["docker-pro", "audit-log"]).await;
    install.license(&h).await;

    let (status, history) = install.purchases(&h).await;
    assert_eq!(status, 200);
    let list = history.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["items"], json!(["docker-pro", "audit-log"]));
    assert_eq!(list[0]["modules"].as_array().unwrap().len(), 5);
    assert_eq!(list[0]["amount_cents"], 2000);
    assert_eq!(list[0]["refunded"], false);
    assert!(list[0]["created_at"].as_i64().unwrap() > 0);

    let impostor = install.with_key(Install::new().key);
    let (status, body) = impostor.purchases(&h).await;
    assert_eq!(status, 403, "{body}");
    let unsigned = h.http.get(format!("{}/v1/installs/{}/purchases", h.base, install.id)).send().await.unwrap();
    assert_eq!(unsigned.status().as_u16(), 401);
    let body: serde_json::Value = unsigned.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("missing header"));
}
on_backends!(purchases_endpoint_requires_the_pinned_key);

async fn admin_grant_and_revoke(h: Harness) {
    use archnest_license_server::cli;
    let install = Install::new();
    h.buy(&install, &["theme-forest"]).await;
    cli::set_override(&h.db, &install.id, "all-themes", true).await.unwrap();
    assert_eq!(install.modules(&h).await, vec!["theme-midnight-blue", "theme-forest", "theme-light"]);
    cli::set_override(&h.db, &install.id, "theme-forest", false).await.unwrap();
    assert_eq!(install.modules(&h).await, vec!["theme-midnight-blue", "theme-light"], "a revocation wins over a purchase");
    assert!(cli::set_override(&h.db, &install.id, "nope", true).await.is_err());
    let shown = cli::show(&h.db, &install.id).await.unwrap();
    assert!(shown.contains("licensed modules (2)"), "{shown}");
}
on_backends!(admin_grant_and_revoke);
