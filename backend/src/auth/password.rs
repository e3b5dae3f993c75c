//! Password hashing with Argon2id at OWASP's recommended cost
//! (m = 19 MiB, t = 2, p = 1). Verification is constant-time inside `argon2`.

use super::AuthError;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 1024;

fn argon2() -> Argon2<'static> {
    // Constant, valid parameters; `Params::new` only fails on out-of-range values.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> Result<String, AuthError> {
    let salt = crate::keyfile::random_bytes::<16>();
    argon2()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// `verify` on a blocking thread, for async callers (Argon2 is slow by design).
pub async fn verify_blocking(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &stored)).await.unwrap_or(false)
}

/// A valid hash of a random password, verified against when the username does not
/// exist so that both paths take the same time (no user enumeration by timing).
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash(&hex::encode(crate::keyfile::random_bytes::<16>())).unwrap_or_default())
}

/// Server-side password rules; the UI shows the same rules with a strength meter.
pub fn validate(password: &str) -> Result<(), AuthError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(AuthError::Invalid { field: "password", reason: format!("must be at least {MIN_LEN} characters") });
    }
    if len > MAX_LEN {
        return Err(AuthError::Invalid { field: "password", reason: format!("must be at most {MAX_LEN} characters") });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_cost_and_verify() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(!verify("x", "not a hash"));
        assert!(!verify("anything", dummy_hash()));
    }

    #[test]
    fn length_rules() {
        assert!(validate("short").is_err());
        assert!(validate("twelve chars").is_ok());
    }
}
