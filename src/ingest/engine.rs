//! The engine: the one owner of parse → redact → mine → store → signals state.
//! Records are folded (multi-line stack traces join the line before them, per
//! source) before they are redacted, mined and stored.

use super::lines::decode_line;
use super::parse::multiline::TraceState;
use super::parse::{parse_line, year, LineFormat};
use super::signals::{self, Signal, SignalKind, TemplateWatch, WindowCounter};
use super::store::RateSeries;
use super::{
    BatchScreen, DeployMarker, EngineConfig, LogLevel, MetricSeries, Miner, Record, RecordFlags,
    RedactionCounts, Redactor, SourceIndex, Store, TemplateId,
};

/// A multi-line record keeps at most this many continuation lines.
const MAX_CONTINUATION_LINES: usize = 200;

/// A record still collecting continuation lines.
#[derive(Debug)]
struct Pending {
    text: String,
    arrival_ms: i64,
    lines: usize,
    flags: RecordFlags,
    /// Where the record is in a stack trace (decides what continues it).
    trace: TraceState,
}

/// Signals retained; beyond this the oldest are dropped (ids keep counting).
pub const MAX_SIGNALS: usize = 5_000;
/// Points retained per metric series (at a 15 s step, about 40 hours).
pub const MAX_METRIC_POINTS: usize = 10_000;
/// Deploy markers retained.
pub const MAX_DEPLOYS: usize = 1_000;

#[derive(Debug)]
pub struct Engine {
    config: EngineConfig,
    line_format: Option<LineFormat>,
    /// Per-source line formats (`set_source_format`), over `line_format`.
    source_formats: Vec<Option<LineFormat>>,
    redactor: Redactor,
    miner: Miner,
    store: Store,
    signals: Vec<Signal>,
    /// Signals emitted so far, dropped ones included: ids never repeat.
    signals_emitted: u64,
    redactions: RedactionCounts,
    metrics: Vec<MetricSeries>,
    deploys: Vec<DeployMarker>,
    pending: Vec<Option<Pending>>,
    /// Records complete but not yet redacted and mined: they are screened
    /// for secrets together (see `finish_ready`).
    ready: Vec<(SourceIndex, Pending)>,
    screen: BatchScreen,
    /// Last event time seen per source: lines without a timestamp inherit it.
    source_clock_ms: Vec<Option<i64>>,
    /// The latest event time that carried its year: context for those that do not.
    latest_dated_ms: Option<i64>,
    rates: Vec<RateSeries>,
    watches: Vec<TemplateWatch>,
    /// Error lines per source, for error surges.
    errors: Vec<Option<WindowCounter>>,
    /// First event time per source: the start of its baseline.
    source_start_ms: Vec<Option<i64>>,
    /// Templates seen below and at error level: the two families NEW is judged in.
    family_sizes: [usize; 2],
    changed_metrics: Vec<String>,
    /// Per metric (as `metrics`), where its change-point scan resumes.
    metric_resume_ms: Vec<i64>,
    first_event_ms: Option<i64>,
    clock_ms: i64,
    next_seq: u64,
    lines_in: u64,
}

impl Engine {
    /// Builds an engine; an invalid `line_format` is ignored here (validate it
    /// with `LineFormat::compile` where the user typed it).
    pub fn new(config: EngineConfig) -> Self {
        let store = Store::new(config.ring_lines, config.ring_bytes);
        let line_format = config
            .line_format
            .as_deref()
            .and_then(|f| LineFormat::compile(f).ok());
        Engine {
            config,
            line_format,
            source_formats: Vec::new(),
            redactor: Redactor::new(),
            miner: Miner::new(),
            store,
            signals: Vec::new(),
            signals_emitted: 0,
            redactions: RedactionCounts::default(),
            metrics: Vec::new(),
            deploys: Vec::new(),
            pending: Vec::new(),
            ready: Vec::new(),
            screen: BatchScreen::default(),
            source_clock_ms: Vec::new(),
            latest_dated_ms: None,
            rates: Vec::new(),
            watches: Vec::new(),
            errors: Vec::new(),
            source_start_ms: Vec::new(),
            family_sizes: [0; 2],
            changed_metrics: Vec::new(),
            metric_resume_ms: Vec::new(),
            first_event_ms: None,
            clock_ms: i64::MIN,
            next_seq: 0,
            lines_in: 0,
        }
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Gives one source its own line format (an incident's files differ:
    /// nginx, syslog, JSON…); `None` falls back to the engine's.
    pub fn set_source_format(&mut self, source: SourceIndex, format: Option<LineFormat>) {
        let slot = usize::from(source);
        if self.source_formats.len() <= slot {
            self.source_formats.resize_with(slot + 1, || None);
        }
        self.source_formats[slot] = format;
    }

    fn format_of(&self, source: SourceIndex) -> Option<&LineFormat> {
        self.source_formats
            .get(usize::from(source))
            .and_then(Option::as_ref)
            .or(self.line_format.as_ref())
    }

    /// Feeds one raw line (without its newline) from `source`.
    pub fn push_line(&mut self, source: SourceIndex, line: &[u8], arrival_ms: i64) {
        self.push_lines(source, &[line], arrival_ms);
    }

    /// Feeds a batch of raw lines from `source`, as a source delivers them.
    /// The records the batch completes are screened for secrets in one pass.
    pub fn push_lines<L: AsRef<[u8]>>(
        &mut self,
        source: SourceIndex,
        lines: &[L],
        arrival_ms: i64,
    ) {
        for line in lines {
            self.fold_line(source, line.as_ref(), arrival_ms);
        }
        self.finish_ready();
    }

    /// Joins a continuation line to its source's pending record, or starts a
    /// new record (the previous one is then ready).
    fn fold_line(&mut self, source: SourceIndex, line: &[u8], arrival_ms: i64) {
        self.lines_in += 1;
        let (text, lossy, truncated) = decode_line(line, self.config.max_line_bytes);
        let slot = usize::from(source);
        if self.pending.len() <= slot {
            self.pending.resize_with(slot + 1, || None);
            self.source_clock_ms.resize(slot + 1, None);
        }
        // With a line format, the format says what a record's first line
        // looks like: a stack-trace line that does not have its shape
        // continues the record before it, one that does starts a record.
        let continues = self.pending[slot]
            .as_mut()
            .is_some_and(|p| p.lines < MAX_CONTINUATION_LINES && p.trace.continues(&text))
            && self.format_of(source).is_none_or(|f| !f.matches(&text));
        if let (true, Some(pending)) = (continues, self.pending[slot].as_mut()) {
            pending.text.push('\n');
            pending.text.push_str(&text);
            pending.lines += 1;
            pending.flags.lossy_utf8 |= lossy;
            pending.flags.truncated |= truncated;
            return;
        }
        let next = Pending {
            trace: TraceState::start(&text),
            text,
            arrival_ms,
            lines: 1,
            flags: RecordFlags {
                lossy_utf8: lossy,
                truncated,
            },
        };
        if let Some(done) = self.pending[slot].replace(next) {
            self.ready.push((source, done));
        }
    }

    /// Completes every pending multi-line record (end of input, or the UI's idle tick).
    pub fn flush(&mut self) {
        for slot in 0..self.pending.len() {
            if let Some(done) = self.pending[slot].take() {
                self.ready.push((slot as SourceIndex, done));
            }
        }
        self.finish_ready();
    }

    /// Redacts, mines and stores the ready records, in order. One anchor
    /// screen covers them all; only the records it flags go through the
    /// redactor's rules (a lone record is simply redacted: its own screen is
    /// the same work).
    fn finish_ready(&mut self) {
        let mut ready = std::mem::take(&mut self.ready);
        let flagged = if ready.len() > 1 {
            self.redactor
                .flag(ready.iter().map(|(_, p)| p.text.as_str()), &mut self.screen)
        } else {
            (0..ready.len()).collect()
        };
        let mut flagged = flagged.into_iter().peekable();
        for (index, (source, pending)) in ready.drain(..).enumerate() {
            let may_hold_secret = flagged.next_if_eq(&index).is_some();
            self.finish(source, pending, may_hold_secret);
        }
        // Keep the allocation for the next batch.
        self.ready = ready;
    }

    fn finish(&mut self, source: SourceIndex, pending: Pending, may_hold_secret: bool) {
        let first_line = pending.text.lines().next().unwrap_or("");
        let parsed = match self.format_of(source) {
            Some(format) => format
                .parse(first_line)
                .unwrap_or_else(|| parse_line(first_line)),
            None => parse_line(first_line),
        };
        let level = parsed.level.unwrap_or(LogLevel::Info);
        let time_ms = parsed
            .time_ms
            .map(|t| self.place_in_year(t, pending.arrival_ms));
        // Redact the whole record once; its message needs a pass of its own only
        // when the record held a secret (the message is part of the record).
        let redacted = if may_hold_secret {
            match self.redactor.redact(&pending.text, &mut self.redactions) {
                std::borrow::Cow::Owned(redacted) => Some(redacted),
                std::borrow::Cow::Borrowed(_) => None,
            }
        } else {
            None
        };
        let (text, content) = match redacted {
            None => {
                let content = parsed.content.into_owned();
                (pending.text, content)
            }
            Some(redacted) => {
                let content = self
                    .redactor
                    .redact(&parsed.content, &mut RedactionCounts::default())
                    .into_owned();
                (redacted, content)
            }
        };
        let slot = usize::from(source);
        // Event time when the line has one; else the source's last event time, so
        // one undated line cannot drag the clock to wall time during a replay.
        let event_ms = time_ms
            .or_else(|| self.source_clock_ms.get(slot).copied().flatten())
            .unwrap_or(pending.arrival_ms);
        if let (Some(clock), Some(time)) = (self.source_clock_ms.get_mut(slot), time_ms) {
            *clock = Some(time);
        }
        let template = self.miner.add(&content, event_ms);
        self.observe(source, template, level, event_ms);
        self.store.push(Record {
            seq: self.next_seq,
            time_ms,
            arrival_ms: pending.arrival_ms,
            level,
            source,
            text,
            template,
            flags: pending.flags,
        });
        self.next_seq += 1;
    }

    /// A time without a year (syslog, klog) goes to the year nearest the
    /// latest dated time any source has shown (or the incident's stated
    /// time, `set_year_context`), else to the latest year that does not put
    /// it after the line's arrival or the clock (`year::place_before`); a
    /// dated time becomes that context.
    fn place_in_year(&mut self, time_ms: i64, arrival_ms: i64) -> i64 {
        if !year::is_yearless(time_ms) {
            self.latest_dated_ms = self.latest_dated_ms.max(Some(time_ms));
            return time_ms;
        }
        match self.latest_dated_ms {
            Some(context) => year::place(time_ms, context),
            None => {
                let arrival =
                    (!year::is_yearless(arrival_ms) && arrival_ms > 0).then_some(arrival_ms);
                year::place_before(time_ms, arrival.unwrap_or_else(crate::clock::now_ms))
            }
        }
    }

    /// When the incident happened, as its replay states it (`--onset`, a
    /// scenario's `onset`): the year of lines without one until a source
    /// shows a dated time. A replayed file read before any dated one would
    /// otherwise be placed by today's date.
    pub fn set_year_context(&mut self, at_ms: i64) {
        if self.latest_dated_ms.is_none() {
            self.latest_dated_ms = Some(at_ms);
        }
    }

    /// Updates rates and checks for new, bursting and surging templates, each
    /// on its own event time (`signals::watch`).
    fn observe(
        &mut self,
        source: SourceIndex,
        template: TemplateId,
        level: LogLevel,
        event_ms: i64,
    ) {
        self.first_event_ms = Some(self.first_event_ms.map_or(event_ms, |t| t.min(event_ms)));
        self.clock_ms = self.clock_ms.max(event_ms);
        let source_slot = usize::from(source);
        if self.source_start_ms.len() <= source_slot {
            self.source_start_ms.resize(source_slot + 1, None);
            self.errors.resize_with(source_slot + 1, || None);
        }
        let source_start = self.source_start_ms[source_slot].map_or(event_ms, |t| t.min(event_ms));
        self.source_start_ms[source_slot] = Some(source_start);
        let Some(slot) = self.miner.slot(template) else {
            return;
        };
        if self.rates.len() <= slot {
            self.rates.resize_with(slot + 1, RateSeries::default);
            self.watches
                .resize_with(slot + 1, || TemplateWatch::new(event_ms, source_start));
            self.family_sizes[0] += 1;
        }
        self.rates[slot].add(event_ms);
        let watch = &mut self.watches[slot];
        let counted = watch.add(event_ms);
        if level >= LogLevel::Error && !watch.error_family {
            watch.error_family = true;
            self.family_sizes[0] -= 1;
            self.family_sizes[1] += 1;
        }
        let family_size = self.family_sizes[usize::from(watch.error_family)];
        if let Some(p) = signals::is_new(watch, family_size) {
            watch.new_signalled = true;
            let first_seen = watch.first_seen_ms;
            // The score is the evidence: −log10 of the chance of so long a gap.
            let score = -p.max(f64::MIN_POSITIVE).log10();
            self.emit_template_signal(SignalKind::NewTemplate, slot, first_seen, score, "NEW");
        }
        if let Some((window_start, score)) = counted.burst {
            self.emit_template_signal(SignalKind::Burst, slot, window_start, score, "BURST");
        }
        if level < LogLevel::Error {
            return;
        }
        let errors = self.errors[source_slot]
            .get_or_insert_with(|| WindowCounter::starting_at(source_start));
        if let Some((window_start, score)) = errors.add(event_ms).burst {
            let count = errors.current();
            self.emit(Signal {
                id: String::new(),
                kind: SignalKind::ErrorSurge,
                time_ms: window_start,
                score,
                title: format!(
                    "error lines surged: {count} within {} s",
                    signals::WINDOW_MS / 1000
                ),
                templates: Vec::new(),
                exemplars: Vec::new(),
                metric: None,
            });
        }
    }

    fn emit_template_signal(
        &mut self,
        kind: SignalKind,
        slot: usize,
        time_ms: i64,
        score: f64,
        label: &str,
    ) {
        let Some(template) = self.miner.by_slot(slot) else {
            return;
        };
        let title = format!("{label} \"{}\" ×{}", template.text, template.count);
        let signal = Signal {
            id: String::new(),
            kind,
            time_ms,
            score,
            title,
            templates: vec![template.id],
            exemplars: template.exemplars.iter().take(2).cloned().collect(),
            metric: None,
        };
        self.emit(signal);
    }

    fn emit(&mut self, mut signal: Signal) {
        self.signals_emitted += 1;
        signal.id = format!("S{}", self.signals_emitted);
        // A feed that runs for days keeps producing bursts; memory must stay
        // flat, so the oldest signals go, a batch at a time (amortised O(1)).
        if self.signals.len() >= MAX_SIGNALS {
            self.signals.drain(..MAX_SIGNALS / 10);
        }
        self.signals.push(signal);
    }

    /// Signals emitted since the start, including those no longer retained.
    pub fn signals_emitted(&self) -> u64 {
        self.signals_emitted
    }

    /// Lines per second of a template over the last `window_ms` of event time, `buckets` values.
    pub fn template_rate(&self, id: TemplateId, buckets: usize) -> Vec<f64> {
        self.template_rate_window(id, 600_000, buckets)
    }

    pub fn template_rate_window(&self, id: TemplateId, window_ms: i64, buckets: usize) -> Vec<f64> {
        match self.miner.slot(id).and_then(|slot| self.rates.get(slot)) {
            Some(series) => series.per_second(self.clock_ms.saturating_add(1), window_ms, buckets),
            None => vec![0.0; buckets],
        }
    }

    /// The latest event time seen (epoch ms), if any.
    pub fn clock_ms(&self) -> Option<i64> {
        (self.clock_ms != i64::MIN).then_some(self.clock_ms)
    }

    pub fn first_event_ms(&self) -> Option<i64> {
        self.first_event_ms
    }

    /// The incident timeline: signals grouped into phases.
    pub fn timeline(&self) -> Vec<signals::Phase> {
        signals::timeline(&self.signals, self.first_event_ms.unwrap_or(0))
    }

    pub fn metrics(&self) -> &[MetricSeries] {
        &self.metrics
    }

    pub fn deploys(&self) -> &[DeployMarker] {
        &self.deploys
    }

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

    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Approximate memory held: records, rate series, templates.
    pub fn memory_bytes(&self) -> usize {
        let rates: usize = self.rates.iter().map(RateSeries::memory_bytes).sum();
        let templates: usize = self.miner.templates().map(|t| t.text.len() * 3 + 200).sum();
        self.store.memory_bytes()
            + rates
            + templates
            + self.watches.len() * signals::MAX_WINDOWS * 8
    }
}

mod metrics;
#[cfg(test)]
mod tests;
