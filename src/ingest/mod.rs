//! The hot path: parse → redact → mine → store → signals.
//!
//! PURE and synchronous: nothing here imports tokio, ratatui or crossterm, so
//! every stage is a plain function over plain data and testable alone.

pub mod engine;
pub mod lines;
pub mod metrics;
pub mod mine;
pub mod parse;
pub mod redact;
pub mod signals;
pub mod store;

use serde::{Deserialize, Serialize};

pub use engine::Engine;
pub use metrics::{DeployMarker, MetricPoint, MetricSeries};
pub use mine::{Miner, Template, TemplateId};
pub use redact::{BatchScreen, RedactionCounts, Redactor};
pub use signals::{Signal, SignalKind};
pub use store::Store;

/// Lines a source hands the engine at most in one batch (`Engine::push_lines`):
/// the engine screens each batch for secrets at once, so larger batches
/// spread a search's fixed cost; this size keeps a batch's latency and memory small.
pub const BATCH_LINES: usize = 4096;

/// Which source a record came from: an index into the run's source list.
pub type SourceIndex = u16;

/// Severity of a record, detected or parsed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Trace,
    Debug,
    #[default]
    Info,
    Warn,
    Error,
    Fatal,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Trace => "trace",
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
            LogLevel::Fatal => "fatal",
        }
    }

    pub const ALL: [LogLevel; 6] = [
        LogLevel::Trace,
        LogLevel::Debug,
        LogLevel::Info,
        LogLevel::Warn,
        LogLevel::Error,
        LogLevel::Fatal,
    ];
}

/// Flags on a record: what the parser had to do to keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecordFlags {
    /// The input was not valid UTF-8 and was decoded lossily.
    pub lossy_utf8: bool,
    /// The input exceeded `max_line_bytes` and was truncated (a marker is in the text).
    pub truncated: bool,
}

/// One log record after parse and redact: what the store keeps and views show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Position in the run, from 0, in arrival order.
    pub seq: u64,
    /// Event time, epoch milliseconds UTC, when the line carried one.
    pub time_ms: Option<i64>,
    /// When lookout received it, epoch milliseconds UTC.
    pub arrival_ms: i64,
    pub level: LogLevel,
    pub source: SourceIndex,
    /// The redacted text (multi-line records keep their newlines).
    pub text: String,
    pub template: TemplateId,
    pub flags: RecordFlags,
}

/// Tunables of the engine, from the `[engine]` section of the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineConfig {
    /// Lines longer than this are truncated with a visible marker.
    pub max_line_bytes: usize,
    /// Retention cap of the ring, in records.
    pub ring_lines: usize,
    /// Retention cap of the ring, in bytes of record text.
    pub ring_bytes: usize,
    /// Optional Loghub-style line format, e.g. `<Date> <Time> <Level> <Component>: <Content>`.
    pub line_format: Option<String>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            max_line_bytes: 64 * 1024,
            ring_lines: 1_000_000,
            ring_bytes: 512 * 1024 * 1024,
            line_format: None,
        }
    }
}
