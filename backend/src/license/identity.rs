//! This install's identity: an ID created once at first boot and an Ed25519 key
//! that signs license checks (the license server pins it, so a copied ID alone
//! cannot fetch this install's license). The key seed is vault-encrypted.

use crate::settings;
use crate::vault::{aad, Vault};
use ed25519_dalek::SigningKey;
use sea_orm::{ConnectionTrait, DbErr};
use sha2::{Digest, Sha256};

const ID_KEY: &str = "install.id";
const SIGNING_KEY: &str = "install.signing_key";

#[derive(Clone)]
pub struct Identity {
    pub install_id: String,
    pub key: SigningKey,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity").field("install_id", &self.install_id).finish_non_exhaustive()
    }
}

/// SHA-256 over the machine id (when readable), 32 random bytes and the time.
fn new_install_id() -> String {
    let machine = std::fs::read_to_string("/etc/machine-id").unwrap_or_default();
    let mut h = Sha256::new();
    h.update(machine.trim().as_bytes());
    h.update(crate::keyfile::random_bytes::<32>());
    h.update(chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default().to_le_bytes());
    hex::encode(h.finalize())
}

pub async fn load_or_create(db: &impl ConnectionTrait, vault: &Vault) -> Result<Identity, DbErr> {
    let install_id = settings::get_or_init(db, ID_KEY, new_install_id).await?;
    let key_aad = aad("settings", SIGNING_KEY, &install_id);
    let stored = settings::get_or_init(db, SIGNING_KEY, || vault.encrypt(&crate::keyfile::random_bytes::<32>(), &key_aad)).await?;
    let seed = vault
        .decrypt(&stored, &key_aad)
        .map_err(|e| DbErr::Custom(format!("install signing key: {e}")))?;
    let seed: [u8; 32] = seed.try_into().map_err(|_| DbErr::Custom("install signing key has the wrong length".into()))?;
    Ok(Identity { install_id, key: SigningKey::from_bytes(&seed) })
}
