//! What a bookmark may contain. Every rule names the field it is about, so the form
//! can show the message next to it.

use super::BookmarkError;
use reqwest::Url;

pub const NAME_MAX: usize = 80;
pub const GROUP_MAX: usize = 40;
pub const URL_MAX: usize = 2048;
pub const EMOJI_MAX: usize = 8;

/// A bookmark as the user typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkInput {
    pub name: String,
    pub url: String,
    pub group: String,
    /// `None` or blank: use the site's favicon.
    pub emoji: Option<String>,
}

/// A bookmark that passed validation, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub name: String,
    pub url: Url,
    pub group: String,
    pub emoji: Option<String>,
}

pub fn validate(input: &BookmarkInput) -> Result<Valid, BookmarkError> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(BookmarkError::invalid("name", "Give the bookmark a name."));
    }
    if name.chars().count() > NAME_MAX {
        return Err(BookmarkError::invalid("name", format!("Use at most {NAME_MAX} characters.")));
    }
    if name.chars().any(char::is_control) {
        return Err(BookmarkError::invalid("name", "Control characters are not allowed."));
    }
    let url = validate_url(input.url.trim())?;
    let group = input.group.trim();
    if group.chars().count() > GROUP_MAX {
        return Err(BookmarkError::invalid("group", format!("Use at most {GROUP_MAX} characters.")));
    }
    if group.chars().any(char::is_control) {
        return Err(BookmarkError::invalid("group", "Control characters are not allowed."));
    }
    let emoji = match input.emoji.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(e) => Some(validate_emoji(e)?),
    };
    Ok(Valid { name: name.to_owned(), url, group: group.to_owned(), emoji })
}

fn validate_url(raw: &str) -> Result<Url, BookmarkError> {
    if raw.is_empty() {
        return Err(BookmarkError::invalid("url", "Enter the address, e.g. https://grafana.home.lan."));
    }
    if raw.len() > URL_MAX {
        return Err(BookmarkError::invalid("url", format!("Use at most {URL_MAX} characters.")));
    }
    let url = Url::parse(raw).map_err(|e| BookmarkError::invalid("url", format!("Not a valid address ({e}). Start it with http:// or https://.")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(BookmarkError::invalid("url", "Only http:// and https:// addresses are allowed."));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(BookmarkError::invalid("url", "The address needs a host name."));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(BookmarkError::invalid("url", "Do not put credentials in the address; every user can see bookmarks."));
    }
    Ok(url)
}

/// An emoji is a short run of non-ASCII symbols (one emoji can be several code
/// points: skin tones, ZWJ sequences, flags).
fn validate_emoji(e: &str) -> Result<String, BookmarkError> {
    let ok = e.chars().count() <= EMOJI_MAX && !e.chars().any(|c| c.is_ascii() || c.is_control() || c.is_whitespace());
    if ok {
        Ok(e.to_owned())
    } else {
        Err(BookmarkError::invalid("emoji", "Pick one emoji (letters and digits are not emoji)."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, url: &str) -> BookmarkInput {
        BookmarkInput { name: name.into(), url: url.into(), ..Default::default() }
    }

    fn field(r: Result<Valid, BookmarkError>) -> &'static str {
        match r {
            Err(BookmarkError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn accepts_and_trims_a_good_bookmark() {
        let v = validate(&BookmarkInput {
            name: "  Grafana ".into(),
            url: " https://grafana.home.lan:3000/d/abc ".into(),
            group: " Monitoring ".into(),
            emoji: Some(" 📈 ".into()),
        })
        .expect("valid");
        assert_eq!(v.name, "Grafana");
        assert_eq!(v.url.as_str(), "https://grafana.home.lan:3000/d/abc");
        assert_eq!(v.group, "Monitoring");
        assert_eq!(v.emoji.as_deref(), Some("📈"));
        let plain = validate(&input("NAS", "http://192.168.1.10")).expect("valid");
        assert_eq!(plain.emoji, None);
        assert_eq!(plain.group, "");
    }

    #[test]
    fn name_is_1_to_80_characters() {
        assert_eq!(field(validate(&input("   ", "https://a.lan"))), "name");
        assert!(validate(&input(&"é".repeat(80), "https://a.lan")).is_ok(), "80 characters, not bytes");
        assert_eq!(field(validate(&input(&"a".repeat(81), "https://a.lan"))), "name");
        assert_eq!(field(validate(&input("a\u{7}b", "https://a.lan"))), "name");
    }

    #[test]
    fn url_must_be_http_or_https_with_a_host() {
        for bad in ["", "grafana.lan", "javascript:alert(1)", "ftp://files.lan", "file:///etc/passwd", "http://", "https://user:pw@nas.lan"] {
            assert_eq!(field(validate(&input("x", bad))), "url", "{bad:?}");
        }
        let long = format!("https://a.lan/{}", "x".repeat(URL_MAX));
        assert_eq!(field(validate(&input("x", &long))), "url");
    }

    #[test]
    fn group_and_emoji_limits() {
        let mut i = input("x", "https://a.lan");
        i.group = "g".repeat(41);
        assert_eq!(field(validate(&i)), "group");
        i.group = String::new();
        for bad in ["ab", "1", "🙂 🙂", &"🙂".repeat(9)] {
            i.emoji = Some(bad.into());
            assert_eq!(field(validate(&i)), "emoji", "{bad:?}");
        }
        for good in ["🙂", "👍🏽", "🇩🇪", "👨‍💻"] {
            i.emoji = Some(good.into());
            assert!(validate(&i).is_ok(), "{good:?}");
        }
    }
}
