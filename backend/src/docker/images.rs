//! Images, volumes and networks of an engine.

use super::client::{classify, Engine};
use super::DockerError;
use bollard::query_parameters::{ListImagesOptionsBuilder, ListNetworksOptions, ListVolumesOptions, RemoveImageOptionsBuilder};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRow {
    pub id: String,
    /// `repo:tag`, or `<none>` for dangling images.
    pub tags: Vec<String>,
    pub size: i64,
    pub created: i64,
    /// Containers using it (-1 when the engine did not count).
    pub containers: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeRow {
    pub name: String,
    pub driver: String,
    pub mountpoint: String,
    pub created: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkRow {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub scope: String,
    pub subnets: Vec<String>,
}

pub async fn images(engine: &Engine) -> Result<Vec<ImageRow>, DockerError> {
    let opts = ListImagesOptionsBuilder::default().all(false).build();
    let list = engine.docker.list_images(Some(opts)).await.map_err(|e| classify(&engine.url, e))?;
    let mut rows: Vec<ImageRow> = list
        .into_iter()
        .map(|i| ImageRow {
            id: i.id,
            tags: if i.repo_tags.is_empty() || i.repo_tags.iter().all(|t| t == "<none>:<none>") { vec!["<none>".into()] } else { i.repo_tags },
            size: i.size,
            created: i.created,
            containers: i.containers,
        })
        .collect();
    rows.sort_by(|a, b| a.tags.cmp(&b.tags));
    Ok(rows)
}

/// Removes an image by id or `repo:tag`. In use → the engine's 409 message.
pub async fn remove_image(engine: &Engine, image: &str) -> Result<(), DockerError> {
    let ok = !image.is_empty() && image.len() <= 256 && image.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':' | '/' | '@'));
    if !ok {
        return Err(DockerError::Invalid { field: "image", reason: "not an image id or name".into() });
    }
    let opts = RemoveImageOptionsBuilder::default().force(false).noprune(false).build();
    engine.docker.remove_image(image, Some(opts), None).await.map_err(|e| classify(&engine.url, e))?;
    Ok(())
}

pub async fn volumes(engine: &Engine) -> Result<Vec<VolumeRow>, DockerError> {
    let list = engine.docker.list_volumes(None::<ListVolumesOptions>).await.map_err(|e| classify(&engine.url, e))?;
    let mut rows: Vec<VolumeRow> = list
        .volumes
        .unwrap_or_default()
        .into_iter()
        .map(|v| VolumeRow { name: v.name, driver: v.driver, mountpoint: v.mountpoint, created: v.created_at.map(|d| d.to_string()).unwrap_or_default() })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}

pub async fn networks(engine: &Engine) -> Result<Vec<NetworkRow>, DockerError> {
    let list = engine.docker.list_networks(None::<ListNetworksOptions>).await.map_err(|e| classify(&engine.url, e))?;
    let mut rows: Vec<NetworkRow> = list
        .into_iter()
        .map(|n| NetworkRow {
            id: n.id.unwrap_or_default(),
            name: n.name.unwrap_or_default(),
            driver: n.driver.unwrap_or_default(),
            scope: n.scope.unwrap_or_default(),
            subnets: n.ipam.and_then(|i| i.config).unwrap_or_default().into_iter().filter_map(|c| c.subnet).collect(),
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}
