//! sea-orm entities mirroring the current schema of `archnest-migrations`.

pub mod audit_event;
pub mod docker_source;
pub mod bookmark;
pub mod session;
pub mod setting;
pub mod user;
pub mod ssh_host;
pub mod ssh_host_key;
pub mod metric_sample;
pub mod metric_host_status;
pub mod tunnel;
