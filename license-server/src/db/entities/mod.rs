//! sea-orm entities, one file per table. Shapes match `m0001_init`.

pub mod install;
pub mod module_override;
pub mod purchase;
pub mod stripe_event;
