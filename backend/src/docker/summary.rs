//! Per-source container counts for the Glance page.

use super::{client, containers, sources, DockerError};
use crate::vault::Vault;
use sea_orm::ConnectionTrait;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    pub id: i32,
    pub name: String,
    pub running: u32,
    pub stopped: u32,
    /// Why the engine could not be read; counts are 0 then.
    pub error: Option<String>,
}

pub async fn summary(db: &impl ConnectionTrait, vault: &Vault) -> Result<Vec<SourceSummary>, DockerError> {
    let mut out = Vec::new();
    for s in sources::list(db).await? {
        let counted = async {
            let engine = client::engine_for(&sources::conn(db, vault, s.id).await?).await?;
            containers::list(&engine).await
        }
        .await;
        let (running, stopped, error) = match counted {
            Ok(rows) => {
                let running = rows.iter().filter(|c| c.state == "running").count() as u32;
                (running, rows.len() as u32 - running, None)
            }
            Err(e) => (0, 0, Some(e.to_string())),
        };
        out.push(SourceSummary { id: s.id, name: s.name, running, stopped, error });
    }
    Ok(out)
}
