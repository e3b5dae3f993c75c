//! Assembles the Glance snapshot from the features' own read models.

use super::GlanceData;
use crate::AppError;
use archnest_backend::AppState;

pub async fn build(st: &AppState) -> Result<GlanceData, AppError> {
    let metrics = crate::api::metrics::convert::overview(st).await?;
    let docker = crate::api::docker::sources::summaries(st).await?;
    let bookmarks = archnest_backend::bookmarks::crud::list(&st.db)
        .await
        .map_err(crate::api::ssr::internal("bookmarks"))?
        .into_iter()
        .take(12)
        .map(|r| crate::api::bookmarks::tile(r, false))
        .collect();
    let defined = archnest_backend::tunnels::store::list(&st.db).await.map_err(crate::api::ssr::internal("tunnels"))?;
    let up = defined.iter().filter(|t| st.tunnels.snapshot(t.id).phase.name() == "up").count() as u32;
    let snap = st.license.handle().get();
    Ok(GlanceData {
        metrics,
        docker,
        bookmarks,
        tunnels: (up, defined.len() as u32),
        license_state: snap.status.slug().into(),
        valid_until: snap.valid_until,
        modules_owned: st.license.handle().modules().len() as u32,
    })
}
