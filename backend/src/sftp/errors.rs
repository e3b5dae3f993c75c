//! File-manager failures in terms a user can act on. SFTP v3 (what OpenSSH speaks)
//! only has a handful of status codes; "name exists" and "no space" are detected by
//! the operations themselves (a stat before, a statvfs after a failed write).

use crate::ssh::ConnectError;
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::protocol::StatusCode;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FsError {
    #[error("Permission denied: {path}")]
    PermissionDenied { path: String },
    #[error("No such file or folder: {path}")]
    NotFound { path: String },
    #[error("A file or folder named {path} already exists")]
    Exists { path: String },
    #[error("No space left on the remote disk while writing {path}")]
    NoSpace { path: String },
    #[error("{path} is not a folder")]
    NotADirectory { path: String },
    #[error("{path} is a folder")]
    IsADirectory { path: String },
    #[error("{path} is larger than {limit} bytes; download it instead")]
    TooLarge { path: String, limit: u64 },
    #[error("{path} is not a text file (it is not valid UTF-8); download it instead")]
    NotText { path: String },
    #[error("{path} changed on disk since you opened it (now {size} bytes, modified {mtime}); reload it before saving")]
    Changed { path: String, size: u64, mtime: u64 },
    #[error("{0}")]
    Invalid(String),
    #[error("Could not connect: {0}")]
    Connect(ConnectError),
    #[error("The SFTP session failed: {0}")]
    Session(String),
    #[error("The server refused the operation on {path}: {message}")]
    Failed { path: String, message: String },
}

impl FsError {
    /// Maps an SFTP error for `path`.
    pub fn from_sftp(path: &str, e: SftpError) -> FsError {
        let path = path.to_owned();
        match e {
            SftpError::Status(s) => match s.status_code {
                StatusCode::NoSuchFile => FsError::NotFound { path },
                StatusCode::PermissionDenied => FsError::PermissionDenied { path },
                StatusCode::NoConnection | StatusCode::ConnectionLost => FsError::Session(s.error_message),
                StatusCode::OpUnsupported => FsError::Failed { path, message: "operation not supported by this server".into() },
                _ => FsError::Failed { path, message: detail(&s.error_message) },
            },
            SftpError::Timeout => FsError::Session("the server did not answer in time".into()),
            SftpError::IO(m) => FsError::Session(m),
            other => FsError::Session(other.to_string()),
        }
    }

    /// Maps an I/O error from reading or writing an SFTP file (russh-sftp reports the
    /// server's status message as the error text).
    pub fn from_io(path: &str, e: &std::io::Error) -> FsError {
        let path = path.to_owned();
        let msg = e.to_string();
        match msg.as_str() {
            "No such file" => FsError::NotFound { path },
            "Permission denied" => FsError::PermissionDenied { path },
            _ if e.kind() == std::io::ErrorKind::TimedOut => FsError::Session("the server did not answer in time".into()),
            _ => FsError::Failed { path, message: detail(&msg) },
        }
    }

    /// Whether the session is unusable and should be dropped from the cache.
    pub fn is_session(&self) -> bool {
        matches!(self, FsError::Session(_))
    }
}

fn detail(message: &str) -> String {
    if message.is_empty() || message == "Failure" {
        "the server reported a generic failure (for example a folder that is not empty, or a full disk)".into()
    } else {
        message.to_owned()
    }
}

pub type FsResult<T> = Result<T, FsError>;

#[cfg(test)]
mod tests {
    use super::*;
    use russh_sftp::protocol::Status;

    fn status(code: StatusCode, msg: &str) -> SftpError {
        SftpError::Status(Status { id: 1, status_code: code, error_message: msg.into(), language_tag: "en".into() })
    }

    #[test]
    fn status_codes_map_to_precise_errors() {
        assert_eq!(FsError::from_sftp("/x", status(StatusCode::NoSuchFile, "No such file")), FsError::NotFound { path: "/x".into() });
        assert_eq!(FsError::from_sftp("/x", status(StatusCode::PermissionDenied, "")), FsError::PermissionDenied { path: "/x".into() });
        assert!(FsError::from_sftp("/x", status(StatusCode::ConnectionLost, "gone")).is_session());
        let generic = FsError::from_sftp("/x", status(StatusCode::Failure, "Failure")).to_string();
        assert!(generic.contains("generic failure"), "{generic}");
        let io = std::io::Error::other("Permission denied");
        assert_eq!(FsError::from_io("/y", &io), FsError::PermissionDenied { path: "/y".into() });
    }
}
