//! The single source of truth for ArchNest's open-core catalogue.
//!
//! Server guards, UI lock badges, the Module Store and the license server all read
//! [`Module`], [`Bundle`] and [`caps`] from here, so there is no second list to drift.
//! Adding a variant without its slug, name, description and group fails to compile
//! because every accessor is an exhaustive `match`.
//!
//! This crate compiles for `wasm32` (no IO, no database). The optional `crypto`
//! feature adds the license payload format and its Ed25519 verification.

mod access;
mod bundle;
pub mod caps;
mod module;
mod secret;
mod set;

#[cfg(feature = "crypto")]
pub mod license;

pub use access::Access;
pub use bundle::Bundle;
pub use secret::Secret;
pub use module::{Group, Module, UnknownModule, MODULE_PRICE_CENTS};
pub use set::ModuleSet;

/// Formats cents as US dollars the way the store shows them: `$5`, `$99`, `$2.50`.
pub fn format_price(cents: u32) -> String {
    if cents.is_multiple_of(100) {
        format!("${}", cents / 100)
    } else {
        format!("${}.{:02}", cents / 100, cents % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_format_like_the_store() {
        assert_eq!(format_price(500), "$5");
        assert_eq!(format_price(9900), "$99");
        assert_eq!(format_price(250), "$2.50");
        assert_eq!(format_price(0), "$0");
    }
}
