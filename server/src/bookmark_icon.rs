//! `GET /api/bookmarks/{id}/icon`: a bookmark's stored favicon, for any signed-in user.
//!
//! The bytes came from another site, so they are served defensively: the MIME type
//! the fetcher verified (never the remote's header), `nosniff`, and a CSP that lets
//! nothing run or load even if someone opens the icon URL directly.

use crate::ServerState;
use archnest_backend::auth::CurrentUser;
use archnest_backend::bookmarks::favicon::IconMime;
use archnest_backend::bookmarks::{icons, BookmarkError};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

pub const ICON_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

pub async fn icon(State(st): State<ServerState>, user: Option<Extension<CurrentUser>>, Path(id): Path<i32>) -> Response {
    if user.is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match icons::icon(&st.app.db, id).await {
        Ok(Some((bytes, mime))) => match IconMime::parse(&mime) {
            Some(mime) => (
                [
                    (header::CONTENT_TYPE, mime.as_str()),
                    (header::CONTENT_SECURITY_POLICY, ICON_CSP),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                    (header::CONTENT_DISPOSITION, "inline; filename=\"icon\""),
                    // The page adds `?v=<updated_at>`, so a changed icon gets a new URL.
                    (header::CACHE_CONTROL, "private, max-age=86400"),
                ],
                bytes,
            )
                .into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        Ok(None) | Err(BookmarkError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "bookmark icon");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
