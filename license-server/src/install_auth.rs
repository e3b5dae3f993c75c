//! Install-signed read requests (the purchase history). The install proves it holds
//! the key pinned by its license checks by signing
//!
//! ```text
//! archnest-purchases-v1.<install_id>.<install_public_key>.<timestamp>
//! ```
//!
//! with Ed25519 (signature base64, standard alphabet). The timestamp must be within
//! five minutes of the server clock. The domain prefix keeps this signature from being
//! replayed as a license check (`archnest-check-v1.`) and vice versa. Pure functions.

pub use archnest_modules::license::{purchases_message, sign_purchases, PurchasesAuth, PURCHASES_DOMAIN};
use archnest_modules::license::{decode_key, MAX_CLOCK_DRIFT_SECS};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};

/// Header names that carry the signed fields of `GET /v1/installs/{id}/purchases`.
pub const HEADER_PUBLIC_KEY: &str = "x-archnest-public-key";
pub const HEADER_TIMESTAMP: &str = "x-archnest-timestamp";
pub const HEADER_SIGNATURE: &str = "x-archnest-signature";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstallAuthError {
    #[error("malformed install signature fields: {0}")]
    Malformed(&'static str),
    #[error("install signature does not verify")]
    BadSignature,
    #[error("request timestamp is more than five minutes off the server clock")]
    Stale,
}

/// Server side: checks the signature and freshness; the caller compares the key with
/// the pinned one.
pub fn verify_purchases(install_id: &str, auth: &PurchasesAuth, now: i64) -> Result<VerifyingKey, InstallAuthError> {
    let key = decode_key(&auth.install_public_key).map_err(|_| InstallAuthError::Malformed("public key"))?;
    let bytes = B64.decode(&auth.signature).map_err(|_| InstallAuthError::Malformed("signature"))?;
    let arr: [u8; 64] = bytes.try_into().map_err(|_| InstallAuthError::Malformed("signature"))?;
    let msg = purchases_message(install_id, &auth.install_public_key, auth.timestamp);
    key.verify(msg.as_bytes(), &Signature::from_bytes(&arr)).map_err(|_| InstallAuthError::BadSignature)?;
    if (auth.timestamp - now).abs() > MAX_CLOCK_DRIFT_SECS {
        return Err(InstallAuthError::Stale);
    }
    Ok(key)
}

/// Install ids are opaque, but they end up in URLs, logs and Stripe metadata, so the
/// accepted alphabet is narrow.
pub fn valid_install_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn signed_request_verifies_and_tampering_fails() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let auth = sign_purchases("inst-1", NOW, &key);
        assert_eq!(verify_purchases("inst-1", &auth, NOW + 5), Ok(key.verifying_key()));
        assert_eq!(verify_purchases("inst-2", &auth, NOW), Err(InstallAuthError::BadSignature));
        assert_eq!(verify_purchases("inst-1", &auth, NOW + 3600), Err(InstallAuthError::Stale));
        let other = PurchasesAuth { timestamp: NOW + 1, ..auth.clone() };
        assert_eq!(verify_purchases("inst-1", &other, NOW), Err(InstallAuthError::BadSignature));
        let junk = PurchasesAuth { signature: "!!".into(), ..auth };
        assert!(matches!(verify_purchases("inst-1", &junk, NOW), Err(InstallAuthError::Malformed(_))));
    }

    #[test]
    fn install_id_alphabet() {
        assert!(valid_install_id("3f2a-inst_01"));
        assert!(!valid_install_id(""));
        assert!(!valid_install_id("a/b"));
        assert!(!valid_install_id(&"a".repeat(129)));
    }
}
