//! Host metrics over SSH (free core: CPU, memory, disk): the collector with its kept
//! connections, the parser of the one batched command, storage with rolling history,
//! and the read models the Metrics page and Glance use.

pub mod collector;
pub mod compact;
pub mod parse;
pub mod settings;
pub mod store;
pub mod view;

pub use collector::MetricsCollector;
pub use view::{history, overview, HostOverview, Range};
