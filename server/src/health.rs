//! `GET /api/health` — for Docker's HEALTHCHECK, load balancers and monitors.

use archnest_backend::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

pub async fn health(State(app): State<AppState>) -> (StatusCode, Json<Value>) {
    let db_ok = archnest_backend::db::ping(&app.db).await;
    let status = if db_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (
        status,
        Json(json!({
            "status": if db_ok { "ok" } else { "degraded" },
            "version": env!("CARGO_PKG_VERSION"),
            "database": if db_ok { "ok" } else { "unreachable" },
        })),
    )
}
