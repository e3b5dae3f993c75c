//! `GET /api/glance/events`: the Glance snapshot as server-sent events, every few
//! seconds while a Glance page is open, so the home page updates without reloading.
//!
//! The snapshot is the same for every viewer, so one task builds it (one call to
//! every Docker engine, one metrics query) and every open page receives that copy.
//! The task runs only while somebody is listening.

use crate::ServerState;
use archnest_backend::auth::CurrentUser;
use archnest_backend::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

const EVERY: Duration = Duration::from_secs(5);

/// One built snapshot: `Ok(json)` or `Err(message)`.
type Snapshot = Option<Arc<Result<String, String>>>;

/// The one producer of Glance snapshots. Cheap to clone.
#[derive(Clone, Default)]
pub struct GlanceFeed {
    producer: Arc<Mutex<Option<Producer>>>,
}

struct Producer {
    tx: watch::Sender<Snapshot>,
    task: tokio::task::JoinHandle<()>,
}

impl GlanceFeed {
    /// A receiver of the snapshots, starting the producer when nobody was listening.
    pub fn subscribe(&self, app: &AppState) -> watch::Receiver<Snapshot> {
        let mut slot = self.producer.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = slot.as_ref().filter(|p| !p.task.is_finished()) {
            return p.tx.subscribe();
        }
        let (tx, rx) = watch::channel(None);
        let task = tokio::spawn(produce(self.clone(), app.clone(), tx.clone()));
        *slot = Some(Producer { tx, task });
        rx
    }

    /// Number of pages listening.
    #[cfg(test)]
    fn listeners(&self) -> usize {
        self.producer.lock().ok().and_then(|s| s.as_ref().map(|p| p.tx.receiver_count())).unwrap_or(0)
    }
}

async fn produce(feed: GlanceFeed, app: AppState, tx: watch::Sender<Snapshot>) {
    loop {
        let snapshot = match archnest_app::api::glance::build(&app).await {
            Ok(data) => serde_json::to_string(&data).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        tx.send_replace(Some(Arc::new(snapshot)));
        tokio::time::sleep(EVERY).await;
        // Decide under the lock, so a page subscribing right now is not left behind.
        let mut slot = feed.producer.lock().unwrap_or_else(|p| p.into_inner());
        if tx.receiver_count() == 0 {
            *slot = None;
            return;
        }
    }
}

fn event(snapshot: &Result<String, String>) -> Event {
    match snapshot {
        Ok(json) => Event::default().event("glance").data(json.as_str()),
        Err(e) => Event::default().event("error").data(e.as_str()),
    }
}

pub async fn stream(State(st): State<ServerState>, user: Option<Extension<CurrentUser>>) -> Response {
    if user.is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let rx = st.glance.subscribe(&st.app);
    // The latest snapshot at once (when there is one), then each new one.
    let events = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !(first && rx.borrow().is_some()) {
            rx.changed().await.ok()?;
        }
        let snapshot = rx.borrow_and_update().clone()?;
        Some((Ok::<_, std::convert::Infallible>(event(&snapshot)), (rx, false)))
    });
    Sse::new(events).keep_alive(KeepAlive::default()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use archnest_backend::testing::{self, Backend};

    async fn next(rx: &mut watch::Receiver<Snapshot>) -> Arc<Result<String, String>> {
        loop {
            if let Some(s) = rx.borrow_and_update().clone() {
                return s;
            }
            rx.changed().await.expect("producer alive");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_producer_serves_every_viewer_and_stops_when_they_leave() {
        let dir = tempfile::tempdir().expect("tempdir");
        let app = AppState::init(testing::config(Backend::Sqlite, dir.path()).await).await.expect("state");
        let feed = GlanceFeed::default();
        let (mut a, mut b) = (feed.subscribe(&app), feed.subscribe(&app));
        assert_eq!(feed.listeners(), 2);
        let (sa, sb) = (next(&mut a).await, next(&mut b).await);
        assert!(Arc::ptr_eq(&sa, &sb), "both viewers get the one snapshot that was built");
        let json = sa.as_ref().as_ref().expect("snapshot built");
        assert!(json.contains("\"license_state\""), "{json}");

        drop((a, b));
        let deadline = tokio::time::Instant::now() + EVERY * 3;
        while feed.producer.lock().expect("lock").is_some() {
            assert!(tokio::time::Instant::now() < deadline, "the producer stops without viewers");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        // A later viewer starts it again.
        let mut c = feed.subscribe(&app);
        assert!(next(&mut c).await.is_ok());
    }
}
