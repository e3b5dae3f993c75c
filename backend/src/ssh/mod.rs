//! SSH: host records, the one connection layer with its host-key check, shells, and
//! the OpenSSH file formats users bring (client config, known_hosts, private keys).

pub mod client_key;
pub mod config_import;
pub mod connect;
pub mod hostkeys;
pub mod hosts;
pub mod known_hosts;
pub mod probe;
pub mod shell;

pub use connect::{connect, ConnectError, ConnectOptions, Connection};
