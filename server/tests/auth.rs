//! Accounts against the real server: setup, login, throttling, CSRF, revocation.

mod common;

use archnest_backend::testing::Backend;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_login_logout_on_every_backend() {
    for backend in Backend::available() {
        let s = start(backend).await;
        // Before setup every page goes to /setup.
        let r = get(&s, "/terminal", None).await;
        assert_eq!(r.status(), 303, "{backend:?}");
        assert_eq!(r.headers()["location"], "/setup");

        let token = setup_admin(&s).await;
        let me = call(&s, "auth/me", &[], Some(&token)).await;
        assert_eq!(me.status, 200, "{}", me.body);
        assert!(me.body.contains("\"username\":\"admin\""));

        // A second setup is refused.
        let again = call(&s, "auth/setup", &[("username", "evil"), ("password", ADMIN_PW), ("confirm", ADMIN_PW)], None).await;
        assert_ne!(again.status, 200);
        assert!(again.body.contains("already exists"), "{}", again.body);
        let r = get(&s, "/setup", None).await;
        assert_eq!(r.headers()["location"], "/login");

        // Logout revokes the token server-side: replaying it fails.
        let out = call(&s, "auth/logout", &[], Some(&token)).await;
        assert_eq!(out.status, 200);
        assert_eq!(out.session.as_deref(), Some(""), "cookie cleared");
        assert_eq!(call(&s, "auth/me", &[], Some(&token)).await.status, 401);

        let bad = login(&s, "admin", "wrong password!!").await;
        assert!(bad.body.contains("Wrong username or password"), "{}", bad.body);
        let ok = login(&s, "admin", ADMIN_PW).await;
        assert!(ok.body.contains("SignedIn"), "{}", ok.body);
        assert_eq!(call(&s, "auth/me", &[], ok.session.as_deref()).await.status, 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_per_user_and_ip_without_enumeration() {
    let s = start(Backend::Sqlite).await;
    setup_admin(&s).await;
    let unknown = login(&s, "nobody", "whatever password").await;
    let wrong = login(&s, "admin", "whatever password").await;
    assert_eq!(unknown.body, wrong.body, "unknown user and wrong password must look the same");
    for _ in 0..3 {
        login(&s, "admin", "still the wrong one").await;
    }
    // Five failures from this IP: even the right password now waits.
    let locked = login(&s, "admin", ADMIN_PW).await;
    assert!(locked.body.contains("RateLimited"), "{}", locked.body);
    assert!(locked.session.is_none());
    let other_name = login(&s, "nobody", "x").await;
    assert!(other_name.body.contains("RateLimited"), "the IP is throttled for every name");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_posts_and_missing_origin_are_refused() {
    let s = start(Backend::Sqlite).await;
    let form = [("username", "admin"), ("password", ADMIN_PW), ("confirm", ADMIN_PW)];
    let evil = client().post(format!("{}/api/fn/auth/setup", s.url)).header("origin", "http://evil.example").form(&form).send().await.expect("post");
    assert_eq!(evil.status(), 403);
    let none = client().post(format!("{}/api/fn/auth/setup", s.url)).form(&form).send().await.expect("post");
    assert_eq!(none.status(), 403);
    let ws = client()
        .get(format!("{}/api/health", s.url))
        .header("upgrade", "websocket")
        .header("connection", "upgrade")
        .header("origin", "http://evil.example")
        .send()
        .await
        .expect("get");
    assert_eq!(ws.status(), 403, "WebSocket upgrades check Origin too");
    // Nothing was created by the refused requests.
    assert_eq!(archnest_backend::auth::users::count(&s.state.db).await.expect("count"), 0);
    setup_admin(&s).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_everywhere_and_password_change_revoke_other_sessions() {
    let s = start(Backend::Sqlite).await;
    let a = setup_admin(&s).await;
    let b = login(&s, "admin", ADMIN_PW).await.session.expect("b");
    let c = login(&s, "admin", ADMIN_PW).await.session.expect("c");
    let list = call(&s, "profile/sessions", &[], Some(&a)).await;
    assert_eq!(list.body.matches("\"id\"").count(), 3, "{}", list.body);

    let r = call(&s, "profile/revoke-others", &[], Some(&a)).await;
    assert_eq!(r.body, "2");
    assert_eq!(call(&s, "auth/me", &[], Some(&b)).await.status, 401);
    assert_eq!(call(&s, "auth/me", &[], Some(&c)).await.status, 401);
    assert_eq!(call(&s, "auth/me", &[], Some(&a)).await.status, 200);

    let d = login(&s, "admin", ADMIN_PW).await.session.expect("d");
    let new_pw = "an entirely new passphrase";
    let ch = call(&s, "profile/change-password", &[("current", ADMIN_PW), ("password", new_pw), ("confirm", new_pw)], Some(&a)).await;
    assert_eq!(ch.status, 200, "{}", ch.body);
    assert_eq!(call(&s, "auth/me", &[], Some(&d)).await.status, 401);
    assert!(login(&s, "admin", new_pw).await.body.contains("SignedIn"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_login_and_secrets_never_leave_the_server() {
    let s = start(Backend::Sqlite).await;
    let token = setup_admin(&s).await;
    let begin = call(&s, "profile/totp-begin", &[], Some(&token)).await;
    let enrollment: serde_json::Value = serde_json::from_str(&begin.body).expect("json");
    let secret = enrollment["secret"].as_str().expect("secret").to_owned();
    let code = archnest_backend::auth::totp::current_code(&secret).expect("code");
    let confirm = call(&s, "profile/totp-confirm", &[("code", &code)], Some(&token)).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    let codes: Vec<String> = serde_json::from_str(&confirm.body).expect("codes");
    assert_eq!(codes.len(), 10);

    let step1 = login(&s, "admin", ADMIN_PW).await;
    assert!(step1.body.contains("NeedCode") && step1.session.is_none(), "{}", step1.body);
    let code = archnest_backend::auth::totp::current_code(&secret).expect("code");
    let step2 = call(&s, "auth/login", &[("username", "admin"), ("password", ADMIN_PW), ("code", &code)], None).await;
    assert!(step2.body.contains("SignedIn"), "{}", step2.body);
    let rec = call(&s, "auth/login", &[("username", "admin"), ("password", ADMIN_PW), ("code", &codes[0])], None).await;
    assert!(rec.body.contains("SignedIn"), "recovery code works once: {}", rec.body);
    let reuse = call(&s, "auth/login", &[("username", "admin"), ("password", ADMIN_PW), ("code", &codes[0])], None).await;
    assert!(!reuse.body.contains("SignedIn"));

    // Stored secrets: at rest they are ciphertext; no read response carries them.
    let row = archnest_backend::auth::users::find_by_name(&s.state.db, "admin").await.expect("db").expect("user");
    let stored = row.totp_secret_enc.clone().expect("stored");
    assert!(stored.starts_with("v1:") && !stored.contains(&secret));
    let key = s.state.vault.export_key();
    let forbidden = [secret.as_str(), stored.as_str(), row.password_hash.as_str(), ADMIN_PW, key.trim()];
    for endpoint in ["auth/me", "profile/sessions", "system/info"] {
        let r = call(&s, endpoint, &[], Some(&token)).await;
        assert_eq!(r.status, 200, "{endpoint}: {}", r.body);
        for f in forbidden {
            assert!(!r.body.contains(f), "{endpoint} leaked a secret");
        }
    }
    for page in ["/", "/settings/profile", "/help"] {
        let html = get(&s, page, Some(&token)).await.text().await.expect("text");
        for f in forbidden {
            assert!(!html.contains(f), "{page} leaked a secret");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_on_pages_and_assets() {
    let s = start(Backend::Sqlite).await;
    let token = setup_admin(&s).await;
    let page = get(&s, "/help", Some(&token)).await;
    let csp = page.headers()["content-security-policy"].to_str().expect("csp").to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("'nonce-") && csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("nonce").to_owned();
    let html = page.text().await.expect("html");
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "hydration script carries the nonce");
    let health = get(&s, "/api/health", None).await;
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");
    assert_eq!(health.headers()["referrer-policy"], "same-origin");
    assert!(health.headers().contains_key("content-security-policy"));
}
