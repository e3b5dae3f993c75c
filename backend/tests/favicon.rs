//! The favicon fetcher against a real HTTP server on 127.0.0.1 that this test runs:
//! `<link rel=icon>` discovery, `/favicon.ico` fallback, and every refusal (oversize,
//! not an image, lying types, active SVG, a server too slow to answer).

use archnest_backend::bookmarks::favicon::{fetch, FetchError, IconMime, Limits};
use reqwest::Url;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-test-png";
const ICO: &[u8] = &[0, 0, 1, 0, 1, 0, 16, 16, 0, 0];

/// One canned answer per path; `/slow*` never answers in time.
fn route(path: &str) -> Option<(&'static str, Vec<u8>)> {
    let html = |s: &str| Some(("text/html; charset=utf-8", s.as_bytes().to_vec()));
    match path {
        "/with-link/" => html(r#"<html><head><title>x</title><link rel="icon" type="image/png" href="../static/icon.png?v=2"></head><body>hi</body></html>"#),
        "/static/icon.png" => Some(("image/png", PNG.to_vec())),
        "/favicon.ico" => Some(("image/vnd.microsoft.icon", ICO.to_vec())),
        "/plain/" => html("<html><head></head><body>no icon link</body></html>"),
        "/huge/" => html(r#"<head><link rel="icon" href="/huge.png"></head>"#),
        "/huge.png" => Some(("image/png", [PNG, &vec![7u8; 300 * 1024]].concat())),
        "/text/" => html(r#"<head><link rel="icon" href="/icon.txt"></head>"#),
        "/icon.txt" => Some(("text/plain", b"definitely not an image".to_vec())),
        "/liar/" => html(r#"<head><link rel="icon" href="/liar.png"></head>"#),
        "/liar.png" => Some(("image/png", b"<html>not a png</html>".to_vec())),
        "/svg/" => html(r#"<head><link rel="icon" href="/evil.svg"></head>"#),
        "/evil.svg" => Some(("image/svg+xml", br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec())),
        "/good-svg/" => html(r#"<head><link rel="icon" href="/good.svg"></head>"#),
        "/good.svg" => Some(("image/svg+xml", br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>"#.to_vec())),
        _ => None,
    }
}

/// A minimal HTTP/1.1 server: one request per connection. `favicon` decides whether
/// `/favicon.ico` exists on this server.
async fn serve(favicon: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let n = sock.read(&mut buf).await.unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]);
                let path = req.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap_or("/").to_owned();
                if path.starts_with("/slow") {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    return;
                }
                let found = if path == "/favicon.ico" && !favicon { None } else { route(&path) };
                let (status, ct, body) = match found {
                    Some((ct, body)) => ("200 OK", ct, body),
                    None => ("404 Not Found", "text/plain", b"not found".to_vec()),
                };
                let head = format!("HTTP/1.1 {status}\r\ncontent-type: {ct}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.write_all(&body).await;
            });
        }
    });
    format!("http://{addr}")
}

fn url(base: &str, path: &str) -> Url {
    Url::parse(&format!("{base}{path}")).expect("url")
}

fn quick() -> Limits {
    Limits { timeout: Duration::from_secs(2), ..Limits::default() }
}

#[tokio::test]
async fn a_link_rel_icon_in_the_page_wins() {
    let base = serve(true).await;
    let icon = fetch(&url(&base, "/with-link/"), &quick()).await.expect("icon");
    assert_eq!(icon.mime, IconMime::Png);
    assert_eq!(icon.bytes, PNG);
}

#[tokio::test]
async fn without_a_link_it_falls_back_to_favicon_ico() {
    let base = serve(true).await;
    let icon = fetch(&url(&base, "/plain/"), &quick()).await.expect("icon");
    assert_eq!((icon.mime, icon.bytes.as_slice()), (IconMime::Ico, ICO));
    // A page that is not there (login walls, 404s) still gets the site's icon.
    let icon = fetch(&url(&base, "/nowhere"), &quick()).await.expect("icon");
    assert_eq!(icon.mime, IconMime::Ico);
    let none = fetch(&url(&serve(false).await, "/plain/"), &quick()).await;
    assert_eq!(none, Err(FetchError::Status(404)));
}

#[tokio::test]
async fn refusals_say_why() {
    let base = serve(false).await;
    let cases = [
        ("/huge/", FetchError::TooLarge(256 * 1024)),
        ("/text/", FetchError::NotAnImage("text/plain".into())),
        ("/liar/", FetchError::BadImage("PNG")),
        ("/svg/", FetchError::UnsafeSvg),
    ];
    for (path, want) in cases {
        assert_eq!(fetch(&url(&base, path), &quick()).await, Err(want.clone()), "{path}");
        assert!(!want.to_string().is_empty());
    }
    let svg = fetch(&url(&base, "/good-svg/"), &quick()).await.expect("a plain SVG is fine");
    assert_eq!(svg.mime, IconMime::Svg);
}

#[tokio::test]
async fn a_smaller_size_cap_is_honoured() {
    // A smaller cap than the file: refused from the declared length or while reading.
    let base = serve(false).await;
    let limits = Limits { max_icon_bytes: 8, ..quick() };
    assert_eq!(fetch(&url(&base, "/with-link/"), &limits).await, Err(FetchError::TooLarge(8)));
}

#[tokio::test]
async fn a_slow_server_hits_the_timeout() {
    let base = serve(true).await;
    let limits = Limits { timeout: Duration::from_millis(800), ..Limits::default() };
    let started = std::time::Instant::now();
    let r = fetch(&url(&base, "/slow/"), &limits).await;
    assert!(matches!(r, Err(FetchError::Timeout(_))), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "gave up in time: {:?}", started.elapsed());
    // Nothing listening at all: a clear "could not reach".
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let r = fetch(&url(&format!("http://127.0.0.1:{port}"), "/"), &quick()).await;
    assert!(matches!(r, Err(FetchError::Unreachable(_))), "{r:?}");
}
