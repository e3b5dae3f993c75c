//! Remote POSIX paths as the file manager uses them (always absolute, `/`-separated).

use super::errors::{FsError, FsResult};

/// `dir` + `/` + `name` without doubling the slash at the root.
pub fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// The folder holding `path`; `None` for `/` itself.
pub fn parent_of(path: &str) -> Option<String> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    match trimmed.rfind('/') {
        Some(0) => Some("/".into()),
        Some(i) => Some(trimmed[..i].to_owned()),
        None => None,
    }
}

/// The last component of `path`.
pub fn file_name(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

/// A single file or folder name: not empty, no `/` or NUL, not `.` or `..`.
pub fn valid_name(name: &str) -> FsResult<()> {
    if name.is_empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0') {
        return Err(FsError::Invalid(format!("{name:?} is not a valid file name")));
    }
    if name.len() > 255 {
        return Err(FsError::Invalid("file names are limited to 255 bytes".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_parents() {
        assert_eq!(join("/", "a"), "/a");
        assert_eq!(join("/home/x", "a"), "/home/x/a");
        assert_eq!(parent_of("/a"), Some("/".into()));
        assert_eq!(parent_of("/a/b/"), Some("/a".into()));
        assert_eq!(parent_of("/"), None);
        assert_eq!(file_name("/a/b.txt"), "b.txt");
        assert!(valid_name("ok.txt").is_ok());
        for bad in ["", ".", "..", "a/b", "a\0b"] {
            assert!(valid_name(bad).is_err(), "{bad:?}");
        }
    }
}
