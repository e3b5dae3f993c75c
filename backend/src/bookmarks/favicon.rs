//! Server-side favicon fetching with strict limits.
//!
//! The browser never loads an icon from a bookmarked site: the server fetches it once
//! (time-boxed, size-capped, image types only, magic bytes checked, SVG with active
//! content refused), stores the bytes and serves them from ArchNest with a fixed type
//! and a `default-src 'none'` CSP. Bookmarks usually point at LAN services, so private
//! addresses are allowed; only admins can make the server fetch a URL.

use super::html;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::Url;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Limits {
    /// For the whole discovery: page, icon links and `/favicon.ico` together.
    pub timeout: Duration,
    pub max_icon_bytes: usize,
    /// How much of the page is read to find `<link rel=icon>`.
    pub max_html_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(5), max_icon_bytes: 256 * 1024, max_html_bytes: 256 * 1024 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconMime {
    Png,
    Ico,
    Svg,
}

impl IconMime {
    pub fn as_str(self) -> &'static str {
        match self {
            IconMime::Png => "image/png",
            IconMime::Ico => "image/x-icon",
            IconMime::Svg => "image/svg+xml",
        }
    }

    /// The types ArchNest serves stored icons as; anything else in the database is refused.
    pub fn parse(s: &str) -> Option<IconMime> {
        [IconMime::Png, IconMime::Ico, IconMime::Svg].into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedIcon {
    pub bytes: Vec<u8>,
    pub mime: IconMime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("no answer within {0} s")]
    Timeout(u64),
    #[error("could not reach the site ({0})")]
    Unreachable(String),
    #[error("the site answered HTTP {0}")]
    Status(u16),
    #[error("the icon is larger than {} KB", .0 / 1024)]
    TooLarge(usize),
    #[error("not an image (content type \"{0}\")")]
    NotAnImage(String),
    #[error("the file is not the {0} it claims to be")]
    BadImage(&'static str),
    #[error("the SVG icon contains scripts or external references")]
    UnsafeSvg,
}

/// Finds and downloads the icon of the site `page` belongs to.
pub async fn fetch(page: &Url, limits: &Limits) -> Result<FetchedIcon, FetchError> {
    let client = reqwest::Client::builder()
        .timeout(limits.timeout)
        .connect_timeout(limits.timeout)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("ArchNest/", env!("CARGO_PKG_VERSION"), " (favicon)"))
        .build()
        .map_err(|e| FetchError::Unreachable(e.to_string()))?;
    match tokio::time::timeout(limits.timeout, discover(&client, page, limits)).await {
        Ok(r) => r,
        Err(_) => Err(FetchError::Timeout(limits.timeout.as_secs().max(1))),
    }
}

async fn discover(client: &reqwest::Client, page: &Url, limits: &Limits) -> Result<FetchedIcon, FetchError> {
    let mut candidates: Vec<Url> = Vec::new();
    match page_icon_links(client, page, limits).await {
        Ok(links) => candidates.extend(links),
        // The site is down or slow: /favicon.ico would fail the same way.
        Err(e @ (FetchError::Unreachable(_) | FetchError::Timeout(_))) => return Err(e),
        // A page that needs a login or is not HTML can still have /favicon.ico.
        Err(_) => {}
    }
    if let Ok(ico) = page.join("/favicon.ico") {
        if !candidates.contains(&ico) {
            candidates.push(ico);
        }
    }
    let mut errors = Vec::new();
    for url in candidates.into_iter().take(4) {
        match fetch_icon(client, &url, limits).await {
            Ok(icon) => return Ok(icon),
            Err(e) => errors.push(e),
        }
    }
    // The most telling failure: a missing /favicon.ico says less than a refused icon.
    let first_real = errors.iter().position(|e| !matches!(e, FetchError::Status(404)));
    Err(match first_real {
        Some(i) => errors.swap_remove(i),
        None => errors.pop().unwrap_or(FetchError::Status(404)),
    })
}

async fn page_icon_links(client: &reqwest::Client, page: &Url, limits: &Limits) -> Result<Vec<Url>, FetchError> {
    let resp = client.get(page.clone()).header("accept", "text/html").send().await.map_err(request_error)?;
    if !resp.status().is_success() {
        return Err(FetchError::Status(resp.status().as_u16()));
    }
    let ct = content_type(&resp);
    if !ct.contains("html") {
        return Err(FetchError::NotAnImage(ct));
    }
    let base = resp.url().clone();
    let (body, _) = read_bounded(resp, limits.max_html_bytes).await?;
    let text = String::from_utf8_lossy(&body);
    Ok(html::icon_links(&text).iter().filter_map(|href| base.join(href).ok()).filter(|u| matches!(u.scheme(), "http" | "https")).collect())
}

async fn fetch_icon(client: &reqwest::Client, url: &Url, limits: &Limits) -> Result<FetchedIcon, FetchError> {
    let resp = client.get(url.clone()).header("accept", "image/png,image/x-icon,image/svg+xml;q=0.8").send().await.map_err(request_error)?;
    if !resp.status().is_success() {
        return Err(FetchError::Status(resp.status().as_u16()));
    }
    let ct = content_type(&resp);
    let claimed = match ct.as_str() {
        "image/png" => IconMime::Png,
        "image/x-icon" | "image/vnd.microsoft.icon" => IconMime::Ico,
        "image/svg+xml" => IconMime::Svg,
        _ => return Err(FetchError::NotAnImage(ct)),
    };
    let declared = resp.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limits.max_icon_bytes) {
        return Err(FetchError::TooLarge(limits.max_icon_bytes));
    }
    let (bytes, truncated) = read_bounded(resp, limits.max_icon_bytes).await?;
    if truncated {
        return Err(FetchError::TooLarge(limits.max_icon_bytes));
    }
    let mime = verify(&bytes, claimed)?;
    Ok(FetchedIcon { bytes, mime })
}

/// Checks the bytes are what the header claims. `.ico` files that are really PNGs
/// (common) are stored as PNG.
pub fn verify(bytes: &[u8], claimed: IconMime) -> Result<IconMime, FetchError> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const ICO: &[u8] = &[0, 0, 1, 0];
    match claimed {
        IconMime::Png | IconMime::Ico if bytes.starts_with(PNG) => Ok(IconMime::Png),
        IconMime::Ico if bytes.starts_with(ICO) && bytes.len() > 6 => Ok(IconMime::Ico),
        IconMime::Png => Err(FetchError::BadImage("PNG")),
        IconMime::Ico => Err(FetchError::BadImage("icon")),
        IconMime::Svg => {
            let text = std::str::from_utf8(bytes).map_err(|_| FetchError::BadImage("SVG"))?;
            if !text.to_ascii_lowercase().contains("<svg") {
                return Err(FetchError::BadImage("SVG"));
            }
            if svg_is_active(text) {
                return Err(FetchError::UnsafeSvg);
            }
            Ok(IconMime::Svg)
        }
    }
}

/// Scripts, event handlers, embedded documents, entity declarations and references
/// to anything outside the file. Strict on purpose: an icon needs none of them.
pub fn svg_is_active(text: &str) -> bool {
    let t: String = text.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let banned = ["<script", "javascript:", "<foreignobject", "<iframe", "<embed", "<object", "<!entity", "<!doctype", "@import", "<use"];
    if banned.iter().any(|b| t.contains(b)) {
        return true;
    }
    // `on…=` attributes; whitespace is stripped, so look for a quote or space before.
    let raw = text.to_ascii_lowercase();
    let event = raw.match_indices("on").any(|(i, _)| {
        let before = raw[..i].chars().next_back();
        let rest = &raw[i + 2..];
        let name_len = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        matches!(before, Some(c) if c.is_whitespace() || c == '"' || c == '\'' || c == '/')
            && name_len > 0
            && rest[name_len..].trim_start().starts_with('=')
    });
    let external = t.match_indices("href=").any(|(i, _)| !t[i + 5..].trim_start_matches(['"', '\'']).starts_with('#'))
        || t.match_indices("url(").any(|(i, _)| !t[i + 4..].trim_start_matches(['"', '\'']).starts_with('#'));
    event || external
}

fn content_type(resp: &reqwest::Response) -> String {
    resp.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads at most `max` bytes; the flag says whether more were on offer.
async fn read_bounded(mut resp: reqwest::Response, max: usize) -> Result<(Vec<u8>, bool), FetchError> {
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(request_error)? {
        let room = max - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

fn request_error(e: reqwest::Error) -> FetchError {
    if e.is_timeout() {
        return FetchError::Timeout(5);
    }
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        msg = s.to_string();
        src = s.source();
    }
    FetchError::Unreachable(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_strict() {
        let l = Limits::default();
        assert_eq!(l.timeout, Duration::from_secs(5));
        assert_eq!(l.max_icon_bytes, 256 * 1024);
    }

    #[test]
    fn magic_bytes_must_match_the_claim() {
        let png = b"\x89PNG\r\n\x1a\n rest".to_vec();
        assert_eq!(verify(&png, IconMime::Png), Ok(IconMime::Png));
        assert_eq!(verify(&png, IconMime::Ico), Ok(IconMime::Png), "a PNG served as .ico is stored as PNG");
        assert_eq!(verify(&[0, 0, 1, 0, 1, 0, 16, 16], IconMime::Ico), Ok(IconMime::Ico));
        assert_eq!(verify(b"<html>", IconMime::Png), Err(FetchError::BadImage("PNG")));
        assert_eq!(verify(b"GIF89a", IconMime::Ico), Err(FetchError::BadImage("icon")));
        assert_eq!(verify(b"not svg", IconMime::Svg), Err(FetchError::BadImage("SVG")));
    }

    #[test]
    fn active_svg_is_refused() {
        let ok = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="16" height="16"/><text font-family="monospace">on</text></svg>"##;
        assert_eq!(verify(ok.as_bytes(), IconMime::Svg), Ok(IconMime::Svg));
        for bad in [
            r#"<svg><script>alert(1)</script></svg>"#,
            r#"<svg onload="alert(1)"></svg>"#,
            r#"<svg><rect ONCLICK = 'x()'/></svg>"#,
            r#"<svg><a href="javascript:alert(1)"><rect/></a></svg>"#,
            r#"<svg><image href="http://tracker.example/x.png"/></svg>"#,
            r#"<svg><foreignObject><iframe src="x"/></foreignObject></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>"#,
            r#"<svg><style>@import url(http://x/y.css);</style></svg>"#,
            r#"<svg><rect style="fill:url(http://x/y)"/></svg>"#,
        ] {
            assert_eq!(verify(bad.as_bytes(), IconMime::Svg), Err(FetchError::UnsafeSvg), "{bad}");
        }
    }
}
