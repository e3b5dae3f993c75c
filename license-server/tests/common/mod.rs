//! Test harness: the real license server and the Stripe test double, each on
//! 127.0.0.1 port 0, over a temporary SQLite file — or over PostgreSQL (a fresh
//! schema per test) when `LICENSE_SERVER_TEST_PG_URL` is set.
#![allow(dead_code, reason = "each test binary uses a different part of the harness")]
#![allow(clippy::unwrap_used, reason = "test harness: a failed step should panic the test")]

use archnest_license_server::db;
use archnest_license_server::install_auth::{sign_purchases, HEADER_PUBLIC_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP};
use archnest_license_server::ratelimit::{RateConfig, RateLimits};
use archnest_license_server::secret::Secret;
use archnest_license_server::stripe::client::StripeClient;
use archnest_license_server::stripe_double::{DoubleConfig, DoubleState};
use archnest_license_server::{serve, stripe_double, AppState, Inner};
use archnest_modules::license::{sign_check, verify_license, LicensePayload, SignedLicense};
use ed25519_dalek::SigningKey;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{json, Value};

pub const API_KEY: &str = "sk_test_harness";
pub const WEBHOOK_SECRET: &str = "whsec_harness";

#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

pub struct Harness {
    pub base: String,
    pub double_base: String,
    pub double: DoubleState,
    pub db: DatabaseConnection,
    pub signing_key: SigningKey,
    pub http: reqwest::Client,
    _tmp: tempfile::TempDir,
}

/// Runs `scenario` on SQLite, or on PostgreSQL if configured (else prints a skip note).
#[macro_export]
macro_rules! on_backends {
    ($scenario:ident) => {
        mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$scenario(super::common::Harness::start(super::common::Backend::Sqlite).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Ok(url) = std::env::var("LICENSE_SERVER_TEST_PG_URL") else {
                    eprintln!("skipping PostgreSQL run of {}: LICENSE_SERVER_TEST_PG_URL is not set", stringify!($scenario));
                    return;
                };
                super::$scenario(super::common::Harness::start(super::common::Backend::Postgres(url)).await).await;
            }
        }
    };
}

async fn connect(backend: &Backend, tmp: &tempfile::TempDir) -> DatabaseConnection {
    match backend {
        Backend::Sqlite => db::connect(&format!("sqlite://{}?mode=rwc", tmp.path().join("ls.db").display())).await.unwrap(),
        Backend::Postgres(url) => {
            let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(url.as_str()).await.unwrap();
            admin.execute_unprepared(&format!("CREATE SCHEMA {schema}")).await.unwrap();
            let mut opts = db::options(url);
            opts.set_schema_search_path(schema);
            db::connect_with(opts).await.unwrap()
        }
    }
}

impl Harness {
    pub async fn start(backend: Backend) -> Harness {
        Harness::start_with(backend, RateConfig::default()).await
    }

    pub async fn start_with(backend: Backend, rates: RateConfig) -> Harness {
        let tmp = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let double_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let double_base = format!("http://{}", double_listener.local_addr().unwrap());
        let double = DoubleState::new(DoubleConfig {
            api_key: API_KEY.into(),
            webhook_url: Some(format!("{base}/v1/stripe/webhook")),
            webhook_secret: WEBHOOK_SECRET.into(),
            public_url: double_base.clone(),
        });
        tokio::spawn(stripe_double::serve(double_listener, double.clone()));
        let db = connect(&backend, &tmp).await;
        let signing_key = SigningKey::from_bytes(&rand_seed());
        let state = AppState::with(Inner {
            db: db.clone(),
            signing_key: Secret::new(signing_key.clone()),
            stripe: Some(StripeClient::new(&double_base, Secret::new(API_KEY.into())).unwrap()),
            webhook_secret: Some(Secret::new(WEBHOOK_SECRET.into())),
            public_url: base.clone(),
            limits: RateLimits::new(rates),
            trust_forwarded_for: false,
        });
        tokio::spawn(serve(listener, state));
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Harness { base, double_base, double, db, signing_key, http, _tmp: tmp }
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let res = self.http.post(format!("{}{path}", self.base)).json(body).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Creates a checkout for `items`, pays it on the double; returns the session id.
    pub async fn buy(&self, install: &Install, items: &[&str]) -> String {
        let (status, body) = self
            .post_json("/v1/checkout", &json!({"install_id": install.id, "items": items, "return_url": "https://nest.test"}))
            .await;
        assert_eq!(status, 200, "checkout failed: {body}");
        let url = body["url"].as_str().unwrap();
        let res = self.http.post(url).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(res.headers()["location"], "https://nest.test/settings/store?paid=1");
        body["id"].as_str().unwrap().to_owned()
    }
}

fn rand_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).unwrap();
    seed
}

/// A simulated ArchNest install with its own Ed25519 key.
pub struct Install {
    pub id: String,
    pub key: SigningKey,
}

impl Install {
    pub fn new() -> Install {
        Install { id: format!("inst-{}", uuid::Uuid::new_v4().simple()), key: SigningKey::from_bytes(&rand_seed()) }
    }

    pub fn with_key(&self, key: SigningKey) -> Install {
        Install { id: self.id.clone(), key }
    }

    pub async fn check_raw(&self, h: &Harness) -> (u16, Value) {
        let req = sign_check(&self.id, "0.1.0", chrono::Utc::now().timestamp(), &self.key);
        h.post_json("/v1/licenses/check", &serde_json::to_value(req).unwrap()).await
    }

    /// A successful, verified check: the licensed module slugs.
    pub async fn modules(&self, h: &Harness) -> Vec<String> {
        self.license(h).await.modules
    }

    pub async fn license(&self, h: &Harness) -> LicensePayload {
        let (status, body) = self.check_raw(h).await;
        assert_eq!(status, 200, "check failed: {body}");
        let lic: SignedLicense = serde_json::from_value(body).unwrap();
        assert_eq!(lic.alg, "ed25519");
        let now = chrono::Utc::now().timestamp();
        verify_license(&lic, &[h.signing_key.verifying_key()], &self.id, now, now).unwrap()
    }

    pub async fn purchases(&self, h: &Harness) -> (u16, Value) {
        let auth = sign_purchases(&self.id, chrono::Utc::now().timestamp(), &self.key);
        let res = h
            .http
            .get(format!("{}/v1/installs/{}/purchases", h.base, self.id))
            .header(HEADER_PUBLIC_KEY, auth.install_public_key)
            .header(HEADER_TIMESTAMP, auth.timestamp.to_string())
            .header(HEADER_SIGNATURE, auth.signature)
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
    }
}
