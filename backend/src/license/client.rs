//! Talks to the license server: license checks (signed by the install key), purchase
//! history and checkout sessions. Results update the shared `LicenseHandle` and the
//! persisted state, so a restart offline resumes from the last good license.

use super::identity::Identity;
use super::status::{evaluate, LicenseHandle, LicenseSnapshot};
use crate::db::now;
use crate::settings;
use archnest_modules::license::{sign_check, sign_purchases, verify_license, PurchaseRecord, SignedLicense};
use ed25519_dalek::VerifyingKey;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

const LAST_GOOD: &str = "license.last_good";
const LATEST_SEEN: &str = "license.latest_seen";
const LAST_CHECK_AT: &str = "license.last_check_at";
const LAST_CHECK_OK: &str = "license.last_check_ok";
const LAST_ERROR: &str = "license.last_error";

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("license server unreachable: {0}")]
    Unreachable(String),
    #[error("license server refused: {0}")]
    Refused(String),
    #[error("license server answered with a license that does not verify: {0}")]
    Invalid(String),
    #[error("this build has no license public key")]
    NoKey,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

struct Inner {
    db: DatabaseConnection,
    identity: Identity,
    trusted: Vec<VerifyingKey>,
    server: String,
    http: reqwest::Client,
    handle: LicenseHandle,
    wake: tokio::sync::Notify,
}

/// The install's license service; cheap to clone.
#[derive(Clone)]
pub struct LicenseService(Arc<Inner>);

impl LicenseService {
    pub async fn load(db: DatabaseConnection, identity: Identity, trusted: Vec<VerifyingKey>, server: String) -> Result<Self, sea_orm::DbErr> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .user_agent(concat!("ArchNest/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
        let svc = LicenseService(Arc::new(Inner {
            db,
            identity,
            trusted,
            server,
            http,
            handle: LicenseHandle::new(LicenseSnapshot::free(super::LicenseStatus::Free)),
            wake: tokio::sync::Notify::new(),
        }));
        svc.reevaluate().await?;
        Ok(svc)
    }

    pub fn install_id(&self) -> &str {
        &self.0.identity.install_id
    }

    /// The modules licensed right now (a license past valid-until counts as none).
    pub fn modules(&self) -> archnest_modules::ModuleSet {
        self.handle().modules()
    }

    pub fn handle(&self) -> &LicenseHandle {
        &self.0.handle
    }

    pub fn server(&self) -> &str {
        &self.0.server
    }

    /// Asks the scheduler to check now (e.g. the buyer just came back from checkout).
    pub fn wake(&self) {
        self.0.wake.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.0.wake.notified().await;
    }

    /// Records the wall clock; returns the latest time ever seen (for rollback checks).
    async fn observe_clock(&self) -> Result<(i64, i64), sea_orm::DbErr> {
        let t = now();
        let latest: i64 = settings::get(&self.0.db, LATEST_SEEN).await?.and_then(|v| v.parse().ok()).unwrap_or(t);
        if t > latest {
            settings::set(&self.0.db, LATEST_SEEN, &t.to_string()).await?;
        }
        Ok((t, latest))
    }

    /// Re-derives the snapshot from what is stored (no network).
    pub async fn reevaluate(&self) -> Result<LicenseSnapshot, sea_orm::DbErr> {
        let (t, latest) = self.observe_clock().await?;
        let stored: Option<SignedLicense> = settings::get(&self.0.db, LAST_GOOD).await?.and_then(|j| serde_json::from_str(&j).ok());
        let ok = settings::get(&self.0.db, LAST_CHECK_OK).await?.as_deref() == Some("1");
        let mut snap = evaluate(stored.as_ref(), &self.0.trusted, self.install_id(), t, latest, ok);
        snap.last_check_at = settings::get(&self.0.db, LAST_CHECK_AT).await?.and_then(|v| v.parse().ok());
        snap.last_error = settings::get(&self.0.db, LAST_ERROR).await?.filter(|e| !e.is_empty());
        self.0.handle.set(snap.clone());
        Ok(snap)
    }

    /// One license check against the server; always leaves the snapshot up to date.
    pub async fn check(&self) -> Result<LicenseSnapshot, CheckError> {
        if self.0.trusted.is_empty() {
            return Err(CheckError::NoKey);
        }
        let result = self.fetch().await;
        let db = &self.0.db;
        settings::set(db, LAST_CHECK_AT, &now().to_string()).await?;
        match &result {
            Ok(lic) => {
                settings::set(db, LAST_GOOD, &serde_json::to_string(lic).unwrap_or_default()).await?;
                settings::set(db, LAST_CHECK_OK, "1").await?;
                settings::set(db, LAST_ERROR, "").await?;
            }
            Err(e) => {
                tracing::warn!(error = %e, "license check failed");
                settings::set(db, LAST_CHECK_OK, "0").await?;
                settings::set(db, LAST_ERROR, &e.to_string()).await?;
            }
        }
        let snap = self.reevaluate().await?;
        result.map(|_| snap)
    }

    async fn fetch(&self) -> Result<SignedLicense, CheckError> {
        let (t, latest) = self.observe_clock().await?;
        let req = sign_check(self.install_id(), env!("CARGO_PKG_VERSION"), t, &self.0.identity.key);
        let resp = send(self.0.http.post(format!("{}/v1/licenses/check", self.0.server)).json(&req)).await?;
        let lic: SignedLicense = resp.json().await.map_err(|e| CheckError::Invalid(e.to_string()))?;
        verify_license(&lic, &self.0.trusted, self.install_id(), t, latest).map_err(|e| CheckError::Invalid(e.to_string()))?;
        Ok(lic)
    }

    /// Purchase history, signed by the install key like checks.
    pub async fn purchases(&self) -> Result<Vec<PurchaseRecord>, CheckError> {
        let auth = sign_purchases(self.install_id(), now(), &self.0.identity.key);
        let req = self
            .0
            .http
            .get(format!("{}/v1/installs/{}/purchases", self.0.server, self.install_id()))
            .header("x-archnest-public-key", auth.install_public_key)
            .header("x-archnest-timestamp", auth.timestamp.to_string())
            .header("x-archnest-signature", auth.signature);
        send(req).await?.json().await.map_err(|e| CheckError::Invalid(e.to_string()))
    }

    /// Creates a Stripe Checkout session for `items` (module or bundle slugs) and
    /// returns the URL to send the buyer to.
    pub async fn checkout(&self, items: &[String], return_url: &str) -> Result<String, CheckError> {
        #[derive(Deserialize)]
        struct Answer {
            url: String,
        }
        let body = serde_json::json!({ "install_id": self.install_id(), "items": items, "return_url": return_url });
        let resp = send(self.0.http.post(format!("{}/v1/checkout", self.0.server)).json(&body)).await?;
        Ok(resp.json::<Answer>().await.map_err(|e| CheckError::Invalid(e.to_string()))?.url)
    }
}

/// Sends a request; transport failures and non-2xx answers become `CheckError`s.
async fn send(req: reqwest::RequestBuilder) -> Result<reqwest::Response, CheckError> {
    let resp = req.send().await.map_err(|e| CheckError::Unreachable(e.without_url().to_string()))?;
    if !resp.status().is_success() {
        return Err(CheckError::Refused(error_text(resp).await));
    }
    Ok(resp)
}

/// The license server's `{"error": "..."}` message, or the status line.
async fn error_text(resp: reqwest::Response) -> String {
    let status = resp.status();
    let body: serde_json::Value = resp.json().await.unwrap_or_default();
    body["error"].as_str().map(str::to_owned).unwrap_or_else(|| format!("HTTP {status}"))
}
