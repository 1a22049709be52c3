//! The embedded demo incident: five services of a small online shop, replayed
//! in real time (or faster, or deterministically for tests). No network, no key.
//!
//! The files under `demo/` are compiled in; `demo/generate.py` made them.
//! Each log file holds `<epoch ms>\t<line>`; a line starting with a tab continues
//! the previous record (stack traces), so the engine sees real multi-line input.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use tokio::sync::mpsc::Sender;

use super::{SourceEvent, SourceInfo, SourceState};
use crate::ingest::{DeployMarker, Engine, MetricPoint, MetricSeries, SourceIndex};

pub const DEMO_INCIDENT_ID: &str = "demo-2024-11-01";

const LOG_FILES: [(&str, &str); 5] = [
    ("edge-nginx", include_str!("../../demo/logs/edge-nginx.log")),
    (
        "checkout-api",
        include_str!("../../demo/logs/checkout-api.log"),
    ),
    ("payments", include_str!("../../demo/logs/payments.log")),
    ("postgres", include_str!("../../demo/logs/postgres.log")),
    ("deploy-bot", include_str!("../../demo/logs/deploy-bot.log")),
];
const METRICS_JSON: &str = include_str!("../../demo/metrics.json");
const DEPLOYS_JSON: &str = include_str!("../../demo/deploys.json");

/// Lines of one source that fall in the same batch window are sent together.
const BATCH_WINDOW_MS: i64 = 100;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("embedded demo file {file}, line {line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    #[error("demo infra repo at {path}: {message}")]
    Repo { path: PathBuf, message: String },
}

/// How fast the demo replays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Speed {
    /// Incident seconds per wall-clock second.
    Factor(f64),
    /// As fast as the consumer takes it.
    Max,
}

impl std::str::FromStr for Speed {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim().eq_ignore_ascii_case("max") {
            return Ok(Speed::Max);
        }
        let trimmed = s.trim().trim_end_matches(['x', 'X']);
        match trimmed.parse::<f64>() {
            Ok(f) if f.is_finite() && f > 0.0 => Ok(Speed::Factor(f)),
            _ => Err(format!(
                "speed {s:?} is not a positive number or `max` (e.g. --speed 10, --speed max)"
            )),
        }
    }
}

impl std::fmt::Display for Speed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Speed::Factor(x) => write!(f, "{x}x"),
            Speed::Max => write!(f, "max"),
        }
    }
}

/// One event of the replay at its incident time.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedEvent {
    pub at_ms: i64,
    pub event: SourceEvent,
}

/// The parsed demo incident.
#[derive(Debug, Clone)]
pub struct DemoIncident {
    pub sources: Vec<SourceInfo>,
    pub service: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub deploy_ms: i64,
    pub onset_ms: i64,
    pub line_count: usize,
    events: Vec<TimedEvent>,
}

#[derive(Deserialize)]
struct RawSeries {
    name: String,
    unit: String,
    points: Vec<(i64, f64)>,
}

impl DemoIncident {
    /// Parses the compiled-in files.
    pub fn embedded() -> Result<DemoIncident, DemoError> {
        let mut events = Vec::new();
        let mut sources = Vec::new();
        let mut line_count = 0;
        for (index, (name, text)) in LOG_FILES.iter().enumerate() {
            sources.push(SourceInfo {
                kind: "demo".to_string(),
                name: (*name).to_string(),
            });
            line_count += batch_log(index as SourceIndex, name, text, &mut events)?;
        }
        let metrics: Vec<RawSeries> =
            serde_json::from_str(METRICS_JSON).map_err(|err| data_error("metrics.json", &err))?;
        for series in metrics {
            for (time_ms, value) in series.points {
                events.push(TimedEvent {
                    at_ms: time_ms,
                    event: SourceEvent::Metric(MetricSeries {
                        name: series.name.clone(),
                        unit: series.unit.clone(),
                        query: None,
                        points: vec![MetricPoint { time_ms, value }],
                        ..MetricSeries::default()
                    }),
                });
            }
        }
        let deploys: Vec<DeployMarker> =
            serde_json::from_str(DEPLOYS_JSON).map_err(|err| data_error("deploys.json", &err))?;
        let deploy_ms = deploys.first().map(|d| d.time_ms).unwrap_or(0);
        for marker in deploys {
            events.push(TimedEvent {
                at_ms: marker.time_ms,
                event: SourceEvent::Deploy(marker),
            });
        }
        // Stable sort: same-time events keep file order, so replays are identical.
        events.sort_by_key(|e| e.at_ms);
        let start_ms = events.first().map(|e| e.at_ms).unwrap_or(0);
        let end_ms = events.last().map(|e| e.at_ms).unwrap_or(0);
        let onset_ms = first_line_containing(&events, "db pool exhausted").unwrap_or(end_ms);
        Ok(DemoIncident {
            sources,
            service: "checkout-api".to_string(),
            start_ms,
            end_ms,
            deploy_ms,
            onset_ms,
            line_count,
            events,
        })
    }

    /// Every event in incident-time order.
    pub fn events(&self) -> &[TimedEvent] {
        &self.events
    }

    /// The speed at which the incident unfolds in about two minutes.
    pub fn default_speed(&self) -> f64 {
        let span_secs = (self.end_ms - self.start_ms) as f64 / 1000.0;
        (span_secs / 120.0).max(1.0)
    }

    /// Deterministic synchronous replay into an engine, up to `until_ms` (incident time).
    /// Like the workbench, which completes pending records on every tick, it
    /// completes them after each batch (a stack trace never spans two batches:
    /// `batch_log` keeps continuation lines with their first line), so records
    /// are stored in arrival order rather than when their source next speaks.
    pub fn feed(&self, engine: &mut Engine, until_ms: Option<i64>) {
        for timed in &self.events {
            if until_ms.is_some_and(|until| timed.at_ms > until) {
                break;
            }
            timed.event.feed(engine, timed.at_ms);
            engine.flush();
        }
        engine.flush();
    }
}

/// Replays the incident into `tx` at `speed`. With `deterministic`, arrival
/// times are the incident times, so two runs produce identical engines. With
/// `repeat`, it starts over at the end until the receiver goes away (soak runs).
pub async fn replay(
    incident: Arc<DemoIncident>,
    speed: Speed,
    deterministic: bool,
    repeat: bool,
    tx: Sender<SourceEvent>,
) {
    for index in 0..incident.sources.len() {
        let state = SourceEvent::State {
            source: index as SourceIndex,
            state: SourceState::Live,
        };
        if tx.send(state).await.is_err() {
            return;
        }
    }
    loop {
        if !replay_once(&incident, speed, deterministic, &tx).await {
            return;
        }
        if !repeat {
            break;
        }
    }
    for index in 0..incident.sources.len() {
        let state = SourceEvent::State {
            source: index as SourceIndex,
            state: SourceState::Done,
        };
        if tx.send(state).await.is_err() {
            return;
        }
    }
}

/// One pass over the incident's events; false when the receiver is gone.
async fn replay_once(
    incident: &DemoIncident,
    speed: Speed,
    deterministic: bool,
    tx: &Sender<SourceEvent>,
) -> bool {
    let started = tokio::time::Instant::now();
    for timed in incident.events() {
        if let Speed::Factor(factor) = speed {
            let offset_ms = (timed.at_ms - incident.start_ms) as f64 / factor;
            let due = started + std::time::Duration::from_micros((offset_ms * 1000.0) as u64);
            tokio::time::sleep_until(due).await;
        }
        let mut event = timed.event.clone();
        if let SourceEvent::Lines { arrival_ms, .. } = &mut event {
            *arrival_ms = if deterministic {
                timed.at_ms
            } else {
                super::now_ms()
            };
        }
        if tx.send(event).await.is_err() {
            return false;
        }
    }
    true
}

fn data_error(file: &str, err: &serde_json::Error) -> DemoError {
    DemoError::Data {
        file: file.to_string(),
        line: err.line(),
        message: err.to_string(),
    }
}

/// Splits one embedded log into batches; returns its physical line count.
fn batch_log(
    source: SourceIndex,
    name: &str,
    text: &str,
    events: &mut Vec<TimedEvent>,
) -> Result<usize, DemoError> {
    let mut count = 0;
    let mut batch: Vec<Vec<u8>> = Vec::new();
    let mut batch_start = i64::MIN;
    for (index, line) in text.lines().enumerate() {
        count += 1;
        if let Some(continuation) = line.strip_prefix('\t') {
            batch.push(continuation.as_bytes().to_vec());
            continue;
        }
        let (stamp, body) = line.split_once('\t').ok_or_else(|| DemoError::Data {
            file: format!("demo/logs/{name}.log"),
            line: index + 1,
            message: "expected `<epoch ms>\\t<line>`".to_string(),
        })?;
        let at_ms: i64 = stamp.parse().map_err(|_| DemoError::Data {
            file: format!("demo/logs/{name}.log"),
            line: index + 1,
            message: format!("{stamp:?} is not an epoch-millisecond time"),
        })?;
        if at_ms >= batch_start + BATCH_WINDOW_MS && !batch.is_empty() {
            push_batch(events, source, batch_start, std::mem::take(&mut batch));
        }
        if batch.is_empty() {
            batch_start = at_ms;
        }
        batch.push(body.as_bytes().to_vec());
    }
    if !batch.is_empty() {
        push_batch(events, source, batch_start, batch);
    }
    Ok(count)
}

fn push_batch(events: &mut Vec<TimedEvent>, source: SourceIndex, at_ms: i64, lines: Vec<Vec<u8>>) {
    events.push(TimedEvent {
        at_ms,
        event: SourceEvent::Lines {
            source,
            lines,
            arrival_ms: at_ms,
        },
    });
}

fn first_line_containing(events: &[TimedEvent], needle: &str) -> Option<i64> {
    events.iter().find_map(|timed| match &timed.event {
        SourceEvent::Lines { lines, .. } => lines
            .iter()
            .any(|l| memchr::memmem::find(l, needle.as_bytes()).is_some())
            .then_some(timed.at_ms),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_incident_parses_and_tells_its_story_in_order() {
        let demo = DemoIncident::embedded().unwrap();
        assert!(demo.line_count >= 20_000, "{} lines", demo.line_count);
        assert_eq!(demo.sources.len(), 5);
        assert!(demo.start_ms < demo.deploy_ms && demo.deploy_ms < demo.onset_ms);
        assert!(demo.events().windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        let speed = demo.default_speed();
        assert!((5.0..=15.0).contains(&speed), "{speed}");
    }

    #[test]
    fn speed_parses_numbers_and_max_and_rejects_the_rest() {
        assert_eq!("max".parse::<Speed>(), Ok(Speed::Max));
        assert_eq!("10".parse::<Speed>(), Ok(Speed::Factor(10.0)));
        assert_eq!("2.5x".parse::<Speed>(), Ok(Speed::Factor(2.5)));
        assert!("0".parse::<Speed>().is_err());
        assert!("fast".parse::<Speed>().is_err());
    }
}
