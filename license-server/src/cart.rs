//! Cart pricing and validation for `POST /v1/checkout`. Pure: it takes what the install
//! already owns and returns the Stripe line items, so the rules are unit-testable and
//! portable (e.g. to a Worker). Prices come from `archnest-modules`, never the client.

use archnest_modules::{Bundle, Module, ModuleSet};

/// Carts larger than this are refused; the whole catalogue is 35 slugs.
pub const MAX_ITEMS: usize = 40;

/// One priced item: a module or a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Module(Module),
    Bundle(Bundle),
}

impl Item {
    pub fn parse(slug: &str) -> Option<Item> {
        Module::from_slug(slug).map(Item::Module).or_else(|| Bundle::from_slug(slug).map(Item::Bundle))
    }

    pub fn slug(&self) -> &'static str {
        match self {
            Item::Module(m) => m.slug(),
            Item::Bundle(b) => b.slug(),
        }
    }

    pub fn name(&self) -> String {
        match self {
            Item::Module(m) => format!("ArchNest module: {}", m.name()),
            Item::Bundle(b) => format!("ArchNest bundle: {}", b.name()),
        }
    }

    pub fn price_cents(&self) -> u32 {
        match self {
            Item::Module(m) => m.price_cents(),
            Item::Bundle(b) => b.price_cents(),
        }
    }

    pub fn modules(&self) -> ModuleSet {
        match self {
            Item::Module(m) => [*m].into_iter().collect(),
            Item::Bundle(b) => b.modules().iter().copied().collect(),
        }
    }
}

/// A validated cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cart {
    pub items: Vec<Item>,
    pub total_cents: u32,
}

impl Cart {
    pub fn slugs(&self) -> Vec<&'static str> {
        self.items.iter().map(Item::slug).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("the cart is empty")]
    Empty,
    #[error("the cart holds more than {MAX_ITEMS} items")]
    TooLarge,
    #[error("unknown module or bundle `{0}`")]
    Unknown(String),
    #[error("`{0}` is in the cart twice")]
    Duplicate(String),
    #[error("`{0}` is already owned by this install")]
    AlreadyOwned(String),
    #[error("every module of bundle `{0}` is already owned by this install")]
    BundleAlreadyOwned(String),
    #[error("`{module}` is already included in bundle `{bundle}` in the cart")]
    IncludedInBundle { module: String, bundle: String },
}

/// Validates slugs against the catalogue and what the install owns, and prices them.
pub fn price_cart(slugs: &[String], owned: ModuleSet) -> Result<Cart, CartError> {
    if slugs.is_empty() {
        return Err(CartError::Empty);
    }
    if slugs.len() > MAX_ITEMS {
        return Err(CartError::TooLarge);
    }
    let mut items: Vec<Item> = Vec::with_capacity(slugs.len());
    for slug in slugs {
        let item = Item::parse(slug.trim()).ok_or_else(|| CartError::Unknown(slug.clone()))?;
        if items.contains(&item) {
            return Err(CartError::Duplicate(item.slug().into()));
        }
        let modules = item.modules();
        if modules.iter().all(|m| owned.contains(m)) {
            return Err(match item {
                Item::Module(m) => CartError::AlreadyOwned(m.slug().into()),
                Item::Bundle(b) => CartError::BundleAlreadyOwned(b.slug().into()),
            });
        }
        items.push(item);
    }
    for item in &items {
        if let Item::Module(m) = item {
            let bundle = items.iter().find_map(|other| match other {
                Item::Bundle(b) if b.modules().contains(m) => Some(*b),
                _ => None,
            });
            if let Some(b) = bundle {
                return Err(CartError::IncludedInBundle { module: m.slug().into(), bundle: b.slug().into() });
            }
        }
    }
    let total_cents = items.iter().map(Item::price_cents).sum();
    Ok(Cart { items, total_cents })
}

/// Expands purchased item slugs (modules or bundles) into module slugs, in catalogue order.
/// Unknown slugs are kept out: a purchase can only grant what the catalogue knows.
pub fn expand_items<'a>(slugs: impl IntoIterator<Item = &'a str>) -> ModuleSet {
    let mut set = ModuleSet::EMPTY;
    for item in slugs.into_iter().filter_map(Item::parse) {
        for m in item.modules().iter() {
            set.insert(m);
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cart(slugs: &[&str], owned: ModuleSet) -> Result<Cart, CartError> {
        price_cart(&slugs.iter().map(|s| s.to_string()).collect::<Vec<_>>(), owned)
    }

    #[test]
    fn prices_modules_and_bundles() {
        let c = cart(&["audit-log", "ssh-pro"], ModuleSet::EMPTY).unwrap();
        assert_eq!(c.total_cents, 500 + 2500);
        assert_eq!(c.slugs(), vec!["audit-log", "ssh-pro"]);
    }

    #[test]
    fn refuses_bad_carts() {
        assert_eq!(cart(&[], ModuleSet::EMPTY), Err(CartError::Empty));
        assert_eq!(cart(&["nope"], ModuleSet::EMPTY), Err(CartError::Unknown("nope".into())));
        assert_eq!(cart(&["audit-log", "audit-log"], ModuleSet::EMPTY), Err(CartError::Duplicate("audit-log".into())));
        let err = cart(&["tmux-integration", "ssh-pro"], ModuleSet::EMPTY).unwrap_err();
        assert!(matches!(err, CartError::IncludedInBundle { .. }), "{err}");
        let many: Vec<&str> = std::iter::repeat_n("audit-log", MAX_ITEMS + 1).collect();
        assert_eq!(cart(&many, ModuleSet::EMPTY), Err(CartError::TooLarge));
    }

    #[test]
    fn refuses_owned_items_but_allows_partly_owned_bundles() {
        let owned: ModuleSet = [Module::AuditLog, Module::ThemeForest].into_iter().collect();
        assert_eq!(cart(&["audit-log"], owned), Err(CartError::AlreadyOwned("audit-log".into())));
        assert!(cart(&["all-themes"], owned).is_ok());
        let themes = expand_items(["all-themes"]);
        assert_eq!(cart(&["all-themes"], themes), Err(CartError::BundleAlreadyOwned("all-themes".into())));
    }

    #[test]
    fn ssh_pro_expands_to_eight_modules() {
        let set = expand_items(["ssh-pro", "unknown-thing"]);
        assert_eq!(set.len(), 8);
        assert!(set.contains(Module::HostToHostTransfer));
        assert_eq!(expand_items(["everything"]).len(), 30);
    }
}
