//! Container logs over HTTP, outside server functions because they stream:
//!
//! - `GET /api/docker/{source}/containers/{id}/logs?follow=1&tail=200&timestamps=1`
//!   Server-Sent Events. Each line is a `message` whose data is the stream's letter
//!   (`o` stdout, `e` stderr, `c` TTY console) followed by the text. A failure is an
//!   `error` event with a message for the user; a log that ends sends `end`.
//! - `GET /api/docker/{source}/containers/{id}/logs/download?tail=&timestamps=`
//!   the log as a text file.
//!
//! Access (any signed-in user) is enforced by the access middleware (`API_ROUTES`);
//! the handlers also require the session's user.

use crate::ServerState;
use archnest_backend::auth::CurrentUser;
use archnest_backend::docker::logs::{self, LogLine, LogRequest};
use archnest_backend::docker::{client, sources, DockerError};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;

#[derive(Debug, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    follow: Option<String>,
    #[serde(default)]
    tail: Option<String>,
    #[serde(default)]
    timestamps: Option<String>,
}

fn flag(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true" | "yes" | "on"))
}

impl LogQuery {
    fn request(&self, follow_allowed: bool) -> LogRequest {
        let tail = match self.tail.as_deref() {
            None | Some("") => Some(200),
            Some("all") => None,
            Some(n) => Some(n.parse::<u32>().unwrap_or(200)),
        };
        LogRequest { follow: follow_allowed && flag(&self.follow), tail, timestamps: flag(&self.timestamps) }
    }
}

async fn open(st: &ServerState, source: i32, id: &str, req: LogRequest) -> Result<impl Stream<Item = Result<LogLine, DockerError>> + Send + 'static, DockerError> {
    let conn = sources::conn(&st.app.db, &st.app.vault, source).await?;
    let engine = client::engine_for(&conn).await?;
    logs::open(engine, id, req).await
}

fn user_message(e: &DockerError) -> String {
    match e {
        DockerError::Db(_) | DockerError::Vault(_) | DockerError::Other(_) => {
            tracing::error!(error = %e, "docker logs");
            "Something went wrong on the server. The details are in the server log.".into()
        }
        DockerError::SourceNotFound => "This Docker source no longer exists.".into(),
        other => other.to_string(),
    }
}

pub async fn stream(
    State(st): State<ServerState>,
    user: Option<Extension<CurrentUser>>,
    Path((source, id)): Path<(i32, String)>,
    Query(q): Query<LogQuery>,
) -> Response {
    if user.is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let events = match open(&st, source, &id, q.request(true)).await {
        Ok(lines) => lines
            .map(|line| match line {
                Ok(l) => Event::default().data(format!("{}{}", code(l.stream), l.text)),
                Err(e) => Event::default().event("error").data(user_message(&e)),
            })
            .chain(futures_util::stream::once(async { Event::default().event("end").data("") }))
            .boxed(),
        Err(e) => futures_util::stream::once(async move { Event::default().event("error").data(user_message(&e)) }).boxed(),
    };
    let events = events.map(Ok::<_, Infallible>);
    let mut resp = Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    // Tell reverse proxies not to buffer the stream.
    resp.headers_mut().insert("x-accel-buffering", header::HeaderValue::from_static("no"));
    resp
}

fn code(stream: &str) -> char {
    match stream {
        "stderr" => 'e',
        "console" => 'c',
        _ => 'o',
    }
}

pub async fn download(
    State(st): State<ServerState>,
    user: Option<Extension<CurrentUser>>,
    Path((source, id)): Path<(i32, String)>,
    Query(q): Query<LogQuery>,
) -> Response {
    if user.is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match open(&st, source, &id, q.request(false)).await {
        Ok(lines) => {
            let body = lines.map(|l| match l {
                Ok(l) => Ok::<_, Infallible>(format!("{}\n", l.text)),
                Err(e) => Ok(format!("\n[ArchNest: the log stream failed: {}]\n", user_message(&e))),
            });
            let name: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).take(64).collect();
            (
                [
                    (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.log\"")),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                Body::from_stream(body),
            )
                .into_response()
        }
        Err(e) => {
            let status = match &e {
                DockerError::NotFound(_) | DockerError::SourceNotFound => StatusCode::NOT_FOUND,
                DockerError::Invalid { .. } => StatusCode::BAD_REQUEST,
                e if e.is_connection() => StatusCode::BAD_GATEWAY,
                DockerError::Engine { .. } => StatusCode::BAD_GATEWAY,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], user_message(&e)).into_response()
        }
    }
}
