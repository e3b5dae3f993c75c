//! A streamed tar writer for folder downloads: GNU-format headers (long names as
//! `././@LongLink` entries) written as the remote tree is walked, file contents piped
//! through in chunks. Unreadable entries are skipped and listed in a final
//! `ARCHNEST-SKIPPED.txt` so nothing goes missing silently.

use super::errors::{FsError, FsResult};
use super::ops::{kind_of, Kind};
use super::path::join;
use super::session::Sftp;
use super::transfer::CHUNK;
use bytes::{Bytes, BytesMut};
use std::io;
use tokio::io::AsyncReadExt;
use tokio::sync::mpsc::Sender;

const BLOCK: usize = 512;

fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let s = format!("{value:0width$o}");
    if s.len() <= width {
        field[..width].copy_from_slice(s.as_bytes());
        field[width] = 0;
    } else {
        // GNU base-256 for values that do not fit (files over 8 GiB).
        field.fill(0);
        let bytes = value.to_be_bytes();
        let n = field.len();
        field[n - 8..].copy_from_slice(&bytes);
        field[0] = 0x80;
    }
}

fn raw_header(name: &[u8], size: u64, mode: u32, mtime: u64, uid: u32, gid: u32, kind: u8, link: &[u8]) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name[..n]);
    octal(&mut h[100..108], u64::from(mode & 0o7777));
    octal(&mut h[108..116], u64::from(uid));
    octal(&mut h[116..124], u64::from(gid));
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], mtime);
    h[156] = kind;
    let l = link.len().min(100);
    h[157..157 + l].copy_from_slice(&link[..l]);
    h[257..265].copy_from_slice(b"ustar  \0");
    h[148..156].fill(b' ');
    let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
    let s = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(s.as_bytes());
    h
}

fn padding(len: u64) -> usize {
    (BLOCK - (len % BLOCK as u64) as usize) % BLOCK
}

/// The header block(s) for one entry, with GNU long-name/long-link records first.
pub fn header(name: &str, size: u64, mode: u32, mtime: u64, uid: u32, gid: u32, kind: u8, link: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(BLOCK);
    for (long, tag) in [(link, b'K'), (name, b'L')] {
        if long.len() >= 100 {
            let data = [long.as_bytes(), b"\0"].concat();
            out.extend_from_slice(&raw_header(b"././@LongLink", data.len() as u64, 0o644, 0, 0, 0, tag, b""));
            out.extend_from_slice(&data);
            out.resize(out.len() + padding(data.len() as u64), 0);
        }
    }
    out.extend_from_slice(&raw_header(name.as_bytes(), size, mode, mtime, uid, gid, kind, link.as_bytes()));
    out
}

struct Out<'a>(&'a Sender<io::Result<Bytes>>);

impl Out<'_> {
    async fn send(&self, b: impl Into<Bytes>) -> FsResult<()> {
        self.0.send(Ok(b.into())).await.map_err(|_| FsError::Session("the client went away".into()))
    }
}

/// Walks `root` and sends the archive (entries under `base/`) into `tx`.
pub async fn write_tree(s: &Sftp, root: &str, base: &str, tx: &Sender<io::Result<Bytes>>) -> FsResult<()> {
    let out = Out(tx);
    let mut skipped: Vec<String> = Vec::new();
    let mut stack = vec![(root.to_owned(), base.to_owned())];
    while let Some((dir, name)) = stack.pop() {
        let entries = match s.sftp.read_dir(dir.as_str()).await {
            Ok(e) => e,
            Err(e) => {
                skipped.push(format!("{dir}: {}", FsError::from_sftp(&dir, e)));
                continue;
            }
        };
        let meta = s.sftp.metadata(dir.as_str()).await.unwrap_or_default();
        let (uid, gid, mtime) = (meta.uid.unwrap_or(0), meta.gid.unwrap_or(0), u64::from(meta.mtime.unwrap_or(0)));
        out.send(header(&format!("{name}/"), 0, meta.permissions.unwrap_or(0o755), mtime, uid, gid, b'5', "")).await?;
        for e in entries {
            let (child_name, m) = (e.file_name(), e.metadata());
            if child_name == "." || child_name == ".." {
                continue;
            }
            let remote = join(&dir, &child_name);
            let archived = format!("{name}/{child_name}");
            let (mode, mtime, uid, gid) = (m.permissions.unwrap_or(0o644), u64::from(m.mtime.unwrap_or(0)), m.uid.unwrap_or(0), m.gid.unwrap_or(0));
            match kind_of(&m) {
                Kind::Dir => stack.push((remote, archived)),
                Kind::Symlink => match s.sftp.read_link(remote.as_str()).await {
                    Ok(target) => out.send(header(&archived, 0, mode, mtime, uid, gid, b'2', &target)).await?,
                    Err(e) => skipped.push(format!("{remote}: {}", FsError::from_sftp(&remote, e))),
                },
                Kind::File => {
                    let file = match s.sftp.open(remote.as_str()).await {
                        Ok(f) => f,
                        Err(e) => {
                            skipped.push(format!("{remote}: {}", FsError::from_sftp(&remote, e)));
                            continue;
                        }
                    };
                    let size = m.size.unwrap_or(0);
                    out.send(header(&archived, size, mode, mtime, uid, gid, b'0', "")).await?;
                    send_exactly(&out, file, size, &remote).await?;
                }
                Kind::Other => skipped.push(format!("{remote}: not a regular file, folder or link")),
            }
        }
    }
    if !skipped.is_empty() {
        let text = format!("ArchNest could not include these entries:\n{}\n", skipped.join("\n"));
        let len = text.len() as u64;
        out.send(header(&format!("{base}/ARCHNEST-SKIPPED.txt"), len, 0o644, crate::db::now().max(0) as u64, 0, 0, b'0', "")).await?;
        out.send(text.into_bytes()).await?;
        out.send(vec![0u8; padding(len)]).await?;
    }
    out.send(vec![0u8; BLOCK * 2]).await
}

/// Sends exactly `size` bytes of `file` (the size the header promised): a file that
/// shrank meanwhile is padded with zeros, one that grew is cut.
async fn send_exactly(out: &Out<'_>, file: russh_sftp::client::fs::File, size: u64, path: &str) -> FsResult<()> {
    let mut reader = file.take(size);
    let mut left = size;
    loop {
        let mut buf = BytesMut::with_capacity(CHUNK.min(left.max(1) as usize));
        let n = reader.read_buf(&mut buf).await.map_err(|e| FsError::from_io(path, &e))?;
        if n == 0 {
            break;
        }
        left -= n as u64;
        out.send(buf.freeze()).await?;
    }
    let pad = left as usize + padding(size);
    if pad > 0 {
        out.send(vec![0u8; pad]).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_valid_ustar_blocks() {
        let h = header("dir/file.txt", 5, 0o644, 1_700_000_000, 1000, 1000, b'0', "");
        assert_eq!(h.len(), 512);
        assert_eq!(&h[..12], b"dir/file.txt");
        assert_eq!(&h[124..136], b"00000000005\0");
        let mut copy = h.clone();
        copy[148..156].fill(b' ');
        let sum: u32 = copy.iter().map(|b| u32::from(*b)).sum();
        assert_eq!(&h[148..155], format!("{sum:06o}\0").as_bytes());
    }

    #[test]
    fn long_names_get_a_longlink_record() {
        let long = "d/".repeat(80) + "f";
        let h = header(&long, 0, 0o644, 0, 0, 0, b'0', "");
        assert_eq!(h.len(), 512 * 3, "longlink header + data block + entry header: {}", h.len());
        assert_eq!(h[156], b'L');
    }

    #[test]
    fn huge_sizes_use_base_256() {
        let h = header("big", 1 << 40, 0o644, 0, 0, 0, b'0', "");
        assert_eq!(h[124], 0x80);
    }
}
