//! sea-orm entities mirroring the current schema of `archnest-migrations`.

pub mod audit_event;
pub mod bookmark;
pub mod session;
pub mod setting;
pub mod user;
