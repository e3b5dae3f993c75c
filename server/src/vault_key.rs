//! `GET /api/vault-key`: the admin downloads the data-encryption key so a backup
//! can be restored elsewhere. Admin-only, never cached, and audited.

use crate::ServerState;
use archnest_backend::auth::web::RequestMeta;
use archnest_backend::auth::CurrentUser;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

pub async fn download(
    State(st): State<ServerState>,
    user: Option<Extension<CurrentUser>>,
    meta: Option<Extension<RequestMeta>>,
) -> Response {
    let Some(Extension(user)) = user else { return StatusCode::UNAUTHORIZED.into_response() };
    if !user.is_admin() {
        return StatusCode::FORBIDDEN.into_response();
    }
    let ip = meta.map(|m| m.0.ip).unwrap_or_default();
    archnest_backend::audit::record(&st.app.db, Some(user.id), &user.username, "vault.key_downloaded", &ip, "").await;
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"archnest-secret.key\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        st.app.vault.export_key(),
    )
        .into_response()
}
