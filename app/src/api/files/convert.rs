//! Server side of the file functions: the cached SFTP session for this user and host,
//! and the mapping of backend results to wire types and `AppError`.

use super::*;
use archnest_backend::auth::CurrentUser;
use archnest_backend::sftp::ops::{self, Kind};
use archnest_backend::sftp::{FsError, Sftp};
use archnest_backend::{audit, AppState};
use std::sync::Arc;

pub struct Ctx {
    st: AppState,
    user: CurrentUser,
    host: i64,
    pub sftp: Arc<Sftp>,
}

impl Ctx {
    pub async fn open(host: i64) -> Result<Ctx, AppError> {
        let st = crate::api::ssr::state()?;
        let user = crate::api::ssr::current_user()?;
        let sftp = st.sftp.get(&st.db, &st.vault, user.id, host).await.map_err(fs_error)?;
        Ok(Ctx { st, user, host, sftp })
    }

    /// Maps the result; a broken session is dropped so the next call reconnects.
    pub async fn finish<T>(&self, r: Result<T, FsError>) -> Result<T, AppError> {
        if let Err(e) = &r {
            if e.is_session() {
                self.st.sftp.evict(self.user.id, self.host).await;
            }
        }
        r.map_err(fs_error)
    }

    pub async fn audit<T>(&self, action: &str, detail: &str, r: &Result<T, FsError>) {
        if r.is_ok() {
            let ip = crate::api::ssr::meta().ip;
            audit::record(&self.st.db, Some(self.user.id), &self.user.username, action, &ip, &format!("host {}: {detail}", self.host)).await;
        }
    }
}

pub fn fs_error(e: FsError) -> AppError {
    match e {
        FsError::Connect(archnest_backend::ssh::ConnectError::NotFound) => AppError::NotFound,
        FsError::Exists { .. } | FsError::Changed { .. } => AppError::Conflict(e.to_string()),
        FsError::Invalid(reason) => AppError::invalid("path", reason),
        other => AppError::Remote(other.to_string()),
    }
}

pub fn listing(l: ops::Listing) -> DirListing {
    DirListing {
        path: l.path,
        entries: l
            .entries
            .into_iter()
            .map(|e| FileEntry {
                kind: match e.kind {
                    Kind::Dir => EntryKind::Dir,
                    Kind::File => EntryKind::File,
                    Kind::Symlink => EntryKind::Link,
                    Kind::Other => EntryKind::Other,
                },
                name: e.name,
                link_to_dir: e.link_to_dir,
                size: e.size,
                mtime: e.mtime,
                mode: e.mode,
                uid: e.uid,
                gid: e.gid,
                owner: e.owner,
            })
            .collect(),
    }
}

pub fn doc(t: ops::TextFile) -> TextDoc {
    TextDoc { path: t.path, content: t.content, size: t.size, mtime: t.mtime }
}
