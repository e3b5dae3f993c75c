//! Random key files in the data directory: created once, mode 600, base64 text.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use std::io::Write;
use std::path::Path;

pub fn fill_random(buf: &mut [u8]) {
    // The OS RNG failing is unrecoverable for a security product; refuse to go on.
    if let Err(e) = getrandom::fill(buf) {
        panic!("operating system random number generator failed: {e}");
    }
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    fill_random(&mut b);
    b
}

/// Reads a base64 key of `len` bytes from `path`, or creates one there.
pub fn load_or_create(path: &Path, len: usize) -> std::io::Result<Vec<u8>> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let key = B64
                .decode(text.trim())
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            if key.len() != len {
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, format!("expected {len} bytes")));
            }
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut key = vec![0u8; len];
            fill_random(&mut key);
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            let mut f = opts.open(path)?;
            writeln!(f, "{}", B64.encode(&key))?;
            f.sync_all()?;
            Ok(key)
        }
        Err(e) => Err(e),
    }
}
