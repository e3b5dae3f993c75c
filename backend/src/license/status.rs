//! The current license as every gate sees it, and how it is derived from the last
//! good signed license, the clock and the outcome of the last check.

use archnest_modules::license::{verify_license, LicenseError, SignedLicense};
use archnest_modules::{Module, ModuleSet};
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, RwLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LicenseStatus {
    /// Verified, and the last check reached the license server.
    Valid,
    /// Verified; the license server could not be reached lately. Works until valid-until.
    OfflineGrace,
    /// The stored license ran out; the free core is active.
    Expired,
    /// The stored license failed verification (signature, install, clock rollback).
    Tampered,
    /// No license yet: the free core.
    Free,
    /// This build has no production public key; it cannot verify licenses.
    NoProductionKey,
}

impl LicenseStatus {
    /// The stable name the UI and APIs use.
    pub fn slug(self) -> &'static str {
        match self {
            LicenseStatus::Valid => "valid",
            LicenseStatus::OfflineGrace => "offline-grace",
            LicenseStatus::Expired => "expired",
            LicenseStatus::Tampered => "tampered",
            LicenseStatus::Free => "free",
            LicenseStatus::NoProductionKey => "no-production-key",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseSnapshot {
    pub status: LicenseStatus,
    pub modules: ModuleSet,
    pub valid_until: Option<i64>,
    pub license_id: Option<String>,
    pub last_check_at: Option<i64>,
    pub last_error: Option<String>,
}

impl LicenseSnapshot {
    pub fn free(status: LicenseStatus) -> Self {
        LicenseSnapshot { status, modules: ModuleSet::EMPTY, valid_until: None, license_id: None, last_check_at: None, last_error: None }
    }
}

/// Derives the effective license. Pure: the caller supplies the clock.
pub fn evaluate(
    stored: Option<&SignedLicense>,
    trusted: &[VerifyingKey],
    install_id: &str,
    now: i64,
    latest_seen: i64,
    last_check_ok: bool,
) -> LicenseSnapshot {
    if trusted.is_empty() {
        return LicenseSnapshot::free(LicenseStatus::NoProductionKey);
    }
    let Some(lic) = stored else { return LicenseSnapshot::free(LicenseStatus::Free) };
    match verify_license(lic, trusted, install_id, now, latest_seen) {
        Ok(p) => LicenseSnapshot {
            status: if last_check_ok { LicenseStatus::Valid } else { LicenseStatus::OfflineGrace },
            modules: p.module_set(),
            valid_until: Some(p.valid_until),
            license_id: Some(p.license_id),
            last_check_at: None,
            last_error: None,
        },
        Err(LicenseError::Expired) => LicenseSnapshot::free(LicenseStatus::Expired),
        Err(_) => LicenseSnapshot::free(LicenseStatus::Tampered),
    }
}

/// Shared, cheap-to-clone handle on the current snapshot.
#[derive(Clone)]
pub struct LicenseHandle(Arc<RwLock<LicenseSnapshot>>);

impl LicenseHandle {
    pub fn new(s: LicenseSnapshot) -> Self {
        LicenseHandle(Arc::new(RwLock::new(s)))
    }

    pub fn get(&self) -> LicenseSnapshot {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set(&self, s: LicenseSnapshot) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = s;
    }

    pub fn owns(&self, m: Module) -> bool {
        self.modules().contains(m)
    }

    /// The licensed modules right now. A license whose `valid_until` has passed
    /// grants nothing, even before the next scheduled re-evaluation.
    pub fn modules(&self) -> ModuleSet {
        let s = self.0.read().unwrap_or_else(|p| p.into_inner());
        match s.valid_until {
            Some(until) if crate::db::now() > until => ModuleSet::EMPTY,
            _ => s.modules,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archnest_modules::license::{sign_license, LicensePayload, VALIDITY_SECS};
    use ed25519_dalek::SigningKey;

    const NOW: i64 = 1_800_000_000;

    fn lic(key: &SigningKey) -> SignedLicense {
        sign_license(
            &LicensePayload {
                install_id: "i".into(),
                modules: vec!["audit-log".into()],
                issued_at: NOW,
                valid_until: NOW + VALIDITY_SECS,
                license_id: "l".into(),
            },
            key,
        )
    }

    #[test]
    fn states() {
        let k = SigningKey::from_bytes(&[3; 32]);
        let t = [k.verifying_key()];
        let l = lic(&k);
        assert_eq!(evaluate(Some(&l), &[], "i", NOW, NOW, true).status, LicenseStatus::NoProductionKey);
        assert_eq!(evaluate(None, &t, "i", NOW, NOW, true).status, LicenseStatus::Free);
        let ok = evaluate(Some(&l), &t, "i", NOW, NOW, true);
        assert_eq!(ok.status, LicenseStatus::Valid);
        assert!(ok.modules.contains(Module::AuditLog));
        assert_eq!(evaluate(Some(&l), &t, "i", NOW + 3 * 86_400, NOW, false).status, LicenseStatus::OfflineGrace);
        let expired = evaluate(Some(&l), &t, "i", NOW + VALIDITY_SECS + 1, NOW, false);
        assert_eq!(expired.status, LicenseStatus::Expired);
        assert!(expired.modules.is_empty());
        assert_eq!(evaluate(Some(&l), &t, "other", NOW, NOW, true).status, LicenseStatus::Tampered);
        assert_eq!(evaluate(Some(&l), &t, "i", NOW, NOW + 86_400, true).status, LicenseStatus::Tampered);
    }
}
