//! Small, reusable UI pieces.

pub mod empty_state;
pub mod icons;
pub mod module_gate;
pub mod password_meter;

pub use empty_state::EmptyState;
pub use icons::{Icon, IconView};
pub use module_gate::{LockBadge, ModuleGate};
