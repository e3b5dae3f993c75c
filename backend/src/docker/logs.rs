//! Container logs as a stream of lines (follow or not, tail N, timestamps).

use super::client::{classify, Engine};
use super::DockerError;
use bollard::container::LogOutput;
use bollard::query_parameters::LogsOptionsBuilder;
use futures_util::{Stream, StreamExt};
use std::sync::Arc;

/// Most lines a caller may ask for from the end of the log.
pub const MAX_TAIL: u32 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogRequest {
    pub follow: bool,
    /// `None` = the whole log.
    pub tail: Option<u32>,
    pub timestamps: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// `stdout`, `stderr` or `console` (TTY containers).
    pub stream: &'static str,
    pub text: String,
}

/// Checks the container exists first, so a bad id is a clear error rather than
/// an empty stream.
pub async fn open(engine: Arc<Engine>, id: &str, req: LogRequest) -> Result<impl Stream<Item = Result<LogLine, DockerError>> + Send + 'static, DockerError> {
    super::containers::validate_ref(id)?;
    engine.docker.inspect_container(id, None::<bollard::query_parameters::InspectContainerOptions>).await.map_err(|e| match classify(&engine.url, e) {
        DockerError::NotFound(_) => DockerError::NotFound(format!("container {id} does not exist")),
        other => other,
    })?;
    let tail = req.tail.map(|n| n.min(MAX_TAIL).to_string()).unwrap_or_else(|| "all".into());
    let opts = LogsOptionsBuilder::default().follow(req.follow).stdout(true).stderr(true).timestamps(req.timestamps).tail(&tail).build();
    let url = engine.url.clone();
    let docker = engine.docker.clone();
    let raw = docker.logs(id, Some(opts));
    Ok(raw.flat_map(move |item| {
        let lines: Vec<Result<LogLine, DockerError>> = match item {
            Ok(out) => {
                let (stream, bytes) = match out {
                    LogOutput::StdOut { message } => ("stdout", message),
                    LogOutput::StdErr { message } => ("stderr", message),
                    LogOutput::Console { message } => ("console", message),
                    LogOutput::StdIn { message } => ("stdin", message),
                };
                String::from_utf8_lossy(&bytes)
                    .split_inclusive('\n')
                    .map(|l| Ok(LogLine { stream, text: l.trim_end_matches(['\n', '\r']).to_owned() }))
                    .collect()
            }
            Err(e) => vec![Err(classify(&url, e))],
        };
        futures_util::stream::iter(lines)
    }))
}
