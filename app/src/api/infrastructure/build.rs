//! Collects the infrastructure list from hosts, metrics status and Docker engines.

use super::InfraItem;
use crate::api::ssr::internal;
use crate::AppError;
use archnest_backend::docker;
use archnest_backend::ssh::hosts;
use archnest_backend::AppState;

fn action(label: &str, href: String) -> (String, String) {
    (label.to_owned(), href)
}

pub async fn items(st: &AppState) -> Result<Vec<InfraItem>, AppError> {
    let mut out = Vec::new();
    let status = crate::api::metrics::convert::overview(st).await?.hosts;
    for h in hosts::list(&st.db).await.map_err(internal("hosts"))? {
        let m = status.iter().find(|o| o.host_id == h.id);
        let (health, text) = match m.and_then(|m| m.reachable) {
            Some(true) => ("ok", match m.and_then(|m| m.cpu_pct) {
                Some(cpu) => format!("up · CPU {cpu:.0}%"),
                None => "up".to_owned(),
            }),
            Some(false) => ("bad", m.and_then(|m| m.last_error.clone()).unwrap_or_else(|| "unreachable".into())),
            None => ("unknown", "not sampled yet".to_owned()),
        };
        out.push(InfraItem {
            kind: "host".into(),
            tags: hosts::tags_of(&h),
            detail: format!("{}@{}:{}", h.username, h.address, h.port),
            health: health.into(),
            status: text,
            parent: None,
            actions: vec![
                action("Terminal", format!("/terminal?host={}", h.id)),
                action("Files", format!("/files?host={}", h.id)),
                action("Metrics", format!("/metrics?host={}", h.id)),
            ],
            name: h.name,
        });
    }
    for s in docker::sources::list(&st.db).await.map_err(internal("docker sources"))? {
        let rows = match docker::client::engine_for(&docker::sources::conn(&st.db, &st.vault, s.id).await.map_err(internal("docker conn"))?).await {
            Ok(engine) => docker::containers::list(&engine).await,
            Err(e) => Err(e),
        };
        let (health, text) = match &rows {
            Ok(list) => ("ok", format!("{} running, {} stopped", list.iter().filter(|c| c.state == "running").count(), list.iter().filter(|c| c.state != "running").count())),
            Err(e) => ("bad", e.to_string()),
        };
        out.push(InfraItem {
            kind: "docker".into(),
            name: s.name.clone(),
            detail: s.url.clone(),
            health: health.into(),
            status: text,
            tags: vec![],
            parent: None,
            actions: vec![action("Containers", "/docker".into())],
        });
        for c in rows.unwrap_or_default() {
            out.push(InfraItem {
                kind: "container".into(),
                health: match c.state.as_str() {
                    "running" => "ok",
                    "exited" | "dead" => "bad",
                    _ => "idle",
                }
                .into(),
                status: c.status,
                detail: c.image,
                tags: vec![],
                parent: Some(s.name.clone()),
                actions: vec![action("Logs", "/docker".into())],
                name: c.name,
            });
        }
    }
    Ok(out)
}
