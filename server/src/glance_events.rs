//! `GET /api/glance/events`: the Glance snapshot as server-sent events, every few
//! seconds while the page is open, so the home page updates without reloading.

use crate::ServerState;
use archnest_backend::auth::CurrentUser;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(5);

pub async fn stream(State(st): State<ServerState>, user: Option<Extension<CurrentUser>>) -> Response {
    if user.is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let app = st.app.clone();
    let events = futures_util::stream::unfold((app, true), |(app, first)| async move {
        if !first {
            tokio::time::sleep(EVERY).await;
        }
        let event = match archnest_app::api::glance::build(&app).await {
            Ok(data) => Event::default().event("glance").json_data(&data).unwrap_or_else(|_| Event::default().comment("encode")),
            Err(e) => Event::default().event("error").data(e.to_string()),
        };
        Some((Ok::<_, std::convert::Infallible>(event), (app, false)))
    });
    Sse::new(events).keep_alive(KeepAlive::default()).into_response()
}
