//! Collects what the evidence pack may say about an incident, from the engine:
//! signals with the templates they name (counts before and after the onset,
//! redacted exemplars), metric change points with their values, and the other
//! templates, each with the id an answer cites. Selection and wording are
//! pack.rs's job; this file only gathers, in a deterministic order.

use std::collections::HashMap;

use serde::Serialize;

use super::onset_values::OnsetForm;
use super::{causes, notes, rate_rise};
use crate::ingest::mine::{short_id, TemplateId};
use crate::ingest::parse::announcement;
use crate::ingest::{Engine, LogLevel, SignalKind};

/// Templates considered for the "other templates" section (the budget cuts further).
const MAX_OTHER_TEMPLATES: usize = 200;
/// Exemplars are redacted lines; a long one is cut to this many characters.
pub const EXEMPLAR_CHARS: usize = 200;

/// A template as evidence: counts in the retained lines around the onset.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TemplateEvidence {
    /// `T1a2b`.
    pub id: String,
    pub text: String,
    /// Lines of this template since the start (the miner's count).
    pub count: u64,
    /// Retained lines before and from the onset (None without an onset).
    pub before_onset: Option<u64>,
    pub after_onset: Option<u64>,
    /// Retained error or fatal lines of this template from the onset (all, without one).
    pub errors_after: u64,
    pub first_seen_ms: i64,
    /// Up to two redacted example lines.
    pub exemplars: Vec<String>,
    /// Up to two distinct exception lines its records' stack traces carried
    /// (causes.rs): what was thrown, where the first line only says that.
    pub causes: Vec<String>,
    /// The frame that raised the innermost of them: where the code failed.
    pub raised_at: Option<String>,
    /// Its rate rose at the onset beyond chance (rate_rise.rs): the
    /// trouble's line even when it never bursts.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rose_at_onset: bool,
    /// What most of its lines from the onset said where its masks hide it
    /// (onset_values.rs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub onset_form: Option<OnsetForm>,
}

/// A signal as evidence, with the templates it names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalEvidence {
    /// `S3`.
    pub id: String,
    pub kind: SignalKind,
    pub time_ms: i64,
    pub score: f64,
    pub title: String,
    pub templates: Vec<TemplateEvidence>,
}

/// A metric change point: the mean before and after the shift.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricEvidence {
    /// `M1`, in order of change time then name.
    pub id: String,
    /// The engine's change-point signal for this metric, if it raised one.
    pub signal_id: Option<String>,
    pub name: String,
    pub unit: String,
    pub time_ms: i64,
    pub mean_before: f64,
    pub mean_after: f64,
    pub last_value: f64,
    pub last_ms: i64,
    pub score: f64,
}

/// Everything gathered, in priority order within each kind.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub signals: Vec<SignalEvidence>,
    pub metrics: Vec<MetricEvidence>,
    pub templates: Vec<TemplateEvidence>,
    /// Templates of a cloud provider's announcements no signal names.
    pub announcements: Vec<TemplateEvidence>,
    /// Lines of written sources (notes.rs) no signal names, oldest first.
    pub notes: Vec<TemplateEvidence>,
    /// Retained lines the before/after counts are over, and the oldest one's time.
    pub retained_lines: usize,
    pub retained_from_ms: Option<i64>,
    /// Lines no longer retained (counts before the onset may be low by up to this).
    pub evicted_lines: u64,
}

/// The onset the pack is written around: the given one, else the first
/// signal that is not a deploy.
pub fn onset_of(engine: &Engine, given: Option<i64>) -> Option<i64> {
    given.or_else(|| {
        engine
            .signals()
            .iter()
            .filter(|s| s.kind != SignalKind::Deploy)
            .map(|s| s.time_ms)
            .min()
    })
}

/// `found` by the short id the pack cites (`T1a2b`). Short ids are 16 bits
/// and may be shared: an id two templates share maps to `None`, so that no
/// template is shown another's findings.
pub fn by_short_id<T>(found: &HashMap<TemplateId, T>) -> HashMap<String, Option<&T>> {
    let mut out: HashMap<String, Option<&T>> = HashMap::new();
    for (id, value) in found {
        out.entry(short_id(*id))
            .and_modify(|v| *v = None)
            .or_insert(Some(value));
    }
    out
}

impl Gathered {
    /// Every template it holds: the signals', then the others, the
    /// announcements and the notes.
    pub fn templates_mut(&mut self) -> impl Iterator<Item = &mut TemplateEvidence> {
        self.signals
            .iter_mut()
            .flat_map(|s| s.templates.iter_mut())
            .chain(self.templates.iter_mut())
            .chain(self.announcements.iter_mut())
            .chain(self.notes.iter_mut())
    }
}

pub fn gather(engine: &Engine, onset_ms: Option<i64>) -> Gathered {
    let (counts, causes) = count_around(engine, onset_ms);
    let rise = |id: TemplateId| counts.get(&id).map_or(0.0, |t| t.rise_nats);
    let used = std::cell::RefCell::new(std::collections::HashSet::new());
    let template_evidence = |id: TemplateId| -> Option<TemplateEvidence> {
        let template = engine.miner().get(id)?;
        used.borrow_mut().insert(template.id);
        let tally = counts.get(&template.id).copied().unwrap_or_default();
        Some(TemplateEvidence {
            id: short_id(template.id),
            text: template.text.clone(),
            count: template.count,
            before_onset: onset_ms.map(|_| tally.before),
            after_onset: onset_ms.map(|_| tally.after),
            errors_after: tally.errors_after,
            first_seen_ms: template.first_seen_ms,
            exemplars: template.exemplars.iter().take(2).map(|e| cut(e)).collect(),
            causes: causes
                .thrown
                .get(&template.id)
                .map(|found| shown_causes(found))
                .unwrap_or_default(),
            raised_at: causes.raised.get(&template.id).map(|(frame, _)| cut(frame)),
            rose_at_onset: rise(template.id) > 0.0,
            onset_form: None,
        })
    };

    let mut sorted: Vec<_> = engine
        .signals()
        .iter()
        .filter(|s| s.kind != SignalKind::ChangePoint)
        .collect();
    sorted.sort_by_key(|s| (s.time_ms, signal_number(&s.id)));
    let mut named = std::collections::HashSet::new();
    let signals: Vec<SignalEvidence> = sorted
        .into_iter()
        .map(|signal| {
            let templates: Vec<TemplateEvidence> = signal
                .templates
                .iter()
                .filter_map(|id| template_evidence(*id))
                .collect();
            named.extend(templates.iter().map(|t| t.id.clone()));
            SignalEvidence {
                id: signal.id.clone(),
                kind: signal.kind,
                time_ms: signal.time_ms,
                score: signal.score,
                title: signal.title.clone(),
                templates,
            }
        })
        .collect();

    // A provider's announcements no signal names, oldest first: the
    // environment's own word on what happened, however rare its lines.
    let mut oldest_first = |keep: &dyn Fn(TemplateId) -> bool| -> Vec<TemplateEvidence> {
        let mut found: Vec<_> = engine
            .miner()
            .templates()
            .filter(|t| keep(t.id) && named.insert(short_id(t.id)))
            .map(|t| (t.first_seen_ms, t.id))
            .collect();
        found.sort();
        found
            .into_iter()
            .filter_map(|(_, id)| template_evidence(id))
            .collect()
    };
    let announcements = oldest_first(&|id| causes.announced.contains(&id));
    // What people and feeds wrote (notes.rs), oldest first: each line its
    // own item, which ranking by count would always cut.
    let written = causes.variety.written();
    let notes = oldest_first(&|id| {
        matches!(counts.get(&id).map(|c| c.sources),
            Some(rate_rise::Sources::One(source)) if written.contains(&source))
    });
    // Templates no signal names: those whose errors began at the onset first
    // (`errors_began_at_onset`), then those with errors after the onset, then
    // those that logged errors only before it, then those whose rate rose at
    // the onset beyond chance (rate_rise.rs, strongest first), then by
    // count. An error the service kept logging before the onset (an hourly
    // archive job failing on a read-only disk) may be how the trouble began,
    // and a few such lines say more than a thousand routine ones; a line
    // that went from a few an hour to a few a minute is the trouble's even
    // when it never bursts.
    let mut others: Vec<_> = engine.miner().templates().collect();
    others.sort_by(|a, b| {
        let tally = |id| counts.get(&id).copied().unwrap_or_default();
        let errors = |id| tally(id).errors_after;
        let erred_before = |id| tally(id).errors_before > 0;
        let began = |id| {
            let t: Tally = tally(id);
            errors_began_at_onset(t.errors_after, onset_ms.map(|_| t.before))
        };
        began(b.id)
            .cmp(&began(a.id))
            .then(errors(b.id).cmp(&errors(a.id)))
            .then(erred_before(b.id).cmp(&erred_before(a.id)))
            .then(rise(b.id).total_cmp(&rise(a.id)))
            .then(b.count.cmp(&a.count))
            .then(a.id.cmp(&b.id))
    });
    // Short ids are 16 bits: of two templates that share one, only the first
    // (by priority) is listed, so that every cited id names one template.
    let templates = others
        .into_iter()
        .filter(|t| named.insert(short_id(t.id)))
        .take(MAX_OTHER_TEMPLATES)
        .filter_map(|t| template_evidence(t.id))
        .collect();

    let mut gathered = Gathered {
        signals,
        metrics: super::metric_changes::metric_changes(engine),
        templates,
        announcements,
        notes,
        retained_lines: engine.store().len(),
        retained_from_ms: engine
            .store()
            .iter()
            .next()
            .map(|r| r.time_ms.unwrap_or(r.arrival_ms)),
        evicted_lines: engine.store().evicted(),
    };
    let used = used.into_inner();
    super::constant_values::show(engine, &mut gathered, &used);
    if let Some(onset_ms) = onset_ms {
        super::onset_values::show(engine, &mut gathered, &used, onset_ms);
    }
    gathered
}

/// Whether a template's errors all came from the onset: too few lines to be
/// called new (a one-off alert), it is still the incident's own error.
pub fn errors_began_at_onset(errors_after: u64, before: Option<u64>) -> bool {
    errors_after > 0 && before == Some(0)
}

/// Signals are numbered `S1`, `S2` …: sort `S10` after `S9`.
fn signal_number(id: &str) -> u64 {
    id.trim_start_matches('S').parse().unwrap_or(u64::MAX)
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    before: u64,
    after: u64,
    errors_after: u64,
    errors_before: u64,
    sources: rate_rise::Sources,
    /// Evidence that its rate rose at the onset (rate_rise.rs), when it
    /// passes the bar; else 0.
    rise_nats: f64,
}

/// Distinct exception lines per template, and the templates of provider
/// announcements.
#[derive(Default)]
struct Causes {
    thrown: HashMap<TemplateId, Vec<Cause>>,
    /// The frame that raised a template's innermost exception, and whether
    /// it is from the onset.
    raised: HashMap<TemplateId, (String, bool)>,
    announced: std::collections::HashSet<TemplateId>,
    /// Per source, how many of its lines repeat a template (notes.rs).
    variety: notes::SourceVariety,
}

/// Exception lines of one shape (causes.rs `shape`) a template's records carried.
struct Cause {
    shape: String,
    /// The first line of that shape from the onset, else the first.
    line: String,
    /// Records from the onset that carried it.
    from_onset: u64,
}

/// Shapes remembered per template, of which the pack shows the
/// `causes::MAX_CAUSES` most frequent from the onset: what a template's
/// records threw before the trouble (expired tokens, every day) is not what
/// they throw in it.
const MAX_CAUSE_SHAPES: usize = 16;

/// The causes the pack lends a template: those most frequent from the onset,
/// in the order first seen among equals.
fn shown_causes(found: &[Cause]) -> Vec<String> {
    let mut order: Vec<&Cause> = found.iter().collect();
    order.sort_by_key(|c| std::cmp::Reverse(c.from_onset));
    order
        .into_iter()
        .take(causes::MAX_CAUSES)
        .map(|c| cut(&c.line))
        .collect()
}

/// Lines of one template read for a structured error field.
const MAX_FIELD_TRIES: u32 = 64;

/// One pass over the retained lines: per live template, lines before and from
/// the onset, and error lines from the onset (all error lines without one);
/// and the exception lines of records that carry a stack trace (causes.rs).
/// Tallies are kept by the miner's slot (identity-hashed lookups, no SipHash):
/// this pass is most of the pack's cost.
fn count_around(engine: &Engine, onset_ms: Option<i64>) -> (HashMap<TemplateId, Tally>, Causes) {
    let miner = engine.miner();
    // Per source, the first and last event time of its retained lines: how
    // long each side of the onset it was watched.
    let mut observed: Vec<Option<(i64, i64)>> = Vec::new();
    let mut by_slot: Vec<Tally> = Vec::new();
    let mut causes = Causes::default();
    // Per miner slot: lines read for an error field.
    let mut field_tries: Vec<u32> = Vec::new();
    for record in engine.store().iter() {
        let Some(slot) = miner.slot(record.template) else {
            continue;
        };
        let template = miner.resolve(record.template);
        if announcement::may_announce(&record.text)
            && announcement::announcement(&record.text, 0).is_some()
        {
            causes.announced.insert(template);
        }
        let time_ms = record.time_ms.unwrap_or(record.arrival_ms);
        if let Some(time_ms) = record.time_ms {
            let source = usize::from(record.source);
            if observed.len() <= source {
                observed.resize(source + 1, None);
            }
            observed[source] = Some(
                observed[source].map_or((time_ms, time_ms), |(first, last)| {
                    (first.min(time_ms), last.max(time_ms))
                }),
            );
        }
        let from_onset = onset_ms.is_none_or(|onset| time_ms >= onset);
        let mut lend = |line: &str| {
            let found = causes.thrown.entry(template).or_default();
            let shape = causes::shape(line);
            if let Some(cause) = found.iter_mut().find(|c| c.shape == shape) {
                // The example shown is one from the trouble when there is one.
                if from_onset && cause.from_onset == 0 {
                    cause.line = line.to_string();
                }
                cause.from_onset += u64::from(from_onset);
            } else if found.len() < MAX_CAUSE_SHAPES {
                found.push(Cause {
                    shape,
                    line: line.to_string(),
                    from_onset: u64::from(from_onset),
                });
            }
        };
        // Where it was raised: one frame per template, from the trouble when
        // it has one (looked for until then, and only then).
        let frame_wanted = match causes.raised.get(&template) {
            None => true,
            Some((_, seen_from_onset)) => from_onset && !seen_from_onset,
        };
        let mut note_frame = |frame: Option<&str>| {
            if let Some(frame) = frame.filter(|_| frame_wanted) {
                causes
                    .raised
                    .insert(template, (frame.to_string(), from_onset));
            }
        };
        if record.text.contains('\n') {
            causes::outer_and_inner(&record.text).for_each(&mut lend);
            if frame_wanted {
                note_frame(causes::raising_frame(&record.text).as_deref());
            }
        } else {
            // A structured line's error field (error_field.rs), read from a
            // bounded number of each template's lines: the causes a template
            // has show in its first lines, and a million lines must not be
            // parsed for them. Whatever the line's level, as a stack trace's
            // exception is: ASP.NET Core logs a rejected token, exception
            // and all, at Information.
            if field_tries.len() <= slot {
                field_tries.resize(slot + 1, 0);
            }
            let tries = &mut field_tries[slot];
            if *tries < MAX_FIELD_TRIES {
                *tries += 1;
                if let Some((thrown, frame)) = super::error_field::error_causes(&record.text) {
                    thrown.iter().for_each(|line| lend(line));
                    note_frame(frame.as_deref());
                }
            }
        }
        if by_slot.len() <= slot {
            by_slot.resize(slot + 1, Tally::default());
        }
        let tally = &mut by_slot[slot];
        tally.sources.note(record.source);
        causes.variety.note(record.source, template);
        if from_onset {
            tally.after += 1;
            if matches!(record.level, LogLevel::Error | LogLevel::Fatal) {
                tally.errors_after += 1;
            }
        } else {
            tally.before += 1;
            if matches!(record.level, LogLevel::Error | LogLevel::Fatal) {
                tally.errors_before += 1;
            }
        }
    }
    // A merged template's slots resolve to the template it merged into: add them up.
    let mut tallies: HashMap<TemplateId, Tally> = HashMap::new();
    for (slot, tally) in by_slot.into_iter().enumerate() {
        if let Some(template) = miner.by_slot(slot) {
            let sum = tallies.entry(template.id).or_default();
            sum.before += tally.before;
            sum.after += tally.after;
            sum.errors_after += tally.errors_after;
            sum.errors_before += tally.errors_before;
            sum.sources.merge(tally.sources);
        }
    }
    // Each template measured over the time its sources were watched: a file
    // that begins at the onset says nothing of the rate before it.
    if let Some(onset) = onset_ms {
        let rise_min = rate_rise::rise_min_nats(miner.len());
        for tally in tallies.values_mut() {
            if let Some((first, last)) = tally.sources.observed(&observed) {
                let nats =
                    rate_rise::rise_nats(tally.before, tally.after, onset - first, last - onset);
                if nats >= rise_min {
                    tally.rise_nats = nats;
                }
            }
        }
    }
    (tallies, causes)
}

/// An exemplar cut to `EXEMPLAR_CHARS` characters on a character boundary.
fn cut(line: &str) -> String {
    match line.char_indices().nth(EXEMPLAR_CHARS) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}
