//! A compact set of modules (one bit each), cheap to copy into every request context
//! and to send to the browser for lock badges.

use crate::Module;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ModuleSet(u32);

impl ModuleSet {
    pub const EMPTY: ModuleSet = ModuleSet(0);

    fn bit(m: Module) -> u32 {
        // `Module::ALL` holds each variant once, so its index is a stable bit.
        let idx = Module::ALL.iter().position(|x| *x == m).unwrap_or(0);
        1 << idx
    }

    pub fn all() -> Self {
        Module::ALL.into_iter().collect()
    }

    pub fn contains(self, m: Module) -> bool {
        self.0 & Self::bit(m) != 0
    }

    pub fn insert(&mut self, m: Module) {
        self.0 |= Self::bit(m);
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Module> {
        Module::ALL.into_iter().filter(move |m| self.contains(*m))
    }

    /// Builds a set from license slugs; unknown slugs (from a newer license server) are
    /// ignored rather than fatal.
    pub fn from_slugs<'a>(slugs: impl IntoIterator<Item = &'a str>) -> Self {
        slugs.into_iter().filter_map(Module::from_slug).collect()
    }
}

impl FromIterator<Module> for ModuleSet {
    fn from_iter<I: IntoIterator<Item = Module>>(iter: I) -> Self {
        let mut s = ModuleSet::EMPTY;
        for m in iter {
            s.insert(m);
        }
        s
    }
}

impl Serialize for ModuleSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ModuleSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let slugs = Vec::<String>::deserialize(d)?;
        Ok(ModuleSet::from_slugs(slugs.iter().map(String::as_str)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut s = ModuleSet::EMPTY;
        assert!(s.is_empty());
        s.insert(Module::GlobalSearch);
        s.insert(Module::MultiPaneTerminal);
        assert!(s.contains(Module::GlobalSearch));
        assert!(!s.contains(Module::AuditLog));
        assert_eq!(s.len(), 2);
        assert_eq!(ModuleSet::all().len(), 30);
    }

    #[test]
    fn unknown_slugs_are_ignored() {
        let s = ModuleSet::from_slugs(["audit-log", "teleport-integration"]);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![Module::AuditLog]);
        let json: ModuleSet = serde_json::from_str(r#"["audit-log","future-thing"]"#).unwrap();
        assert_eq!(json, s);
    }
}
