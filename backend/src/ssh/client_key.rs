//! Client private keys as users paste or upload them: OpenSSH, PEM (PKCS#1, PKCS#8,
//! encrypted PKCS#8, legacy encrypted PEM) and PuTTY formats, ed25519/ecdsa/rsa.

use russh::keys::{decode_secret_key, HashAlg, PrivateKey};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("this key is protected by a passphrase; enter it")]
    NeedsPassphrase,
    #[error("the passphrase does not unlock this key")]
    WrongPassphrase,
    #[error("unsupported key type: {0}")]
    Unsupported(String),
    #[error("not a private key in OpenSSH, PEM or PuTTY format")]
    NotAKey,
}

/// A decoded key and the public facts shown to the user.
pub struct ParsedKey {
    pub key: PrivateKey,
    pub algorithm: String,
    pub fingerprint: String,
}

pub fn parse(text: &str, passphrase: Option<&str>) -> Result<ParsedKey, KeyError> {
    let passphrase = passphrase.filter(|p| !p.is_empty());
    if !text.contains("-----BEGIN") && !text.trim_start().starts_with("PuTTY-User-Key-File-") {
        return Err(KeyError::NotAKey);
    }
    let key = decode_secret_key(text, passphrase).map_err(|e| classify(e, passphrase.is_some(), text))?;
    // An OpenSSH key with a passphrase decodes without one into an encrypted shell.
    if key.is_encrypted() {
        return Err(if passphrase.is_some() { KeyError::WrongPassphrase } else { KeyError::NeedsPassphrase });
    }
    let public = key.public_key();
    Ok(ParsedKey {
        algorithm: public.algorithm().as_str().to_owned(),
        fingerprint: public.fingerprint(HashAlg::Sha256).to_string(),
        key,
    })
}

fn classify(e: russh::keys::Error, had_passphrase: bool, text: &str) -> KeyError {
    use russh::keys::Error as E;
    let encrypted_pem = text.contains("ENCRYPTED") || text.contains("Proc-Type: 4,ENCRYPTED");
    match e {
        E::KeyIsEncrypted => KeyError::NeedsPassphrase,
        E::UnsupportedKeyType { key_type_string, .. } => KeyError::Unsupported(key_type_string),
        E::UnknownAlgorithm(oid) => KeyError::Unsupported(oid.to_string()),
        _ if encrypted_pem && !had_passphrase => KeyError::NeedsPassphrase,
        _ if encrypted_pem || had_passphrase => KeyError::WrongPassphrase,
        _ => KeyError::NotAKey,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_text_that_is_not_a_key() {
        assert_eq!(parse("hello", None).err(), Some(KeyError::NotAKey));
        assert_eq!(parse("ssh-ed25519 AAAAC3Nza user@host", None).err(), Some(KeyError::NotAKey));
    }
}
