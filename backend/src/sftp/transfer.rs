//! Streamed transfers. Uploads pipe an HTTP body into a temporary remote file and
//! rename it into place at the end; downloads read the remote file in chunks. Nothing
//! holds a whole file in memory.

use super::errors::{FsError, FsResult};
use super::ops::{self, mkdir_all, stat_opt};
use super::path::{file_name, join, parent_of, valid_name};
use super::session::Sftp;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use russh_sftp::client::fs::Metadata;
use russh_sftp::protocol::{FileAttributes, OpenFlags};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

/// Bytes read from the remote file per chunk of a download.
pub const CHUNK: usize = 256 * 1024;
/// Upload bytes gathered before they are handed to SFTP writes.
const WRITE_BUFFER: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, Default)]
pub struct UploadOptions {
    /// Replace an existing file of the same name.
    pub overwrite: bool,
    /// Create missing parent folders (folder uploads).
    pub make_parents: bool,
}

/// Why an upload body ended early.
#[derive(Debug)]
pub struct BodyError(pub String);

/// Removes the temporary file unless the upload completed — also when the request
/// future is dropped because the client went away.
struct TempGuard {
    sftp: Arc<Sftp>,
    path: String,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let (sftp, path) = (self.sftp.clone(), std::mem::take(&mut self.path));
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                if let Err(e) = sftp.sftp.remove_file(path.as_str()).await {
                    tracing::warn!(%path, error = %e, "could not remove an unfinished upload");
                }
            });
        }
    }
}

/// A hidden name beside `path` for a file ArchNest is writing (`tag` says what for).
fn sibling_name(path: &str, tag: &str) -> String {
    let mut rand = [0u8; 6];
    let _ = getrandom::fill(&mut rand);
    let dir = parent_of(path).unwrap_or_else(|| "/".into());
    join(&dir, &format!(".{}.archnest-{tag}-{}", file_name(path), hex::encode(rand)))
}

/// Explains a failed write: "no space" when the file system is full.
pub async fn write_error(s: &Sftp, path: &str, e: &std::io::Error) -> FsError {
    let mapped = FsError::from_io(path, e);
    if let FsError::Failed { .. } = mapped {
        let dir = parent_of(path).unwrap_or_else(|| "/".into());
        if let Ok(Some(v)) = s.sftp.fs_info(dir).await {
            if v.blocks_avail == 0 {
                return FsError::NoSpace { path: path.to_owned() };
            }
        }
    }
    mapped
}

/// Writes `body` to `path` through a temporary file; returns the bytes written.
pub async fn upload<S, E>(s: Arc<Sftp>, path: &str, body: S, opts: UploadOptions) -> FsResult<u64>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    if !path.starts_with('/') {
        return Err(FsError::Invalid(format!("{path:?} is not an absolute path")));
    }
    valid_name(file_name(path))?;
    let parent = parent_of(path).ok_or_else(|| FsError::Invalid("no file name given".into()))?;
    match stat_opt(&s, &parent).await? {
        Some(m) if m.is_dir() => {}
        Some(_) => return Err(FsError::NotADirectory { path: parent }),
        None if opts.make_parents => mkdir_all(&s, &parent).await?,
        None => return Err(FsError::NotFound { path: parent }),
    }
    let existing = ops::lstat_opt(&s, path).await?;
    match &existing {
        Some(m) if m.is_dir() => return Err(FsError::IsADirectory { path: path.to_owned() }),
        Some(_) if !opts.overwrite => return Err(FsError::Exists { path: path.to_owned() }),
        _ => {}
    }

    write_via_temp(&s, path, existing.as_ref(), body).await
}

/// Streams `body` into a new temporary file beside `path`, then moves it into place.
/// `existing` is the file being replaced: its permission bits carry over.
pub(super) async fn write_via_temp<S, E>(s: &Arc<Sftp>, path: &str, existing: Option<&Metadata>, body: S) -> FsResult<u64>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let temp = sibling_name(path, "upload");
    let flags = OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::EXCLUDE;
    let file = s.sftp.open_with_flags(temp.as_str(), flags).await.map_err(|e| FsError::from_sftp(path, e))?;
    let mut guard = TempGuard { sftp: s.clone(), path: temp.clone(), armed: true };
    // HTTP body chunks are often small; SFTP writes are cheapest at full size.
    let mut file = tokio::io::BufWriter::with_capacity(WRITE_BUFFER, file);

    let mut body = body;
    let mut written = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| FsError::Invalid(format!("the upload of {path} was interrupted: {e}")))?;
        if let Err(e) = file.write_all(&chunk).await {
            return Err(write_error(s, path, &e).await);
        }
        written += chunk.len() as u64;
    }
    if let Err(e) = file.shutdown().await {
        return Err(write_error(s, path, &e).await);
    }
    if let Some(mode) = existing.filter(|m| ops::kind_of(m) == ops::Kind::File).and_then(|m| m.permissions) {
        let attrs = FileAttributes { permissions: Some(mode & 0o7777), ..FileAttributes::empty() };
        if let Err(e) = s.sftp.set_metadata(temp.as_str(), attrs).await {
            tracing::warn!(%path, error = %e, "could not carry the permissions over to the new file");
        }
    }
    replace(s, &temp, path, existing.is_some()).await?;
    guard.armed = false;
    Ok(written)
}

/// Moves the finished `temp` onto `path`. SFTP v3 rename never replaces, so an
/// existing file is first moved aside and removed only once the new one is in
/// place; if that move fails, the old file is moved back. At no moment is the
/// old content gone before the new content is complete under its name.
async fn replace(s: &Sftp, temp: &str, path: &str, exists: bool) -> FsResult<()> {
    if !exists {
        return s.sftp.rename(temp, path).await.map_err(|e| FsError::from_sftp(path, e));
    }
    let aside = sibling_name(path, "old");
    s.sftp.rename(path, aside.as_str()).await.map_err(|e| FsError::from_sftp(path, e))?;
    if let Err(e) = s.sftp.rename(temp, path).await {
        if let Err(back) = s.sftp.rename(aside.as_str(), path).await {
            tracing::error!(%path, %aside, error = %back, "could not move the old file back");
            return Err(FsError::Failed {
                path: path.to_owned(),
                message: format!("the new file could not be moved into place ({e}); the previous version is kept as {aside}"),
            });
        }
        return Err(FsError::from_sftp(path, e));
    }
    if let Err(e) = s.sftp.remove_file(aside.as_str()).await {
        tracing::warn!(%path, %aside, error = %e, "could not remove the replaced file");
    }
    Ok(())
}

/// An open remote file ready to stream.
pub struct Download {
    pub size: u64,
    pub mtime: u64,
    pub stream: std::pin::Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>,
}

/// Opens `path` for a streamed download (files only; folders go through [`tar`]).
pub async fn download(s: Arc<Sftp>, path: &str) -> FsResult<Download> {
    let meta = ops::stat(&s, path).await?;
    if meta.is_dir() {
        return Err(FsError::IsADirectory { path: path.to_owned() });
    }
    let file = s.sftp.open(path).await.map_err(|e| FsError::from_sftp(path, e))?;
    // The stream keeps the session alive (the idle reaper skips sessions in use).
    let keep = s.clone();
    let stream = tokio_util::io::ReaderStream::with_capacity(file, CHUNK).map(move |r| {
        let _ = &keep;
        r
    });
    Ok(Download { size: meta.size.unwrap_or(0), mtime: u64::from(meta.mtime.unwrap_or(0)), stream: Box::pin(stream) })
}

/// Streams folder `path` as a tar archive whose entries start with the folder's name.
pub async fn tar(s: Arc<Sftp>, path: &str) -> FsResult<tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>> {
    let meta = ops::stat(&s, path).await?;
    if !meta.is_dir() {
        return Err(FsError::NotADirectory { path: path.to_owned() });
    }
    // A small bounded channel: the walker waits for the client, memory stays flat.
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let root = path.trim_end_matches('/').to_owned();
    let base = match file_name(&root) {
        "" => "root".to_owned(),
        n => n.to_owned(),
    };
    tokio::spawn(async move {
        if let Err(e) = super::tar::write_tree(&s, &root, &base, &tx).await {
            tracing::warn!(path = %root, error = %e, "folder download stopped");
            let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
        }
    });
    Ok(rx)
}
