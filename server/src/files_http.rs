//! Streaming file routes of the file manager (signed-in users):
//! `PUT /api/files/{host}/upload?path=…[&overwrite=1][&parents=1]` pipes the raw request
//! body into the remote file; `GET /api/files/{host}/download?path=…[&inline=1]`
//! streams a file (or a folder as tar). Neither buffers a whole file.

use crate::ServerState;
use archnest_backend::auth::web::RequestMeta;
use archnest_backend::auth::CurrentUser;
use archnest_backend::sftp::transfer::{self, UploadOptions};
use archnest_backend::sftp::{path, FsError, Sftp};
use archnest_backend::ssh::ConnectError;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct UploadQuery {
    path: String,
    #[serde(default)]
    overwrite: Option<String>,
    #[serde(default)]
    parents: Option<String>,
}

#[derive(Deserialize)]
pub struct DownloadQuery {
    path: String,
    #[serde(default)]
    inline: Option<String>,
}

fn flag(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true" | "yes"))
}

/// The HTTP status for a file-manager failure.
pub fn status_of(e: &FsError) -> StatusCode {
    match e {
        FsError::PermissionDenied { .. } => StatusCode::FORBIDDEN,
        FsError::NotFound { .. } | FsError::Connect(ConnectError::NotFound) => StatusCode::NOT_FOUND,
        FsError::Exists { .. } | FsError::Changed { .. } => StatusCode::CONFLICT,
        FsError::NoSpace { .. } => StatusCode::INSUFFICIENT_STORAGE,
        FsError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        FsError::Invalid(_) | FsError::NotADirectory { .. } | FsError::IsADirectory { .. } | FsError::NotText { .. } => StatusCode::BAD_REQUEST,
        FsError::Connect(_) | FsError::Session(_) => StatusCode::BAD_GATEWAY,
        FsError::Failed { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error(e: &FsError) -> Response {
    (status_of(e), Json(serde_json::json!({ "error": e.to_string(), "detail": e }))).into_response()
}

async fn session(st: &ServerState, user: &CurrentUser, host: i64) -> Result<Arc<Sftp>, Response> {
    st.app.sftp.get(&st.app.db, &st.app.vault, user.id, host).await.map_err(|e| error(&e))
}

async fn fail(st: &ServerState, user: &CurrentUser, host: i64, e: FsError) -> Response {
    if e.is_session() {
        st.app.sftp.evict(user.id, host).await;
    }
    error(&e)
}

pub async fn upload(
    State(st): State<ServerState>,
    user: Option<Extension<CurrentUser>>,
    meta: Option<Extension<RequestMeta>>,
    Path(host): Path<i64>,
    Query(q): Query<UploadQuery>,
    body: Body,
) -> Response {
    let Some(Extension(user)) = user else { return StatusCode::UNAUTHORIZED.into_response() };
    let s = match session(&st, &user, host).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let opts = UploadOptions { overwrite: flag(&q.overwrite), make_parents: flag(&q.parents) };
    match transfer::upload(s, &q.path, body.into_data_stream(), opts).await {
        Ok(size) => {
            let ip = meta.map(|m| m.0.ip).unwrap_or_default();
            let detail = format!("host {host}: {} ({size} bytes)", q.path);
            archnest_backend::audit::record(&st.app.db, Some(user.id), &user.username, "file.uploaded", &ip, &detail).await;
            (StatusCode::CREATED, Json(serde_json::json!({ "path": q.path, "size": size }))).into_response()
        }
        Err(e) => fail(&st, &user, host, e).await,
    }
}

pub async fn download(
    State(st): State<ServerState>,
    user: Option<Extension<CurrentUser>>,
    Path(host): Path<i64>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let Some(Extension(user)) = user else { return StatusCode::UNAUTHORIZED.into_response() };
    let s = match session(&st, &user, host).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let name = path::file_name(&q.path).to_owned();
    let is_dir = match archnest_backend::sftp::ops::stat(&s, &q.path).await {
        Ok(m) => m.is_dir(),
        Err(e) => return fail(&st, &user, host, e).await,
    };
    if is_dir {
        return match transfer::tar(s, &q.path).await {
            Ok(rx) => {
                let stream = tokio_stream_from(rx);
                let mut resp = Response::new(Body::from_stream(stream));
                let h = resp.headers_mut();
                h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-tar"));
                set_disposition(h, &format!("{}.tar", if name.is_empty() { "root" } else { &name }), false);
                resp
            }
            Err(e) => fail(&st, &user, host, e).await,
        };
    }
    match transfer::download(s, &q.path).await {
        Ok(d) => {
            let inline_type = flag(&q.inline).then(|| image_type(&name)).flatten();
            let mut resp = Response::new(Body::from_stream(d.stream));
            let h = resp.headers_mut();
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(d.size));
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(inline_type.unwrap_or("application/octet-stream")));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            // Images are shown, never run: an SVG opened on its own gets a sandbox.
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"));
            set_disposition(h, &name, inline_type.is_some());
            resp
        }
        Err(e) => fail(&st, &user, host, e).await,
    }
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<std::io::Result<bytes::Bytes>>,
) -> impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// Content types the preview may show inline; everything else downloads.
pub fn image_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "ico" => "image/x-icon",
        _ => return None,
    })
}

fn set_disposition(h: &mut axum::http::HeaderMap, name: &str, inline: bool) {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    let kind = if inline { "inline" } else { "attachment" };
    if let Ok(v) = HeaderValue::from_str(&format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_are_inline() {
        assert_eq!(image_type("a.PNG"), Some("image/png"));
        assert_eq!(image_type("page.html"), None);
        assert_eq!(image_type("noext"), None);
    }

    #[test]
    fn disposition_is_safe_for_any_name() {
        let mut h = axum::http::HeaderMap::new();
        set_disposition(&mut h, "r\u{e9}sum\u{e9} \"x\".pdf", false);
        let v = h[header::CONTENT_DISPOSITION].to_str().unwrap_or("");
        assert!(v.starts_with("attachment; filename=\"r_sum_ _x_.pdf\""), "{v}");
        assert!(v.contains("filename*=UTF-8''r%C3%A9sum%C3%A9"), "{v}");
    }
}
