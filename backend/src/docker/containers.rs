//! The container list and container actions.

use super::client::{classify, Engine};
use super::DockerError;
use bollard::models::ContainerSummary;
use bollard::query_parameters::{ListContainersOptionsBuilder, RemoveContainerOptionsBuilder, RestartContainerOptionsBuilder, StopContainerOptionsBuilder};

/// One row of the containers table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRow {
    pub id: String,
    pub name: String,
    pub image: String,
    /// created, running, paused, restarting, exited, removing, dead
    pub state: String,
    /// Docker's human status, e.g. "Up 5 minutes".
    pub status: String,
    /// `0.0.0.0:8080->80/tcp`, or `80/tcp` when not published.
    pub ports: Vec<String>,
    pub created: i64,
}

/// Seconds a container gets to exit after SIGTERM before it is killed.
pub const STOP_GRACE_SECS: i32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Start,
    Stop,
    Restart,
    Pause,
    Unpause,
    Remove,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "start" => Action::Start,
            "stop" => Action::Stop,
            "restart" => Action::Restart,
            "pause" => Action::Pause,
            "unpause" => Action::Unpause,
            "remove" => Action::Remove,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Stop => "stop",
            Action::Restart => "restart",
            Action::Pause => "pause",
            Action::Unpause => "unpause",
            Action::Remove => "remove",
        }
    }
}

fn row(c: ContainerSummary) -> ContainerRow {
    let name = c.names.as_ref().and_then(|n| n.first()).map(|n| n.trim_start_matches('/').to_owned()).unwrap_or_default();
    let mut ports: Vec<String> = c
        .ports
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let proto = p.typ.map(|t| t.to_string()).filter(|t| !t.is_empty()).unwrap_or_else(|| "tcp".into());
            match (p.ip, p.public_port) {
                (Some(ip), Some(public)) => format!("{ip}:{public}->{}/{proto}", p.private_port),
                (None, Some(public)) => format!("{public}->{}/{proto}", p.private_port),
                _ => format!("{}/{proto}", p.private_port),
            }
        })
        .collect();
    ports.sort();
    ports.dedup();
    ContainerRow {
        id: c.id.unwrap_or_default(),
        name,
        image: c.image.unwrap_or_default(),
        state: c.state.map(|s| s.to_string()).unwrap_or_default(),
        status: c.status.unwrap_or_default(),
        ports,
        created: c.created.unwrap_or_default(),
    }
}

/// All containers (running or not), newest first.
pub async fn list(engine: &Engine) -> Result<Vec<ContainerRow>, DockerError> {
    let opts = ListContainersOptionsBuilder::default().all(true).build();
    let list = engine.docker.list_containers(Some(opts)).await.map_err(|e| classify(&engine.url, e))?;
    let mut rows: Vec<ContainerRow> = list.into_iter().map(row).collect();
    rows.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.name.cmp(&b.name)));
    Ok(rows)
}

/// Container ids are hex; names are `[a-zA-Z0-9][a-zA-Z0-9_.-]*`. Anything else
/// never reaches the engine's URL path.
pub fn validate_ref(id: &str) -> Result<(), DockerError> {
    let ok = !id.is_empty() && id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if ok {
        Ok(())
    } else {
        Err(DockerError::Invalid { field: "container", reason: "not a container id or name".into() })
    }
}

/// Runs an action; the engine's refusal (e.g. "is not running") is passed on as-is.
pub async fn act(engine: &Engine, id: &str, action: Action) -> Result<(), DockerError> {
    validate_ref(id)?;
    // Stop and restart wait up to STOP_GRACE_SECS for the process before killing it.
    let d = &engine.docker.clone().with_timeout(std::time::Duration::from_secs(STOP_GRACE_SECS as u64 + super::client::TIMEOUT_SECS));
    let res = match action {
        Action::Start => d.start_container(id, None::<bollard::query_parameters::StartContainerOptions>).await,
        Action::Stop => d.stop_container(id, Some(StopContainerOptionsBuilder::default().t(STOP_GRACE_SECS).build())).await,
        Action::Restart => d.restart_container(id, Some(RestartContainerOptionsBuilder::default().t(STOP_GRACE_SECS).build())).await,
        Action::Pause => d.pause_container(id).await,
        Action::Unpause => d.unpause_container(id).await,
        Action::Remove => d.remove_container(id, Some(RemoveContainerOptionsBuilder::default().force(true).v(false).build())).await,
    };
    res.map_err(|e| match classify(&engine.url, e) {
        DockerError::NotFound(_) => DockerError::NotFound(format!("container {id} does not exist (removed meanwhile?)")),
        other => other,
    })
}
