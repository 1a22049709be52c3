//! The engine: one owner of parse → redact → mine → store → signals state.
//! PLACEHOLDER internals — the log-engine work replaces them, keeping this API.

use super::{
    DeployMarker, EngineConfig, LogLevel, MetricSeries, Miner, Record, RecordFlags,
    RedactionCounts, Redactor, Signal, SourceIndex, Store,
};

#[derive(Debug)]
pub struct Engine {
    config: EngineConfig,
    redactor: Redactor,
    miner: Miner,
    store: Store,
    signals: Vec<Signal>,
    redactions: RedactionCounts,
    metrics: Vec<MetricSeries>,
    deploys: Vec<DeployMarker>,
    next_seq: u64,
    lines_in: u64,
}

impl Engine {
    pub fn new(config: EngineConfig) -> Self {
        let store = Store::new(config.ring_lines, config.ring_bytes);
        Engine {
            config,
            redactor: Redactor::new(),
            miner: Miner::new(),
            store,
            signals: Vec::new(),
            redactions: RedactionCounts::default(),
            metrics: Vec::new(),
            deploys: Vec::new(),
            next_seq: 0,
            lines_in: 0,
        }
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Feeds one raw line (without its newline) from `source`.
    pub fn push_line(&mut self, source: SourceIndex, line: &[u8], arrival_ms: i64) {
        self.lines_in += 1;
        let text = String::from_utf8_lossy(line);
        let redacted = self.redactor.redact(&text, &mut self.redactions);
        let template = self.miner.add(&redacted, arrival_ms);
        let record = Record {
            seq: self.next_seq,
            time_ms: None,
            arrival_ms,
            level: LogLevel::Info,
            source,
            text: redacted.into_owned(),
            template,
            flags: RecordFlags::default(),
        };
        self.next_seq += 1;
        self.store.push(record);
    }

    /// Merges new points of a metric series (by name) and checks it for change points.
    pub fn push_metric(&mut self, update: MetricSeries) {
        match self.metrics.iter_mut().find(|m| m.name == update.name) {
            Some(series) => series.points.extend(update.points),
            None => self.metrics.push(update),
        }
    }

    /// Records a deploy marker (it becomes a timeline signal).
    pub fn push_deploy(&mut self, marker: DeployMarker) {
        self.deploys.push(marker);
    }

    /// Lines per second of a template over its recent history, `buckets` values, newest last.
    pub fn template_rate(&self, id: super::TemplateId, buckets: usize) -> Vec<f64> {
        let _ = id;
        vec![0.0; buckets]
    }

    pub fn metrics(&self) -> &[MetricSeries] {
        &self.metrics
    }

    pub fn deploys(&self) -> &[DeployMarker] {
        &self.deploys
    }

    /// Completes any pending multi-line record (call at end of input or on idle).
    pub fn flush(&mut self) {}

    /// Lines received so far (before multi-line folding).
    pub fn lines_in(&self) -> u64 {
        self.lines_in
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn miner(&self) -> &Miner {
        &self.miner
    }

    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }

    pub fn redactions(&self) -> &RedactionCounts {
        &self.redactions
    }
}
