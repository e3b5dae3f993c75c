//! The license wire format and its Ed25519 rules, shared by the install (verifies)
//! and the license server (signs). Pure functions: callers pass the clock in.
//!
//! Signed bytes are `archnest-license-v1.` followed by the base64 payload string, so a
//! signature can never be replayed as a signature over some other message type.

use crate::ModuleSet;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

pub const LICENSE_DOMAIN: &str = "archnest-license-v1.";
pub const CHECK_DOMAIN: &str = "archnest-check-v1.";
/// How far in the future `issued_at` may be before the payload is refused.
pub const MAX_CLOCK_DRIFT_SECS: i64 = 5 * 60;
/// A license is valid this long after it is issued.
pub const VALIDITY_SECS: i64 = 7 * 24 * 3600;

/// What the license server signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicensePayload {
    pub install_id: String,
    /// Module slugs. Kept as strings so unknown (newer) slugs survive a round trip.
    pub modules: Vec<String>,
    /// Unix seconds.
    pub issued_at: i64,
    pub valid_until: i64,
    pub license_id: String,
}

impl LicensePayload {
    pub fn module_set(&self) -> ModuleSet {
        ModuleSet::from_slugs(self.modules.iter().map(String::as_str))
    }
}

/// The answer of `POST /v1/licenses/check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedLicense {
    pub payload: String,
    pub signature: String,
    pub alg: String,
}

/// The body of `POST /v1/licenses/check`, signed by the install's own key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRequest {
    pub install_id: String,
    pub install_public_key: String,
    pub version: String,
    pub timestamp: i64,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenseError {
    #[error("license is malformed: {0}")]
    Malformed(String),
    #[error("unsupported signature algorithm `{0}`")]
    UnsupportedAlg(String),
    #[error("license signature does not verify with any trusted key")]
    BadSignature,
    #[error("license belongs to another install")]
    WrongInstall,
    #[error("license was issued in the future (clock drift beyond 5 minutes)")]
    IssuedInFuture,
    #[error("license expired")]
    Expired,
    #[error("system clock is behind the latest time seen; refusing to trust it")]
    ClockRollback,
}

pub fn encode_key(key: &VerifyingKey) -> String {
    B64.encode(key.as_bytes())
}

pub fn decode_key(s: &str) -> Result<VerifyingKey, LicenseError> {
    let bytes = B64.decode(s.trim()).map_err(|e| LicenseError::Malformed(e.to_string()))?;
    let arr: [u8; 32] = bytes
        .try_into()
        .map_err(|_| LicenseError::Malformed("public key must be 32 bytes".into()))?;
    VerifyingKey::from_bytes(&arr).map_err(|e| LicenseError::Malformed(e.to_string()))
}

fn decode_signature(s: &str) -> Result<Signature, LicenseError> {
    let bytes = B64.decode(s).map_err(|e| LicenseError::Malformed(e.to_string()))?;
    let arr: [u8; 64] = bytes
        .try_into()
        .map_err(|_| LicenseError::Malformed("signature must be 64 bytes".into()))?;
    Ok(Signature::from_bytes(&arr))
}

/// Signs a payload (license server side).
pub fn sign_license(payload: &LicensePayload, key: &SigningKey) -> SignedLicense {
    // Serializing a plain struct of strings and integers cannot fail.
    let json = serde_json::to_vec(payload).unwrap_or_default();
    let payload_b64 = B64.encode(json);
    let sig = key.sign(format!("{LICENSE_DOMAIN}{payload_b64}").as_bytes());
    SignedLicense { payload: payload_b64, signature: B64.encode(sig.to_bytes()), alg: "ed25519".into() }
}

/// Checks signature only and returns the payload (used by both sides).
pub fn open_license(lic: &SignedLicense, trusted: &[VerifyingKey]) -> Result<LicensePayload, LicenseError> {
    if lic.alg != "ed25519" {
        return Err(LicenseError::UnsupportedAlg(lic.alg.clone()));
    }
    let sig = decode_signature(&lic.signature)?;
    let msg = format!("{LICENSE_DOMAIN}{}", lic.payload);
    if !trusted.iter().any(|k| k.verify(msg.as_bytes(), &sig).is_ok()) {
        return Err(LicenseError::BadSignature);
    }
    let json = B64.decode(&lic.payload).map_err(|e| LicenseError::Malformed(e.to_string()))?;
    serde_json::from_slice(&json).map_err(|e| LicenseError::Malformed(e.to_string()))
}

/// Every rule the install applies before trusting a license.
///
/// `latest_seen` is the latest wall-clock time this install has ever observed
/// (persisted); a clock more than the drift allowance behind it is a rollback.
pub fn verify_license(
    lic: &SignedLicense,
    trusted: &[VerifyingKey],
    install_id: &str,
    now: i64,
    latest_seen: i64,
) -> Result<LicensePayload, LicenseError> {
    let payload = open_license(lic, trusted)?;
    if payload.install_id != install_id {
        return Err(LicenseError::WrongInstall);
    }
    if now + MAX_CLOCK_DRIFT_SECS < latest_seen {
        return Err(LicenseError::ClockRollback);
    }
    if payload.issued_at > now + MAX_CLOCK_DRIFT_SECS {
        return Err(LicenseError::IssuedInFuture);
    }
    if now > payload.valid_until {
        return Err(LicenseError::Expired);
    }
    Ok(payload)
}

fn check_message(install_id: &str, public_key: &str, version: &str, timestamp: i64) -> String {
    format!("{CHECK_DOMAIN}{install_id}.{public_key}.{version}.{timestamp}")
}

/// Builds a check request signed by the install key (install side).
pub fn sign_check(install_id: &str, version: &str, timestamp: i64, key: &SigningKey) -> CheckRequest {
    let pk = encode_key(&key.verifying_key());
    let sig = key.sign(check_message(install_id, &pk, version, timestamp).as_bytes());
    CheckRequest {
        install_id: install_id.into(),
        install_public_key: pk,
        version: version.into(),
        timestamp,
        signature: B64.encode(sig.to_bytes()),
    }
}

/// Verifies that a check request was signed by the key it carries and is fresh
/// (license server side; the server separately pins the key per install).
pub fn verify_check(req: &CheckRequest, now: i64) -> Result<VerifyingKey, LicenseError> {
    let key = decode_key(&req.install_public_key)?;
    let sig = decode_signature(&req.signature)?;
    let msg = check_message(&req.install_id, &req.install_public_key, &req.version, req.timestamp);
    key.verify(msg.as_bytes(), &sig).map_err(|_| LicenseError::BadSignature)?;
    if (req.timestamp - now).abs() > MAX_CLOCK_DRIFT_SECS {
        return Err(LicenseError::Expired);
    }
    Ok(key)
}

/// One row of `GET /v1/installs/{id}/purchases` (license server → install).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseRecord {
    pub id: i64,
    /// What was bought: module or bundle slugs.
    pub items: Vec<String>,
    /// The module slugs it granted (bundles expanded).
    pub modules: Vec<String>,
    pub amount_cents: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub refunded: bool,
}

/// Domain of the signature on `GET /v1/installs/{id}/purchases`.
pub const PURCHASES_DOMAIN: &str = "archnest-purchases-v1.";

/// The signed fields of a purchase-history request (sent as headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchasesAuth {
    pub install_public_key: String,
    pub timestamp: i64,
    pub signature: String,
}

pub fn purchases_message(install_id: &str, public_key: &str, timestamp: i64) -> String {
    format!("{PURCHASES_DOMAIN}{install_id}.{public_key}.{timestamp}")
}

/// Signs a purchase-history request with the install key (install side).
pub fn sign_purchases(install_id: &str, timestamp: i64, key: &SigningKey) -> PurchasesAuth {
    let pk = encode_key(&key.verifying_key());
    let sig = key.sign(purchases_message(install_id, &pk, timestamp).as_bytes());
    PurchasesAuth { install_public_key: pk, timestamp, signature: B64.encode(sig.to_bytes()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn payload(now: i64) -> LicensePayload {
        LicensePayload {
            install_id: "inst-1".into(),
            modules: vec!["audit-log".into(), "from-the-future".into()],
            issued_at: now,
            valid_until: now + VALIDITY_SECS,
            license_id: "lic-1".into(),
        }
    }

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn valid_license_verifies_and_ignores_unknown_slugs() {
        let k = key(1);
        let lic = sign_license(&payload(NOW), &k);
        let p = verify_license(&lic, &[k.verifying_key()], "inst-1", NOW + 10, NOW).unwrap();
        assert_eq!(p.module_set().len(), 1);
    }

    #[test]
    fn bad_signature_and_tampered_payload_are_refused() {
        let k = key(1);
        let lic = sign_license(&payload(NOW), &k);
        let other = key(2).verifying_key();
        assert_eq!(verify_license(&lic, &[other], "inst-1", NOW, NOW), Err(LicenseError::BadSignature));
        let mut p = payload(NOW);
        p.modules.push("multi-user".into());
        let forged = SignedLicense { payload: sign_license(&p, &key(9)).payload, ..lic };
        assert_eq!(verify_license(&forged, &[k.verifying_key()], "inst-1", NOW, NOW), Err(LicenseError::BadSignature));
    }

    #[test]
    fn other_install_expired_future_and_rollback_are_refused() {
        let k = key(1);
        let trusted = [k.verifying_key()];
        let lic = sign_license(&payload(NOW), &k);
        assert_eq!(verify_license(&lic, &trusted, "inst-2", NOW, NOW), Err(LicenseError::WrongInstall));
        assert_eq!(verify_license(&lic, &trusted, "inst-1", NOW + VALIDITY_SECS + 1, NOW), Err(LicenseError::Expired));
        assert!(verify_license(&lic, &trusted, "inst-1", NOW + VALIDITY_SECS, NOW).is_ok());
        assert_eq!(verify_license(&lic, &trusted, "inst-1", NOW - 301, NOW - 301), Err(LicenseError::IssuedInFuture));
        assert!(verify_license(&lic, &trusted, "inst-1", NOW - 299, NOW - 299).is_ok());
        assert_eq!(verify_license(&lic, &trusted, "inst-1", NOW + 10, NOW + 3600), Err(LicenseError::ClockRollback));
    }

    #[test]
    fn key_rotation_accepts_any_trusted_key() {
        let old = key(1);
        let new = key(2);
        let trusted = [new.verifying_key(), old.verifying_key()];
        for k in [&old, &new] {
            let lic = sign_license(&payload(NOW), k);
            assert!(verify_license(&lic, &trusted, "inst-1", NOW, NOW).is_ok());
        }
    }

    #[test]
    fn malformed_and_unknown_alg() {
        let k = key(1);
        let mut lic = sign_license(&payload(NOW), &k);
        lic.alg = "rsa".into();
        assert!(matches!(open_license(&lic, &[k.verifying_key()]), Err(LicenseError::UnsupportedAlg(_))));
        lic.alg = "ed25519".into();
        lic.signature = "!!".into();
        assert!(matches!(open_license(&lic, &[k.verifying_key()]), Err(LicenseError::Malformed(_))));
    }

    #[test]
    fn check_requests_are_signed_by_the_install_key() {
        let k = key(7);
        let req = sign_check("inst-1", "0.1.0", NOW, &k);
        assert_eq!(verify_check(&req, NOW).unwrap(), k.verifying_key());
        let mut tampered = req.clone();
        tampered.install_id = "inst-2".into();
        assert_eq!(verify_check(&tampered, NOW), Err(LicenseError::BadSignature));
        assert_eq!(verify_check(&req, NOW + 3600), Err(LicenseError::Expired));
    }
}
