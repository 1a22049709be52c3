//! Level-0 readers. Each source runs as a tokio task and sends owned
//! `SourceEvent`s over one channel; none of them ever writes anywhere.

pub mod aws;
pub mod cloudwatch;
pub mod demo;
pub mod file;
pub mod insights;
pub mod live_tail;
pub mod prometheus;
pub mod stdin;

use serde::{Deserialize, Serialize};

use crate::ingest::{DeployMarker, MetricSeries, SourceIndex};

/// What a source is, for the status bar and the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// `file`, `stdin`, `demo`, `cloudwatch`, `prometheus`.
    pub kind: String,
    /// A short name: file name, log group, service.
    pub name: String,
}

/// The health of a source, shown beside its name in the status bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", content = "detail", rename_all = "snake_case")]
pub enum SourceState {
    Starting,
    /// Reading and delivering.
    Live,
    /// Caught up; waiting for more.
    Idle,
    /// Finished (end of a non-followed input).
    Done,
    /// A transient failure being retried (throttling, timeout): the reason.
    Retrying(String),
    /// The source cannot be read: the reason, quoted for the user.
    Failed(String),
}

/// One message from a source task to whoever owns the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceEvent {
    /// A batch of raw lines (without newlines) from one source.
    Lines {
        source: SourceIndex,
        lines: Vec<Vec<u8>>,
        arrival_ms: i64,
    },
    /// New or updated points of a metric series (merged by name).
    Metric(MetricSeries),
    Deploy(DeployMarker),
    State {
        source: SourceIndex,
        state: SourceState,
    },
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
