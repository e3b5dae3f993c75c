//! The SFTP file manager's domain: cached sessions per (user, host), file
//! operations with precise errors, and streamed uploads, downloads and folder tars.

pub mod errors;
pub mod ops;
pub mod path;
pub mod session;
pub mod tar;
pub mod transfer;

pub use errors::{FsError, FsResult};
pub use session::{Sftp, SftpPool};
