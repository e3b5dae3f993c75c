//! File-manager operations on one SFTP session: list, stat, mkdir, rename/move,
//! recursive delete, chmod, and small text files with a changed-on-disk guard.

use super::errors::{FsError, FsResult};
use super::path::{join, parent_of, valid_name};
use super::session::Sftp;
use bytes::Bytes;
use russh_sftp::client::fs::Metadata;
use russh_sftp::protocol::{FileAttributes, FileType, OpenFlags};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Text files larger than this are not opened in the editor.
pub const TEXT_LIMIT: u64 = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Dir,
    File,
    Symlink,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub kind: Kind,
    /// For symlinks: whether the target is a folder.
    pub link_to_dir: bool,
    pub size: u64,
    pub mtime: u64,
    /// Full `st_mode` (type and permission bits).
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The canonical absolute path listed.
    pub path: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    pub path: String,
    pub content: String,
    pub size: u64,
    pub mtime: u64,
}

pub fn kind_of(m: &Metadata) -> Kind {
    match m.file_type() {
        FileType::Dir => Kind::Dir,
        FileType::File => Kind::File,
        FileType::Symlink => Kind::Symlink,
        FileType::Other => Kind::Other,
    }
}

fn absolute(path: &str) -> FsResult<()> {
    if !path.starts_with('/') || path.contains('\0') {
        return Err(FsError::Invalid(format!("{path:?} is not an absolute path")));
    }
    Ok(())
}

/// `stat` (follows links); `None` when the path does not exist.
pub async fn stat_opt(s: &Sftp, path: &str) -> FsResult<Option<Metadata>> {
    match s.sftp.metadata(path).await {
        Ok(m) => Ok(Some(m)),
        Err(e) => match FsError::from_sftp(path, e) {
            FsError::NotFound { .. } => Ok(None),
            other => Err(other),
        },
    }
}

/// `lstat` (does not follow links); `None` when nothing is there.
pub async fn lstat_opt(s: &Sftp, path: &str) -> FsResult<Option<Metadata>> {
    match s.sftp.symlink_metadata(path).await {
        Ok(m) => Ok(Some(m)),
        Err(e) => match FsError::from_sftp(path, e) {
            FsError::NotFound { .. } => Ok(None),
            other => Err(other),
        },
    }
}

pub async fn stat(s: &Sftp, path: &str) -> FsResult<Metadata> {
    absolute(path)?;
    s.sftp.metadata(path).await.map_err(|e| FsError::from_sftp(path, e))
}

/// Lists a folder; an empty `path` lists the login user's home.
pub async fn list(s: &Sftp, path: &str) -> FsResult<Listing> {
    let wanted = if path.trim().is_empty() { "." } else { path.trim() };
    let canonical = s.sftp.canonicalize(wanted).await.map_err(|e| FsError::from_sftp(wanted, e))?;
    let meta = s.sftp.metadata(canonical.as_str()).await.map_err(|e| FsError::from_sftp(&canonical, e))?;
    if !meta.is_dir() {
        return Err(FsError::NotADirectory { path: canonical });
    }
    let dir = s.sftp.read_dir(canonical.as_str()).await.map_err(|e| FsError::from_sftp(&canonical, e))?;
    let names = s.user_names().await;
    let mut entries = Vec::new();
    for e in dir {
        let name = e.file_name();
        if name == "." || name == ".." {
            continue;
        }
        let m = e.metadata();
        let kind = kind_of(&m);
        let link_to_dir = kind == Kind::Symlink && matches!(stat_opt(s, &join(&canonical, &name)).await, Ok(Some(t)) if t.is_dir());
        let uid = m.uid.unwrap_or(0);
        entries.push(Entry {
            name,
            kind,
            link_to_dir,
            size: m.size.unwrap_or(0),
            mtime: u64::from(m.mtime.unwrap_or(0)),
            mode: m.permissions.unwrap_or(0),
            uid,
            gid: m.gid.unwrap_or(0),
            owner: names.get(&uid).cloned(),
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Listing { path: canonical, entries })
}

/// Creates `name` inside `dir`; refuses when something of that name exists.
pub async fn mkdir(s: &Sftp, dir: &str, name: &str) -> FsResult<String> {
    absolute(dir)?;
    valid_name(name)?;
    let path = join(dir, name);
    if lstat_opt(s, &path).await?.is_some() {
        return Err(FsError::Exists { path });
    }
    s.sftp.create_dir(path.as_str()).await.map_err(|e| FsError::from_sftp(&path, e))?;
    Ok(path)
}

/// Creates `path` and any missing parents (`mkdir -p`).
pub async fn mkdir_all(s: &Sftp, path: &str) -> FsResult<()> {
    absolute(path)?;
    let mut missing = Vec::new();
    let mut cur = path.trim_end_matches('/').to_owned();
    while !cur.is_empty() {
        match stat_opt(s, &cur).await? {
            Some(m) if m.is_dir() => break,
            Some(_) => return Err(FsError::NotADirectory { path: cur }),
            None => {
                missing.push(cur.clone());
                cur = parent_of(&cur).unwrap_or_default();
                if cur == "/" {
                    break;
                }
            }
        }
    }
    for p in missing.into_iter().rev() {
        if let Err(e) = s.sftp.create_dir(p.as_str()).await {
            // Another upload of the same folder may have created it meanwhile.
            if !matches!(stat_opt(s, &p).await, Ok(Some(m)) if m.is_dir()) {
                return Err(FsError::from_sftp(&p, e));
            }
        }
    }
    Ok(())
}

/// Renames or moves `from` to the full path `to`; never replaces an existing entry.
pub async fn rename(s: &Sftp, from: &str, to: &str) -> FsResult<()> {
    absolute(from)?;
    absolute(to)?;
    if let Some(name) = to.rsplit('/').next() {
        valid_name(name)?;
    }
    if lstat_opt(s, from).await?.is_none() {
        return Err(FsError::NotFound { path: from.to_owned() });
    }
    if lstat_opt(s, to).await?.is_some() {
        return Err(FsError::Exists { path: to.to_owned() });
    }
    if let Some(parent) = parent_of(to) {
        match stat_opt(s, &parent).await? {
            Some(m) if m.is_dir() => {}
            Some(_) => return Err(FsError::NotADirectory { path: parent }),
            None => return Err(FsError::NotFound { path: parent }),
        }
    }
    s.sftp.rename(from, to).await.map_err(|e| FsError::from_sftp(from, e))
}

/// Deletes a file, a link, or a folder with everything inside it.
pub async fn delete(s: &Sftp, path: &str) -> FsResult<()> {
    absolute(path)?;
    if path.trim_end_matches('/').is_empty() {
        return Err(FsError::Invalid("refusing to delete /".into()));
    }
    let Some(meta) = lstat_opt(s, path).await? else {
        return Err(FsError::NotFound { path: path.to_owned() });
    };
    if kind_of(&meta) != Kind::Dir {
        return s.sftp.remove_file(path).await.map_err(|e| FsError::from_sftp(path, e));
    }
    // Depth-first without recursion: folders are removed after their contents.
    let mut stack = vec![(path.to_owned(), false)];
    while let Some((dir, visited)) = stack.pop() {
        if visited {
            s.sftp.remove_dir(dir.as_str()).await.map_err(|e| FsError::from_sftp(&dir, e))?;
            continue;
        }
        stack.push((dir.clone(), true));
        let entries = s.sftp.read_dir(dir.as_str()).await.map_err(|e| FsError::from_sftp(&dir, e))?;
        for e in entries {
            let name = e.file_name();
            if name == "." || name == ".." {
                continue;
            }
            let child = join(&dir, &name);
            if e.file_type().is_dir() {
                stack.push((child, false));
            } else {
                s.sftp.remove_file(child.as_str()).await.map_err(|e| FsError::from_sftp(&child, e))?;
            }
        }
    }
    Ok(())
}

/// Sets the permission bits (`0o7777` at most).
pub async fn chmod(s: &Sftp, path: &str, mode: u32) -> FsResult<()> {
    absolute(path)?;
    if mode > 0o7777 {
        return Err(FsError::Invalid(format!("{mode:o} is not a permission mode (at most 7777)")));
    }
    let attrs = FileAttributes { permissions: Some(mode), ..FileAttributes::empty() };
    s.sftp.set_metadata(path, attrs).await.map_err(|e| FsError::from_sftp(path, e))
}

/// Reads a UTF-8 text file up to [`TEXT_LIMIT`].
pub async fn read_text(s: &Sftp, path: &str) -> FsResult<TextFile> {
    let meta = stat(s, path).await?;
    if meta.is_dir() {
        return Err(FsError::IsADirectory { path: path.to_owned() });
    }
    let size = meta.size.unwrap_or(0);
    if size > TEXT_LIMIT {
        return Err(FsError::TooLarge { path: path.to_owned(), limit: TEXT_LIMIT });
    }
    let file = s.sftp.open(path).await.map_err(|e| FsError::from_sftp(path, e))?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(TEXT_LIMIT + 1).read_to_end(&mut bytes).await.map_err(|e| FsError::from_io(path, &e))?;
    if bytes.len() as u64 > TEXT_LIMIT {
        return Err(FsError::TooLarge { path: path.to_owned(), limit: TEXT_LIMIT });
    }
    let content = String::from_utf8(bytes).map_err(|_| FsError::NotText { path: path.to_owned() })?;
    Ok(TextFile { path: path.to_owned(), content, size, mtime: u64::from(meta.mtime.unwrap_or(0)) })
}

/// Saves a text file. When `expected` (size, mtime) is given, refuses if the file on
/// disk is no longer the one that was loaded.
///
/// The new text is written to a temporary file and moved into place, so a full disk
/// or a dropped connection never leaves a half-written file. Like an editor's
/// "backupcopy=auto", it writes in place instead when replacing would change the
/// file's owner or the folder is not writable; a link is followed to its target.
pub async fn write_text(s: &Arc<Sftp>, path: &str, content: &str, expected: Option<(u64, u64)>) -> FsResult<TextFile> {
    absolute(path)?;
    if content.len() as u64 > TEXT_LIMIT {
        return Err(FsError::TooLarge { path: path.to_owned(), limit: TEXT_LIMIT });
    }
    let target = match lstat_opt(s, path).await? {
        Some(m) if kind_of(&m) == Kind::Symlink => s.sftp.canonicalize(path).await.map_err(|e| FsError::from_sftp(path, e))?,
        _ => path.to_owned(),
    };
    let current = stat_opt(s, &target).await?;
    if let Some(m) = &current {
        if m.is_dir() {
            return Err(FsError::IsADirectory { path: path.to_owned() });
        }
    }
    if let Some((size, mtime)) = expected {
        match &current {
            None => return Err(FsError::NotFound { path: path.to_owned() }),
            Some(m) => {
                let (now_size, now_mtime) = (m.size.unwrap_or(0), u64::from(m.mtime.unwrap_or(0)));
                if (now_size, now_mtime) != (size, mtime) {
                    return Err(FsError::Changed { path: path.to_owned(), size: now_size, mtime: now_mtime });
                }
            }
        }
    }
    let foreign_owner = match (&current, s.own_uid().await) {
        (Some(m), Some(me)) => m.uid.is_some_and(|uid| uid != me),
        _ => false,
    };
    let body = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(Bytes::copy_from_slice(content.as_bytes()))]);
    let in_place = foreign_owner
        || match super::transfer::write_via_temp(s, &target, current.as_ref(), body).await {
            Ok(_) => false,
            Err(FsError::PermissionDenied { .. }) if current.is_some() => true,
            Err(e) => return Err(e),
        };
    if in_place {
        write_in_place(s, &target, content).await?;
    }
    let meta = stat(s, &target).await?;
    Ok(TextFile { path: path.to_owned(), content: String::new(), size: meta.size.unwrap_or(0), mtime: u64::from(meta.mtime.unwrap_or(0)) })
}

/// Truncates and rewrites `path` (for files that cannot be replaced by a rename).
async fn write_in_place(s: &Sftp, path: &str, content: &str) -> FsResult<()> {
    let flags = OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    let mut file = s.sftp.open_with_flags(path, flags).await.map_err(|e| FsError::from_sftp(path, e))?;
    let written = async {
        file.write_all(content.as_bytes()).await?;
        file.shutdown().await
    }
    .await;
    match written {
        Ok(()) => Ok(()),
        Err(e) => Err(super::transfer::write_error(s, path, &e).await),
    }
}
