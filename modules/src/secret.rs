//! A value that must never reach a log line: `Debug` prints `<redacted>`. Shared by
//! the ArchNest server and the license server for keys, tokens and database URLs.

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> std::fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", super::Secret::new("sk_live_x")), "<redacted>");
    }
}
