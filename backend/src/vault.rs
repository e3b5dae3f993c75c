//! The vault: one data-encryption key (DEK) that encrypts every stored secret field
//! by field with XChaCha20-Poly1305. The associated data names the table, column and
//! row, so a ciphertext copied into another row or column fails to decrypt.
//!
//! The key lives in `<data dir>/secret.key` (mode 600) or `ARCHNEST_SECRET_KEY_FILE`.
//! It is random, never derived from hardware, so a restore onto another machine
//! works when the key file travels with the database. It is created once and never
//! rewritten; losing it loses the secrets, which is why Settings offers a download.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::path::Path;
use std::sync::Arc;

const PREFIX: &str = "v1:";

#[derive(Clone)]
pub struct Vault {
    cipher: Arc<XChaCha20Poly1305>,
    key_b64: Arc<str>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(<redacted>)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("key file {path}: {source}")]
    KeyFile { path: String, source: std::io::Error },
    #[error("key file {0} does not hold a 32-byte base64 key")]
    BadKey(String),
    #[error("secret cannot be decrypted (wrong key, or it was moved to another record)")]
    Decrypt,
    #[error("stored secret is malformed")]
    Malformed,
}

impl Vault {
    /// Loads the key from `path`, creating it (mode 600) when absent.
    pub fn open_or_create(path: &Path) -> Result<Vault, VaultError> {
        let key = crate::keyfile::load_or_create(path, 32).map_err(|source| VaultError::KeyFile {
            path: path.display().to_string(),
            source,
        })?;
        let key: [u8; 32] = key.try_into().map_err(|_| VaultError::BadKey(path.display().to_string()))?;
        Ok(Vault::from_key(key))
    }

    pub fn from_key(key: [u8; 32]) -> Vault {
        Vault { cipher: Arc::new(XChaCha20Poly1305::new(&key.into())), key_b64: B64.encode(key).into() }
    }

    /// The key file's content, for the admin's "download key" backup.
    pub fn export_key(&self) -> String {
        format!("{}\n", self.key_b64)
    }

    pub fn encrypt(&self, plaintext: &[u8], aad: &str) -> String {
        let mut nonce = [0u8; 24];
        crate::keyfile::fill_random(&mut nonce);
        // Encryption with a fresh nonce and in-memory buffers cannot fail.
        let ct = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: aad.as_bytes() })
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        format!("{PREFIX}{}", B64.encode(out))
    }

    pub fn decrypt(&self, stored: &str, aad: &str) -> Result<Vec<u8>, VaultError> {
        let raw = stored.strip_prefix(PREFIX).ok_or(VaultError::Malformed)?;
        let bytes = B64.decode(raw).map_err(|_| VaultError::Malformed)?;
        if bytes.len() < 24 + 16 {
            return Err(VaultError::Malformed);
        }
        let (nonce, ct) = bytes.split_at(24);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad: aad.as_bytes() })
            .map_err(|_| VaultError::Decrypt)
    }

    pub fn decrypt_string(&self, stored: &str, aad: &str) -> Result<String, VaultError> {
        String::from_utf8(self.decrypt(stored, aad)?).map_err(|_| VaultError::Malformed)
    }
}

/// Associated data for a secret column of a row: `table.column#id`.
pub fn aad(table: &str, column: &str, id: impl std::fmt::Display) -> String {
    format!("{table}.{column}#{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_binding_to_row() {
        let v = Vault::from_key([7; 32]);
        let ct = v.encrypt(b"hunter2", &aad("hosts", "password", 1));
        assert!(!ct.contains("hunter2"));
        assert_eq!(v.decrypt(&ct, &aad("hosts", "password", 1)).unwrap(), b"hunter2");
        assert!(matches!(v.decrypt(&ct, &aad("hosts", "password", 2)), Err(VaultError::Decrypt)));
        assert!(matches!(Vault::from_key([8; 32]).decrypt(&ct, &aad("hosts", "password", 1)), Err(VaultError::Decrypt)));
        assert_ne!(ct, v.encrypt(b"hunter2", &aad("hosts", "password", 1)), "nonces are fresh");
    }

    #[test]
    fn key_file_is_created_once_with_mode_600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.key");
        let a = Vault::open_or_create(&path).unwrap();
        let ct = a.encrypt(b"x", "t");
        let b = Vault::open_or_create(&path).unwrap();
        assert_eq!(b.decrypt(&ct, "t").unwrap(), b"x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(a.export_key(), std::fs::read_to_string(&path).unwrap());
    }
}
