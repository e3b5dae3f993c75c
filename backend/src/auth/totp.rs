//! TOTP two-factor (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) and one-time
//! recovery codes. Secrets are vault-encrypted; recovery codes are stored hashed.

use super::AuthError;
use crate::db::now;
use crate::entities::user;
use crate::vault::{aad, Vault};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

pub const ISSUER: &str = "ArchNest";
const RECOVERY_CODES: usize = 10;

/// What the enrollment screen shows once: QR code, manual key and URL.
#[derive(Debug, Clone)]
pub struct Enrollment {
    pub secret_base32: String,
    pub otpauth_url: String,
    pub qr_png_base64: String,
}

fn totp_for(secret: Vec<u8>, account: &str) -> Result<TOTP, AuthError> {
    TOTP::new(Algorithm::SHA1, 6, 1, 30, secret, Some(ISSUER.into()), account.into())
        .map_err(|e| AuthError::Invalid { field: "totp", reason: e.to_string() })
}

fn secret_aad(user_id: i32) -> String {
    aad("users", "totp_secret_enc", user_id)
}

/// Starts enrollment: stores a new (not yet enabled) secret.
pub async fn begin(db: &impl ConnectionTrait, vault: &Vault, u: &user::Model) -> Result<Enrollment, AuthError> {
    let secret = crate::keyfile::random_bytes::<20>().to_vec();
    let totp = totp_for(secret.clone(), &u.username)?;
    let enc = vault.encrypt(&secret, &secret_aad(u.id));
    user::Entity::update(user::ActiveModel {
        id: Set(u.id),
        totp_secret_enc: Set(Some(enc)),
        totp_enabled: Set(false),
        updated_at: Set(now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(Enrollment {
        secret_base32: Secret::Raw(secret).to_encoded().to_string(),
        otpauth_url: totp.get_url(),
        qr_png_base64: totp.get_qr_base64().map_err(|e| AuthError::Hash(e.to_string()))?,
    })
}

/// Checks a 6-digit code against the user's stored secret.
pub fn check_code(vault: &Vault, u: &user::Model, code: &str) -> Result<bool, AuthError> {
    let Some(enc) = &u.totp_secret_enc else { return Ok(false) };
    let secret = vault.decrypt(enc, &secret_aad(u.id))?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(totp_for(secret, &u.username)?.check_current(&code).unwrap_or(false))
}

/// Finishes enrollment with a valid code; returns the recovery codes (shown once).
pub async fn confirm(db: &impl ConnectionTrait, vault: &Vault, u: &user::Model, code: &str) -> Result<Vec<String>, AuthError> {
    if !check_code(vault, u, code)? {
        return Err(AuthError::BadTotp);
    }
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| hash_code(c)).collect();
    user::Entity::update(user::ActiveModel {
        id: Set(u.id),
        totp_enabled: Set(true),
        recovery_codes: Set(serde_json::to_string(&hashes).unwrap_or_else(|_| "[]".into())),
        updated_at: Set(now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(codes)
}

pub async fn disable(db: &impl ConnectionTrait, user_id: i32) -> Result<(), AuthError> {
    user::Entity::update(user::ActiveModel {
        id: Set(user_id),
        totp_enabled: Set(false),
        totp_secret_enc: Set(None),
        recovery_codes: Set("[]".into()),
        updated_at: Set(now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Consumes a recovery code if it is one of the user's unused codes.
pub async fn use_recovery_code(db: &impl ConnectionTrait, u: &user::Model, code: &str) -> Result<bool, AuthError> {
    let mut hashes: Vec<String> = serde_json::from_str(&u.recovery_codes).unwrap_or_default();
    let h = hash_code(code);
    let Some(pos) = hashes.iter().position(|x| x == &h) else { return Ok(false) };
    hashes.remove(pos);
    user::Entity::update(user::ActiveModel {
        id: Set(u.id),
        recovery_codes: Set(serde_json::to_string(&hashes).unwrap_or_else(|_| "[]".into())),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(true)
}

fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes = crate::keyfile::random_bytes::<10>();
    let s: String = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    format!("{}-{}", &s[..5], &s[5..])
}

fn hash_code(code: &str) -> String {
    let normalized: String = code.trim().to_lowercase().chars().filter(|c| *c != ' ').collect();
    hex::encode(Sha256::digest(normalized.as_bytes()))
}

/// The current code for a base32 secret (tests and the CLI use it).
pub fn current_code(secret_base32: &str) -> Option<String> {
    let bytes = Secret::Encoded(secret_base32.to_owned()).to_bytes().ok()?;
    totp_for(bytes, "x").ok()?.generate_current().ok()
}
