//! CPU and memory per running container, fetched concurrently with a bounded
//! fan-out so many containers do not hammer the engine.
//!
//! The engine samples every container once a second and a stats request waits for
//! the next sample, so requests mostly wait: the fan-out is wide. The first request
//! for a container asks for two samples (`stream=false`, ~2 s) so CPU % shows on the
//! first load; later ones are one-shot (~1 s) and CPU % is computed against the
//! previous sample this server took of the same container.

use super::client::{classify, Engine};
use super::DockerError;
use bollard::models::ContainerStatsResponse;
use bollard::query_parameters::StatsOptionsBuilder;
use futures_util::{StreamExt, TryStreamExt};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// Stats requests in flight at once per call.
pub const FAN_OUT: usize = 32;
const PER_CONTAINER_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerStats {
    pub id: String,
    pub cpu_percent: Option<f64>,
    pub mem_used: Option<u64>,
    pub mem_limit: Option<u64>,
}

/// (container total CPU ns, system CPU ns) of the last sample, by container id.
static PREVIOUS: LazyLock<Mutex<HashMap<String, (u64, u64)>>> = LazyLock::new(Default::default);

/// Stats of `ids` (running containers). A container that fails is left out.
pub async fn collect(engine: &Engine, ids: Vec<String>) -> Vec<ContainerStats> {
    futures_util::stream::iter(ids)
        .map(|id| async move { tokio::time::timeout(PER_CONTAINER_TIMEOUT, one(engine, &id)).await.ok().and_then(Result::ok) })
        .buffer_unordered(FAN_OUT)
        .filter_map(|s| async move { s })
        .collect()
        .await
}

/// One container's one-shot stats.
pub async fn one(engine: &Engine, id: &str) -> Result<ContainerStats, DockerError> {
    super::containers::validate_ref(id)?;
    let seen = PREVIOUS.lock().map(|p| p.contains_key(id)).unwrap_or(false);
    let opts = StatsOptionsBuilder::default().stream(false).one_shot(seen).build();
    let sample = engine
        .docker
        .stats(id, Some(opts))
        .try_next()
        .await
        .map_err(|e| classify(&engine.url, e))?
        .ok_or_else(|| DockerError::Other("the engine sent no stats".into()))?;
    Ok(compute(id, &sample))
}

fn compute(id: &str, s: &ContainerStatsResponse) -> ContainerStats {
    let cpu = s.cpu_stats.as_ref();
    let total = cpu.and_then(|c| c.cpu_usage.as_ref()).and_then(|u| u.total_usage);
    let system = cpu.and_then(|c| c.system_cpu_usage);
    let cpus = cpu.and_then(|c| c.online_cpus).filter(|n| *n > 0).unwrap_or(1);
    let pre = s.precpu_stats.as_ref();
    let pre_total = pre.and_then(|c| c.cpu_usage.as_ref()).and_then(|u| u.total_usage);
    let pre_system = pre.and_then(|c| c.system_cpu_usage).filter(|v| *v > 0);
    let mut cpu_percent = None;
    if let (Some(total), Some(system)) = (total, system) {
        let previous = match (pre_total, pre_system) {
            (Some(t), Some(sys)) => Some((t, sys)),
            _ => PREVIOUS.lock().ok().and_then(|p| p.get(id).copied()),
        };
        if let Some((pt, ps)) = previous {
            if system > ps && total >= pt {
                cpu_percent = Some((total - pt) as f64 / (system - ps) as f64 * f64::from(cpus) * 100.0);
            }
        }
        if let Ok(mut p) = PREVIOUS.lock() {
            if p.len() > 10_000 {
                p.clear();
            }
            p.insert(id.to_owned(), (total, system));
        }
    }
    let mem = s.memory_stats.as_ref();
    // Like `docker stats`: usage minus the page cache (cgroup v1 `cache`, v2 `inactive_file`).
    let cache = mem
        .and_then(|m| m.stats.as_ref())
        .and_then(|st| st.get("inactive_file").or_else(|| st.get("total_inactive_file")).or_else(|| st.get("cache")).copied())
        .unwrap_or(0);
    ContainerStats {
        id: id.to_owned(),
        cpu_percent,
        mem_used: mem.and_then(|m| m.usage).map(|u| u.saturating_sub(cache)),
        mem_limit: mem.and_then(|m| m.limit).filter(|l| *l > 0 && *l < u64::MAX / 2),
    }
}
