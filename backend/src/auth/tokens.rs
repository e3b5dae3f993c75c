//! Session tokens: short-lived HS256 JWTs naming a server-side session. The signing
//! key is random, created at first boot in `<data dir>/jwt.key` (mode 600).
//! A token is only as good as its session row: revoking the row revokes the token.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// A token lives this long; requests refresh it once half of it has passed.
pub const TOKEN_TTL_SECS: i64 = 30 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Session id.
    pub sid: String,
    /// User id, as a string per RFC 7519.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn needs_refresh(&self, now: i64) -> bool {
        self.exp - now < TOKEN_TTL_SECS / 2
    }
}

#[derive(Clone)]
pub struct TokenKeys {
    enc: Arc<EncodingKey>,
    dec: Arc<DecodingKey>,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(<redacted>)")
    }
}

impl TokenKeys {
    pub fn open_or_create(path: &Path) -> std::io::Result<TokenKeys> {
        let secret = crate::keyfile::load_or_create(path, 64)?;
        Ok(TokenKeys::from_secret(&secret))
    }

    pub fn from_secret(secret: &[u8]) -> TokenKeys {
        // HMAC keys of any length are valid; these constructors only fail for other key types.
        let enc = EncodingKey::from_secret(secret).unwrap_or_else(|e| unreachable!("HMAC key: {e}"));
        let dec = DecodingKey::from_secret(secret).unwrap_or_else(|e| unreachable!("HMAC key: {e}"));
        TokenKeys { enc: Arc::new(enc), dec: Arc::new(dec) }
    }

    pub fn issue(&self, sid: &str, user_id: i32, now: i64) -> String {
        let claims = Claims { sid: sid.to_owned(), sub: user_id.to_string(), iat: now, exp: now + TOKEN_TTL_SECS };
        // HS256 over a small struct cannot fail.
        encode(&Header::new(Algorithm::HS256), &claims, &self.enc).unwrap_or_else(|e| {
            tracing::error!(error = %e, "signing a session token failed");
            String::new()
        })
    }

    /// Verifies signature and expiry (no leeway).
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut v = Validation::new(Algorithm::HS256);
        v.leeway = 0;
        v.validate_exp = true;
        v.required_spec_claims = ["exp", "sub"].iter().map(|s| s.to_string()).collect();
        decode::<Claims>(token, &self.dec, &v).ok().map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_verify_and_reject_tampering() {
        let keys = TokenKeys::from_secret(&[1; 64]);
        let now = chrono::Utc::now().timestamp();
        let t = keys.issue("s1", 7, now);
        let c = keys.verify(&t).unwrap();
        assert_eq!((c.sid.as_str(), c.sub.as_str()), ("s1", "7"));
        assert!(!c.needs_refresh(now));
        assert!(c.needs_refresh(now + TOKEN_TTL_SECS / 2 + 1));
        assert!(TokenKeys::from_secret(&[2; 64]).verify(&t).is_none());
        let expired = keys.issue("s1", 7, now - TOKEN_TTL_SECS - 10);
        assert!(keys.verify(&expired).is_none());
        assert!(keys.verify("garbage").is_none());
    }
}
