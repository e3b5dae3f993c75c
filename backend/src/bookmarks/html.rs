//! Just enough HTML reading to find `<link rel="icon" href="…">` in a page's head.
//! Not a parser: it scans tags, reads quoted or bare attribute values and stops at
//! `</head>` or `<body`, which is all favicon discovery needs.

/// `href`s of icon links, in document order, best candidates first
/// (`icon` / `shortcut icon` before `apple-touch-icon`).
pub fn icon_links(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let end = ["</head", "<body"].iter().filter_map(|m| lower.find(m)).min().unwrap_or(lower.len());
    let mut primary = Vec::new();
    let mut touch = Vec::new();
    let mut at = 0;
    while let Some(found) = lower.get(at..end).and_then(|s| s.find("<link")) {
        let start = at + found + "<link".len();
        let close = lower[start..].find('>').map_or(lower.len(), |i| start + i);
        let attrs = attributes(&html[start..close]);
        at = close;
        let get = |name: &str| attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let (Some(rel), Some(href)) = (get("rel"), get("href")) else { continue };
        let href = href.trim();
        if href.is_empty() || href.starts_with("data:") {
            continue;
        }
        let rels: Vec<String> = rel.split_ascii_whitespace().map(str::to_ascii_lowercase).collect();
        if rels.iter().any(|r| r == "icon") {
            primary.push(decode_entities(href));
        } else if rels.iter().any(|r| r == "apple-touch-icon" || r == "apple-touch-icon-precomposed") {
            touch.push(decode_entities(href));
        }
    }
    primary.extend(touch);
    primary
}

/// `name=value` pairs of a tag's inside (names lowercased).
fn attributes(s: &str) -> Vec<(String, String)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'/') {
            i += 1;
        }
        let name = s[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = b[vs..].iter().position(|c| *c == q).map_or(b.len(), |p| vs + p);
                value = s[vs..ve].to_owned();
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = s[vs..i].to_owned();
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        } else if i == name_start {
            i += 1; // a stray character; never loop on it
        }
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_icon_links_in_the_head() {
        let html = r#"<!doctype html><html><head>
            <LINK rel="stylesheet" href="/s.css">
            <link rel=apple-touch-icon href=/touch.png>
            <link href='/static/fav.png?v=1&amp;x=2' rel="shortcut icon" type="image/png" />
            <link rel="icon" href="data:image/png;base64,AAAA">
            <link rel="ICON" sizes="32x32" href="icons/32.ico">
            </head><body><link rel="icon" href="/not-in-head.png"></body></html>"#;
        assert_eq!(icon_links(html), ["/static/fav.png?v=1&x=2", "icons/32.ico", "/touch.png"]);
    }

    #[test]
    fn tolerates_broken_markup() {
        assert!(icon_links("<link rel=\"icon\" href=\"/a.png").len() <= 1);
        assert!(icon_links("<link").is_empty());
        assert!(icon_links("<link = = = >").is_empty());
        assert_eq!(icon_links("<link rel=icon href=/x.ico>"), ["/x.ico"]);
    }
}
