//! What the Docker page reads and does on an engine. Any signed-in user may use
//! them (managing sources is for admins, in `sources`).

use super::{ContainerInfo, ContainerUsage, ImageInfo, NetworkInfo, VolumeInfo};
use crate::AppError;
use leptos::prelude::*;

#[server(prefix = "/api/fn", endpoint = "docker/containers")]
pub async fn list_containers(source: i32) -> Result<Vec<ContainerInfo>, AppError> {
    let st = crate::api::ssr::state()?;
    let engine = super::ssr::engine(&st, source).await?;
    let rows = archnest_backend::docker::containers::list(&engine).await?;
    Ok(rows.into_iter().map(super::ssr::container).collect())
}

/// CPU and memory of the running containers (see `docker::stats` for timing).
#[server(prefix = "/api/fn", endpoint = "docker/stats")]
pub async fn load_container_stats(source: i32) -> Result<Vec<ContainerUsage>, AppError> {
    use archnest_backend::docker::{containers, stats};
    let st = crate::api::ssr::state()?;
    let engine = super::ssr::engine(&st, source).await?;
    let running = containers::list(&engine).await?.into_iter().filter(|c| c.state == "running").map(|c| c.id).collect();
    Ok(stats::collect(&engine, running).await.into_iter().map(super::ssr::usage).collect())
}

/// start, stop, restart, pause, unpause or remove.
#[server(prefix = "/api/fn", endpoint = "docker/action")]
pub async fn container_action(source: i32, id: String, action: String) -> Result<(), AppError> {
    use archnest_backend::docker::containers::{self, Action};
    let st = crate::api::ssr::state()?;
    let act = Action::parse(&action).ok_or_else(|| AppError::invalid("action", "use start, stop, restart, pause, unpause or remove"))?;
    let engine = super::ssr::engine(&st, source).await?;
    containers::act(&engine, &id, act).await?;
    let short = archnest_backend::docker::short_id(&id);
    super::ssr::audit(&st, &format!("docker.container_{}", act.as_str()), &short).await;
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "docker/images")]
pub async fn list_images(source: i32) -> Result<Vec<ImageInfo>, AppError> {
    let st = crate::api::ssr::state()?;
    let engine = super::ssr::engine(&st, source).await?;
    let rows = archnest_backend::docker::images::images(&engine).await?;
    Ok(rows.into_iter().map(|i| ImageInfo { id: i.id, tags: i.tags, size: i.size, created: i.created, containers: i.containers }).collect())
}

#[server(prefix = "/api/fn", endpoint = "docker/image-remove")]
pub async fn remove_image(source: i32, image: String) -> Result<(), AppError> {
    let st = crate::api::ssr::state()?;
    let engine = super::ssr::engine(&st, source).await?;
    archnest_backend::docker::images::remove_image(&engine, &image).await?;
    super::ssr::audit(&st, "docker.image_removed", &image).await;
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "docker/volumes")]
pub async fn list_volumes(source: i32) -> Result<Vec<VolumeInfo>, AppError> {
    let st = crate::api::ssr::state()?;
    let engine = super::ssr::engine(&st, source).await?;
    let rows = archnest_backend::docker::images::volumes(&engine).await?;
    Ok(rows.into_iter().map(|v| VolumeInfo { name: v.name, driver: v.driver, mountpoint: v.mountpoint, created: v.created }).collect())
}

#[server(prefix = "/api/fn", endpoint = "docker/networks")]
pub async fn list_networks(source: i32) -> Result<Vec<NetworkInfo>, AppError> {
    let st = crate::api::ssr::state()?;
    let engine = super::ssr::engine(&st, source).await?;
    let rows = archnest_backend::docker::images::networks(&engine).await?;
    Ok(rows.into_iter().map(|n| NetworkInfo { id: n.id, name: n.name, driver: n.driver, scope: n.scope, subnets: n.subnets }).collect())
}
