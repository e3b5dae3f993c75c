//! What an install is entitled to, and the license payload that says so. Pure: the
//! store loads rows, this decides. Rule: modules of every non-refunded purchase, plus
//! admin grants, minus admin revocations (a revocation wins over a purchase).

use archnest_modules::license::{LicensePayload, VALIDITY_SECS};
use archnest_modules::{Module, ModuleSet};

/// An admin decision about one module of one install.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Override {
    Grant(Module),
    Revoke(Module),
}

/// A purchase as far as entitlement cares: the module slugs it granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchasedModules {
    pub modules: ModuleSet,
    pub refunded: bool,
}

pub fn entitled_modules(purchases: &[PurchasedModules], overrides: &[Override]) -> ModuleSet {
    let mut set = ModuleSet::EMPTY;
    for p in purchases.iter().filter(|p| !p.refunded) {
        p.modules.iter().for_each(|m| set.insert(m));
    }
    for o in overrides {
        if let Override::Grant(m) = o {
            set.insert(*m);
        }
    }
    let revoked: ModuleSet = overrides
        .iter()
        .filter_map(|o| match o {
            Override::Revoke(m) => Some(*m),
            Override::Grant(_) => None,
        })
        .collect();
    set.iter().filter(|m| !revoked.contains(*m)).collect()
}

/// The payload the server signs: modules in catalogue order, valid for seven days.
pub fn license_payload(install_id: &str, license_id: &str, modules: ModuleSet, now: i64) -> LicensePayload {
    LicensePayload {
        install_id: install_id.to_owned(),
        modules: modules.iter().map(|m| m.slug().to_owned()).collect(),
        issued_at: now,
        valid_until: now + VALIDITY_SECS,
        license_id: license_id.to_owned(),
    }
}

/// Comma-joined slugs, the storage form of a module set.
pub fn join_slugs(set: ModuleSet) -> String {
    set.iter().map(Module::slug).collect::<Vec<_>>().join(",")
}

pub fn split_slugs(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bought(slugs: &[&str], refunded: bool) -> PurchasedModules {
        PurchasedModules { modules: ModuleSet::from_slugs(slugs.iter().copied()), refunded }
    }

    #[test]
    fn purchases_grants_and_revocations_combine() {
        let purchases = [bought(&["audit-log", "theme-forest"], false), bought(&["global-search"], true)];
        let overrides = [Override::Grant(Module::MultiUser), Override::Revoke(Module::ThemeForest)];
        let set = entitled_modules(&purchases, &overrides);
        let slugs: Vec<_> = set.iter().map(Module::slug).collect();
        assert_eq!(slugs, vec!["multi-user", "audit-log"]);
    }

    #[test]
    fn payload_lasts_seven_days() {
        let p = license_payload("inst", "lic", ModuleSet::from_slugs(["audit-log"]), 100);
        assert_eq!(p.valid_until - p.issued_at, 7 * 24 * 3600);
        assert_eq!(p.modules, vec!["audit-log"]);
        assert_eq!(join_slugs(ModuleSet::from_slugs(["audit-log", "multi-user"])), "multi-user,audit-log");
        assert_eq!(split_slugs(" a, ,b").collect::<Vec<_>>(), vec!["a", "b"]);
    }
}
