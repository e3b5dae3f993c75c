//! The SFTP file manager's server functions. Transfers (upload, download, preview)
//! are streamed HTTP routes in the server crate (`/api/files/{host}/…`), not here.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryKind {
    Dir,
    File,
    Link,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub kind: EntryKind,
    /// A symlink whose target is a folder (opens like one).
    pub link_to_dir: bool,
    pub size: u64,
    pub mtime: u64,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub owner: Option<String>,
}

impl FileEntry {
    pub fn is_dir_like(&self) -> bool {
        self.kind == EntryKind::Dir || self.link_to_dir
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirListing {
    pub path: String,
    pub entries: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextDoc {
    pub path: String,
    pub content: String,
    pub size: u64,
    pub mtime: u64,
}

/// `drwxr-xr-x` from a full `st_mode`.
pub fn perm_string(kind: EntryKind, mode: u32) -> String {
    let t = match kind {
        EntryKind::Dir => 'd',
        EntryKind::Link => 'l',
        EntryKind::File => '-',
        EntryKind::Other => '?',
    };
    let mut s = String::with_capacity(10);
    s.push(t);
    for (shift, special, special_char) in [(6, 0o4000, 's'), (3, 0o2000, 's'), (0, 0o1000, 't')] {
        let bits = (mode >> shift) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        let x = bits & 1 != 0;
        s.push(match (mode & special != 0, x) {
            (true, true) => special_char,
            (true, false) => special_char.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    s
}

/// Parses `755` / `0755` / `u=rwx`-free octal text into permission bits.
pub fn parse_mode(text: &str) -> Result<u32, String> {
    let t = text.trim().trim_start_matches("0o");
    if t.is_empty() || t.len() > 4 || !t.chars().all(|c| ('0'..='7').contains(&c)) {
        return Err(format!("{text:?} is not an octal mode like 644 or 0755"));
    }
    u32::from_str_radix(t, 8).map_err(|e| e.to_string())
}

#[cfg(feature = "ssr")]
mod convert;

#[server(prefix = "/api/fn", endpoint = "files/list")]
pub async fn list_dir(host: i64, path: String) -> Result<DirListing, AppError> {
    let c = convert::Ctx::open(host).await?;
    let r = archnest_backend::sftp::ops::list(&c.sftp, &path).await;
    c.finish(r).await.map(convert::listing)
}

#[server(prefix = "/api/fn", endpoint = "files/mkdir")]
pub async fn make_dir(host: i64, dir: String, name: String) -> Result<String, AppError> {
    let c = convert::Ctx::open(host).await?;
    let r = archnest_backend::sftp::ops::mkdir(&c.sftp, &dir, &name).await;
    c.finish(r).await
}

/// Renames or moves `from` to the full path `to`.
#[server(prefix = "/api/fn", endpoint = "files/rename")]
pub async fn rename_path(host: i64, from: String, to: String) -> Result<(), AppError> {
    let c = convert::Ctx::open(host).await?;
    let r = archnest_backend::sftp::ops::rename(&c.sftp, &from, &to).await;
    c.audit("file.renamed", &format!("{from} → {to}"), &r).await;
    c.finish(r).await
}

/// Deletes a file, or a folder with everything in it.
#[server(prefix = "/api/fn", endpoint = "files/delete")]
pub async fn delete_path(host: i64, path: String) -> Result<(), AppError> {
    let c = convert::Ctx::open(host).await?;
    let r = archnest_backend::sftp::ops::delete(&c.sftp, &path).await;
    c.audit("file.deleted", &path, &r).await;
    c.finish(r).await
}

/// Sets permissions from octal text (`644`, `0755`).
#[server(prefix = "/api/fn", endpoint = "files/chmod")]
pub async fn chmod_path(host: i64, path: String, mode: String) -> Result<(), AppError> {
    let bits = parse_mode(&mode).map_err(|e| AppError::invalid("mode", e))?;
    let c = convert::Ctx::open(host).await?;
    let r = archnest_backend::sftp::ops::chmod(&c.sftp, &path, bits).await;
    c.audit("file.chmod", &format!("{path} {bits:o}"), &r).await;
    c.finish(r).await
}

#[server(prefix = "/api/fn", endpoint = "files/read-text")]
pub async fn read_text(host: i64, path: String) -> Result<TextDoc, AppError> {
    let c = convert::Ctx::open(host).await?;
    let r = archnest_backend::sftp::ops::read_text(&c.sftp, &path).await;
    c.finish(r).await.map(convert::doc)
}

/// Saves a text file; with `size` and `mtime` (what was loaded) it refuses to
/// overwrite a file that changed on disk meanwhile.
#[server(prefix = "/api/fn", endpoint = "files/write-text")]
pub async fn write_text(host: i64, path: String, content: String, size: Option<u64>, mtime: Option<u64>) -> Result<TextDoc, AppError> {
    let c = convert::Ctx::open(host).await?;
    let r = archnest_backend::sftp::ops::write_text(&c.sftp, &path, &content, size.zip(mtime)).await;
    c.audit("file.edited", &path, &r).await;
    c.finish(r).await.map(convert::doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_strings() {
        assert_eq!(perm_string(EntryKind::Dir, 0o40755), "drwxr-xr-x");
        assert_eq!(perm_string(EntryKind::File, 0o100644), "-rw-r--r--");
        assert_eq!(perm_string(EntryKind::File, 0o4755), "-rwsr-xr-x");
        assert_eq!(perm_string(EntryKind::Dir, 0o1777), "drwxrwxrwt");
        assert_eq!(perm_string(EntryKind::File, 0o1000), "---------T");
    }

    #[test]
    fn modes_parse_as_octal() {
        assert_eq!(parse_mode("644"), Ok(0o644));
        assert_eq!(parse_mode("0755"), Ok(0o755));
        assert!(parse_mode("888").is_err());
        assert!(parse_mode("77777").is_err());
        assert!(parse_mode("").is_err());
    }
}
