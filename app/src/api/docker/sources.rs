//! Docker sources: members read them (to pick one on the Docker page), admins
//! manage them. TLS material is write-only: reads say only whether it is stored.

use super::{ConnectionTest, DockerSource, DockerSourceSummary};
use crate::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn input(id: Option<i32>, name: String, transport: String, url: String, tls_ca: String, tls_cert: String, tls_key: String, clear_tls: bool) -> archnest_backend::docker::sources::SourceInput {
    archnest_backend::docker::sources::SourceInput { id, name, transport, url, tls_ca, tls_cert, tls_key, clear_tls }
}

#[server(prefix = "/api/fn", endpoint = "docker/sources")]
pub async fn list_docker_sources() -> Result<Vec<DockerSource>, AppError> {
    let st = crate::api::ssr::state()?;
    let list = archnest_backend::docker::sources::list(&st.db).await?;
    Ok(list.into_iter().map(super::ssr::source).collect())
}

#[allow(clippy::too_many_arguments, reason = "one server-fn argument per form field")]
#[server(prefix = "/api/fn", endpoint = "docker/source-save")]
pub async fn save_docker_source(
    id: Option<i32>,
    name: String,
    transport: String,
    url: String,
    #[server(default)] tls_ca: String,
    #[server(default)] tls_cert: String,
    #[server(default)] tls_key: String,
    #[server(default)] clear_tls: bool,
) -> Result<DockerSource, AppError> {
    let st = crate::api::ssr::state()?;
    let owned = st.license.handle().modules();
    let form = input(id, name, transport, url, tls_ca, tls_cert, tls_key, clear_tls);
    let saved = archnest_backend::docker::sources::save(&st.db, &st.vault, owned, &form).await?;
    let verb = if id.is_some() { "docker.source_updated" } else { "docker.source_added" };
    super::ssr::audit(&st, verb, &format!("{} {}", saved.name, saved.url)).await;
    Ok(super::ssr::source(saved))
}

#[server(prefix = "/api/fn", endpoint = "docker/source-delete")]
pub async fn delete_docker_source(id: i32) -> Result<(), AppError> {
    let st = crate::api::ssr::state()?;
    let gone = archnest_backend::docker::sources::delete(&st.db, id).await?;
    super::ssr::audit(&st, "docker.source_deleted", &format!("{} {}", gone.name, gone.url)).await;
    Ok(())
}

/// Tests the form as typed (stored TLS material fills empty PEM fields when editing).
#[allow(clippy::too_many_arguments, reason = "one server-fn argument per form field")]
#[server(prefix = "/api/fn", endpoint = "docker/source-test")]
pub async fn test_docker_source(
    id: Option<i32>,
    #[server(default)] name: String,
    transport: String,
    url: String,
    #[server(default)] tls_ca: String,
    #[server(default)] tls_cert: String,
    #[server(default)] tls_key: String,
    #[server(default)] clear_tls: bool,
) -> Result<ConnectionTest, AppError> {
    use archnest_backend::docker::{client, sources};
    let st = crate::api::ssr::state()?;
    let form = input(id, name, transport, url, tls_ca, tls_cert, tls_key, clear_tls);
    let conn = sources::draft_conn(&st.db, &st.vault, st.license.handle().modules(), &form).await?;
    super::ssr::test_result(client::test(&conn).await)
}

/// Running/stopped counts per source (for Glance).
#[server(prefix = "/api/fn", endpoint = "docker/summary")]
pub async fn docker_summary() -> Result<Vec<DockerSourceSummary>, AppError> {
    summaries(&crate::api::ssr::state()?).await
}

/// The per-source counts as the wire type; also used by the Glance snapshot.
#[cfg(feature = "ssr")]
pub(crate) async fn summaries(st: &archnest_backend::AppState) -> Result<Vec<DockerSourceSummary>, AppError> {
    let rows = archnest_backend::docker::summary::summary(&st.db, &st.vault).await?;
    Ok(rows
        .into_iter()
        .map(|s| DockerSourceSummary { id: s.id, name: s.name, running: s.running, stopped: s.stopped, error: s.error })
        .collect())
}
