//! Level-0 readers. Each source runs as a tokio task and sends owned
//! `SourceEvent`s over one channel; none of them ever writes anywhere.

pub mod aws;
pub mod cloudwatch;

pub mod demo;
pub mod demo_repo;
pub mod file;
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
    /// A source that joined after start (a log group added from the group
    /// browser, or a log stream used as a line label): its index and name.
    Added {
        source: SourceIndex,
        info: SourceInfo,
    },
    /// A remote source's retry counters (CloudWatch `RetryState`), for the
    /// status bar: calls retried and calls throttled so far.
    Retries {
        source: SourceIndex,
        retried: u64,
        throttled: u64,
    },
}

impl SourceEvent {
    /// Feeds this event to the engine, arrived at `arrival_ms`: lines, metric
    /// points and deploys go in; state, joins and retry counters are for the
    /// status bar and change nothing in the engine. The one place every reader
    /// (workbench, headless tail, demo replay, benches) turns events into data.
    pub fn feed(&self, engine: &mut crate::ingest::Engine, arrival_ms: i64) {
        match self {
            SourceEvent::Lines { source, lines, .. } => {
                engine.push_lines(*source, lines, arrival_ms)
            }
            SourceEvent::Metric(series) => engine.push_metric(series.clone()),
            SourceEvent::Deploy(marker) => engine.push_deploy(marker.clone()),
            SourceEvent::State { .. } | SourceEvent::Added { .. } | SourceEvent::Retries { .. } => {
            }
        }
    }
}

/// The kind of a source that only labels lines (a CloudWatch log stream):
/// shown beside its lines in Logs, not in the status bar.
pub const LABEL_KIND: &str = "cloudwatch-stream";

impl SourceInfo {
    /// True for line labels that are not sources of their own (log streams).
    pub fn is_label(&self) -> bool {
        self.kind == LABEL_KIND
    }
}

/// Hands out source indexes to sources that join while the workbench runs,
/// shared by every task that may add one. Indexes are `u16`, so it stops
/// (None) before they run out; callers then fall back to an existing index.
#[derive(Debug)]
pub struct SourceIds {
    next: std::sync::atomic::AtomicU32,
}

/// Highest index handed out: keeps a group with endless streams from
/// exhausting the index space (and the status list).
const MAX_SOURCE_INDEX: u32 = 4_000;

impl SourceIds {
    /// Indexes from `first` on (the sources known at start come before it).
    pub fn starting_at(first: usize) -> SourceIds {
        SourceIds {
            next: std::sync::atomic::AtomicU32::new(first as u32),
        }
    }

    pub fn next(&self) -> Option<SourceIndex> {
        let index = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (index <= MAX_SOURCE_INDEX).then_some(index as SourceIndex)
    }
}

pub use crate::clock::now_ms;
