//! What the incident says about its cause, read from the engine: when it began
//! (the first non-deploy signal), which deploys it saw (markers, and log lines
//! that announce a rollout naming a version or a commit), and the words of
//! what went wrong — each weighted by how specific it is to the incident.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::code::{paths_in, MAX_CODE_PATHS};
use super::environment::{announcement, Announcement, MAX_ANNOUNCEMENTS};
use super::metrics::{metric_change, metric_words};
use super::observer::{template_text, TemplateClue, WordSources};
use super::tokens::{sha_like, tokens, tokens_into, versions};
use crate::ingest::{Engine, LogLevel, SignalKind, SourceIndex, TemplateId};

/// The names log formats give their levels. Words that also name something
/// else (`log`, `alert`, `panic`) are not among them.
const LEVEL_NAMES: &[&str] = &[
    "trace", "debug", "info", "notice", "warn", "warning", "error", "err", "fatal", "critical",
    "crit", "severe",
];

/// Paths remembered per template (observer.rs asks which templates named a path).
const PATHS_PER_TEMPLATE: usize = 8;

/// A deploy the incident saw, and how it names what it deployed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeployClue {
    pub time_ms: i64,
    /// What announced it (a marker's description or the log line), for reasons.
    pub label: String,
    pub shas: Vec<String>,
    pub versions: Vec<String>,
    /// Settings the deploy's line reports (`config_keys::reported_settings`):
    /// how the service that started is configured.
    pub settings: Vec<(String, String)>,
}

/// The incident side of the comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentClues {
    /// First non-deploy signal, if any.
    pub onset_ms: Option<i64>,
    /// Latest event time seen.
    pub last_event_ms: Option<i64>,
    /// Earliest event time seen: where the logs, and the deploys they show, begin.
    pub first_event_ms: Option<i64>,
    /// Word → weight in (0, 1]: the severity of the incident templates that
    /// carry it (error 1, warn ½, other ¼) × its novelty (the share of its
    /// line rate after the onset, against its rate before: a word the healthy
    /// service logged all along weighs about 0).
    pub words: BTreeMap<String, f64>,
    pub deploys: Vec<DeployClue>,
    /// Paths of files named by warning and error lines from the onset (stack
    /// frames, `File "…"`), with the weight of their most severe line × the
    /// share of their rate from the onset above their rate before.
    pub code_paths: BTreeMap<String, f64>,
    /// Records of a cloud provider's event feed (environment.rs), oldest first.
    pub announcements: Vec<Announcement>,
    /// Which templates and paths each word came from (observer.rs).
    pub sources: WordSources,
    /// The trouble's earliest first sign before the onset, if any
    /// (precursor.rs): a metric series, or a warning template that began
    /// quietly and that the onset made loud.
    pub first_sign: Option<super::precursor::Precursor>,
    /// Error and warning lines per minute (what a rollback did: rollback.rs).
    pub symptoms: super::rollback::Symptoms,
    /// The repository's commits that landed after the onset (full shas): a
    /// deploy line naming one deploys forward, whatever version it names too.
    pub later_commits: Vec<String>,
    /// Those that revert a commit: sha, and the reverted commit's subject.
    pub later_reverts: Vec<(String, String)>,
    /// Those that set a deploy manifest's pin: sha, and the versions pinned.
    pub later_pins: Vec<(String, Vec<String>)>,
}

/// How much a word of a template says about the cause, by the most severe
/// level its lines carried from the onset: the service's own judgment that a
/// line reports something wrong. Each step down a level halves it, so words of
/// routine output (a decoy's new INFO line) count for a quarter at most.
fn severity_weight(level: LogLevel) -> f64 {
    match level {
        LogLevel::Error | LogLevel::Fatal => 1.0,
        LogLevel::Warn => 0.5,
        LogLevel::Info | LogLevel::Debug | LogLevel::Trace => 0.25,
    }
}

/// The most severe level word a template's constant text states (`http:
/// panic serving <*>: runtime error: …`): a line whose format has no level
/// field still says how bad it is. Words under three letters (`E`, `I`) are
/// too ambiguous in free text to count.
fn stated_level(text: &str) -> LogLevel {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 3)
        .filter_map(|word| crate::ingest::parse::level_word(word.as_bytes()))
        .max()
        .unwrap_or(LogLevel::Trace)
}

/// Weight of a word in the name of a metric that changed.
const METRIC_WORD_WEIGHT: f64 = 0.5;

/// Shortest span a rate is taken over, so a handful of lines in the first
/// second after the onset do not read as an infinite rate.
const MIN_SPAN_MS: i64 = 60_000;

impl IncidentClues {
    /// The clues of `engine`, split at its first signal.
    pub fn from_engine(engine: &Engine) -> IncidentClues {
        IncidentClues::from_engine_at(engine, None)
    }

    /// The clues of `engine`; `given_onset_ms` (the user's or a scenario's)
    /// takes the place of the first signal as the split when set.
    pub fn from_engine_at(engine: &Engine, given_onset_ms: Option<i64>) -> IncidentClues {
        let signal_onset_ms = engine
            .timeline()
            .iter()
            .find(|phase| phase.name == "onset")
            .map(|phase| phase.start_ms);
        let split_ms = given_onset_ms.or(signal_onset_ms);
        let read = read_records(engine, split_ms);
        let mut deploys = read.deploys;
        // Rates before and after the onset, per template: a word's novelty
        // compares its lines per minute from the onset with those before.
        let before_span = split_ms
            .zip(read.first_ms)
            .map_or(MIN_SPAN_MS, |(onset, first)| {
                (onset - first).max(MIN_SPAN_MS)
            }) as f64;
        let after_span = split_ms
            .zip(read.last_ms)
            .map_or(MIN_SPAN_MS, |(onset, last)| (last - onset).max(MIN_SPAN_MS))
            as f64;
        let mut after_rate: BTreeMap<String, f64> = BTreeMap::new();
        let mut before_rate: BTreeMap<String, f64> = BTreeMap::new();
        let mut severity: BTreeMap<String, f64> = BTreeMap::new();
        let mut sources = WordSources::default();
        let mut index_of: HashMap<TemplateId, usize> = HashMap::new();
        for template in engine.miner().templates() {
            let id = engine.miner().resolve(template.id);
            let counts = read.per_template.get(&id).copied().unwrap_or_default();
            let mut words = tokens(&template.text);
            for exemplar in &template.exemplars {
                tokens_into(exemplar, &mut words);
            }
            // Every template with lines from the onset takes part: its words'
            // novelty (below) says whether that is more than the baseline.
            let is_incident = read.incident.contains(&id) || counts.after > 0;
            // A template lends its severity to its words only as far as its
            // own rate changed: the severity of a line the healthy service
            // logged as often says nothing about the incident, even when a
            // new line shares a word with it.
            let template_before = counts.before as f64 / before_span;
            let template_after = counts.after.max(1) as f64 / after_span;
            let changed = (1.0 - template_before / template_after).max(0.0);
            let weighs = is_incident && severity_weight(counts.level_after) * changed > 0.0;
            let index = sources.templates.len();
            if weighs {
                index_of.insert(id, index);
                sources.templates.push(TemplateClue {
                    id,
                    text: template_text(&template.text),
                    pieces: super::observer::template_pieces(&template.text),
                    paths: read.template_paths.get(&id).cloned().unwrap_or_default(),
                });
            }
            for word in words {
                if weighs {
                    sources
                        .by_template
                        .entry(word.clone())
                        .or_default()
                        .push(index);
                }
                *before_rate.entry(word.clone()).or_default() += counts.before as f64 / before_span;
                if is_incident {
                    // A template of the incident with no line kept after the
                    // onset (a signal without one) still counts one line.
                    let after = counts.after.max(1) as f64;
                    *after_rate.entry(word.clone()).or_default() += after / after_span;
                    let weight = severity_weight(counts.level_after) * changed;
                    let entry = severity.entry(word).or_default();
                    *entry = entry.max(weight);
                }
            }
        }
        // The folded lines of a record say what it says, with its time and
        // level (a panic's frames name the failing code with the panic's weight).
        for (word, counts) in &read.folded {
            *before_rate.entry(word.clone()).or_default() += counts.before as f64 / before_span;
            if counts.after > 0 {
                *after_rate.entry(word.clone()).or_default() += counts.after as f64 / after_span;
                let changed = (1.0
                    - (counts.before as f64 / before_span) / (counts.after as f64 / after_span))
                    .max(0.0);
                let entry = severity.entry(word.clone()).or_default();
                *entry = entry.max(severity_weight(counts.level_after) * changed);
                // A trace logged with a message (`log.exception`, `LogError(ex,
                // …)`) is written by the call that writes the message: the
                // word rests on those templates when only their records held it.
                let heads: Option<Vec<usize>> = read.folded_heads.get(word).and_then(|heads| {
                    let heads = heads.as_ref()?;
                    heads.iter().map(|id| index_of.get(id).copied()).collect()
                });
                match heads {
                    Some(heads) => sources
                        .by_template
                        .entry(word.clone())
                        .or_default()
                        .extend(heads),
                    None => _ = sources.other.insert(word.clone()),
                }
            }
        }
        // The share of a word's rate from the onset that is above its
        // baseline rate: 1 for a word new after the onset, ⅔ for a tripled
        // one, 0 for a word logged as often while healthy.
        let novelty: BTreeMap<String, f64> = after_rate
            .into_iter()
            .map(|(word, after)| {
                let before = before_rate.get(&word).copied().unwrap_or(0.0);
                let novelty = (1.0 - before / after).max(0.0);
                (word, novelty)
            })
            .collect();
        let mut words: BTreeMap<String, f64> = novelty
            .iter()
            .map(|(word, novelty)| {
                let weight = severity.get(word).copied().unwrap_or(0.0) * novelty;
                (word.clone(), weight)
            })
            .filter(|(_, weight)| *weight > 0.0)
            .collect();
        // A metric that changed is named by the incident itself; a change
        // point states no severity, so its words weigh as a warning's. Its
        // name and label values say which series changed (`rabbitmq_queue_…
        // {queue=orders}`); the label keys are the exporter's schema, shared
        // by every series. A word the logs show from the onset keeps the
        // novelty they measure: a word the healthy service logged as often is
        // no news whichever feed names it. Only a word the logs do not show
        // from the onset rests on the metric alone. The metric's own novelty
        // is the share of its level that changed (`metric_change`), as a
        // word's is the share of its rate above the baseline.
        for signal in engine.signals() {
            if let Some(metric) = &signal.metric {
                let change = metric_change(engine, metric, signal.time_ms);
                for word in metric_words(metric) {
                    sources.other.insert(word.clone());
                    let measured = novelty.get(&word).copied().unwrap_or(1.0);
                    let weight = words.entry(word).or_default();
                    *weight = weight.max(METRIC_WORD_WEIGHT * change * measured);
                }
            }
        }
        // A level's name in a line is the format's severity field, which the
        // weights above already count; as a word it would tie every incident
        // to every change of a logging setting.
        words.retain(|word, weight| *weight > 0.0 && !LEVEL_NAMES.contains(&word.as_str()));
        for marker in engine.deploys() {
            let text = format!("{} {}", marker.version, marker.description);
            let mut named_versions = versions(&text);
            if !named_versions.contains(&marker.version.to_lowercase()) {
                named_versions.push(marker.version.to_lowercase());
            }
            deploys.push(DeployClue {
                time_ms: marker.time_ms,
                label: format!(
                    "deploy {} {} — {}",
                    marker.service, marker.version, marker.description
                ),
                shas: sha_like(&text),
                versions: named_versions,
                settings: Vec::new(),
            });
        }
        let histories = engine.miner().templates().filter_map(|template| {
            let counts = read
                .per_template
                .get(&engine.miner().resolve(template.id))?;
            let first_ms = counts.first_before_ms?;
            (counts.level_before >= LogLevel::Warn).then(|| {
                let (before, after) = (counts.before, counts.after);
                let history = super::precursor::TemplateHistory {
                    first_ms,
                    before,
                    after,
                };
                (template_text(&template.text), history)
            })
        });
        let log_first_signs =
            super::precursor::of_templates(histories, read.first_ms, split_ms, read.last_ms);
        let first_sign = split_ms.and_then(|onset| {
            super::precursor::earliest(engine.metrics(), &log_first_signs, onset)
        });
        IncidentClues {
            onset_ms: signal_onset_ms,
            last_event_ms: engine.clock_ms(),
            first_event_ms: read.first_ms,
            announcements: read.announcements,
            sources,
            first_sign,
            symptoms: read.symptoms,
            // The repository's side, filled in when it is read (mod.rs).
            later_commits: Vec::new(),
            later_reverts: Vec::new(),
            later_pins: Vec::new(),
            words,
            deploys,
            // A path lends its line's weight as far as its own rate changed,
            // as a template does: a file the healthy service's warnings named
            // as often is no news.
            code_paths: read
                .code_paths
                .iter()
                .filter(|(_, counts)| counts.after > 0)
                .map(|(path, counts)| {
                    let changed = (1.0
                        - (counts.before as f64 / before_span)
                            / (counts.after as f64 / after_span))
                        .max(0.0);
                    (path.clone(), severity_weight(counts.level_after) * changed)
                })
                .filter(|(_, weight)| *weight > 0.0)
                .collect(),
        }
    }
}

/// Lines of one template before and from the onset, and the most severe
/// level among those from the onset.
#[derive(Debug, Clone, Copy, Default)]
struct TemplateCounts {
    before: u64,
    after: u64,
    level_after: LogLevel,
    /// The most severe level and the first time of its lines before the onset.
    level_before: LogLevel,
    first_before_ms: Option<i64>,
}

/// What one pass over the stored records found.
struct ReadRecords {
    /// The incident's templates: those its signals name, and those of error
    /// records at or after the onset (an error surge names no template itself).
    incident: HashSet<TemplateId>,
    per_template: HashMap<TemplateId, TemplateCounts>,
    /// Words of the lines folded into a record after its first (a stack
    /// trace's frames), counted per record: the miner mines a record on its
    /// first line only, so its template and exemplars do not carry them.
    folded: HashMap<String, TemplateCounts>,
    /// The templates of the records from the onset that folded each word.
    folded_heads: HashMap<String, super::observer::FoldedHeads>,
    deploys: Vec<DeployClue>,
    announcements: Vec<Announcement>,
    /// Paths each template's warning and error lines named (a few each).
    template_paths: HashMap<TemplateId, BTreeSet<String>>,
    /// Paths named by warning and error lines, counted before and from the onset.
    code_paths: BTreeMap<String, TemplateCounts>,
    first_ms: Option<i64>,
    last_ms: Option<i64>,
    symptoms: super::rollback::Symptoms,
}

/// One pass over the stored records: the incident's templates, each
/// template's lines before and after the onset, the span of the logs, and the
/// log lines announcing deploys.
fn read_records(engine: &Engine, onset_ms: Option<i64>) -> ReadRecords {
    let mut incident: HashSet<TemplateId> = engine
        .signals()
        .iter()
        .filter(|s| matches!(s.kind, SignalKind::NewTemplate | SignalKind::Burst))
        .flat_map(|s| s.templates.iter().map(|t| engine.miner().resolve(*t)))
        .collect();
    let mut per_template: HashMap<TemplateId, TemplateCounts> = HashMap::new();
    let mut folded: HashMap<String, TemplateCounts> = HashMap::new();
    let mut folded_heads = HashMap::new();
    let mut code_paths: BTreeMap<String, TemplateCounts> = BTreeMap::new();
    let mut announcements = Vec::new();
    let mut template_paths: HashMap<TemplateId, BTreeSet<String>> = HashMap::new();
    let (mut first_ms, mut last_ms): (Option<i64>, Option<i64>) = (None, None);
    let mut symptoms = super::rollback::Symptoms::default();
    let mut previous: HashMap<SourceIndex, (Option<i64>, LogLevel)> = HashMap::new();
    // The level each template's constant text states (see `stated_level`).
    let mut stated: HashMap<TemplateId, LogLevel> = HashMap::new();
    let mut deploy_reader = super::deploy_reader::DeployReader::new();
    let store = engine.store();
    for index in 0..store.len() {
        let Some(record) = store.get(index) else {
            break;
        };
        if let Some(time) = record.time_ms {
            first_ms = Some(first_ms.map_or(time, |f| f.min(time)));
            last_ms = Some(last_ms.map_or(time, |l| l.max(time)));
        }
        // A line without a time of its own continues the record before it
        // from the same source (a stack trace's frames): it happened then,
        // and is as severe as the line it continues.
        let template = engine.miner().resolve(record.template);
        let own_level = *stated.entry(template).or_insert_with(|| {
            let text = engine.miner().get(template).map_or("", |t| t.text.as_str());
            stated_level(text)
        });
        let own_level = own_level.max(record.level);
        let (time_ms, level) = match (record.time_ms, previous.get(&record.source)) {
            (None, Some(&(time, level))) => (time, level.max(own_level)),
            _ => (record.time_ms, own_level),
        };
        previous.insert(record.source, (time_ms, level));
        if let Some(time) = record.time_ms {
            symptoms.add(time, level, template);
        }
        let at_or_after = onset_ms.is_none_or(|onset| time_ms.is_none_or(|t| t >= onset));
        let counts = per_template.entry(template).or_default();
        if at_or_after {
            counts.after += 1;
            counts.level_after = counts.level_after.max(level);
            if level >= LogLevel::Error && onset_ms.is_some() {
                incident.insert(template);
            }
        } else {
            counts.before += 1;
            counts.level_before = counts.level_before.max(level);
            if let Some(t) = time_ms {
                counts.first_before_ms = Some(counts.first_before_ms.map_or(t, |f| f.min(t)));
            }
        }
        if level >= LogLevel::Warn {
            for path in paths_in(&record.text) {
                if code_paths.len() >= MAX_CODE_PATHS && !code_paths.contains_key(&path) {
                    break;
                }
                let named = template_paths.entry(template).or_default();
                if named.len() < PATHS_PER_TEMPLATE {
                    named.insert(path.clone());
                }
                let counts = code_paths.entry(path).or_default();
                if at_or_after {
                    counts.after += 1;
                    counts.level_after = counts.level_after.max(level);
                } else {
                    counts.before += 1;
                }
            }
        }
        if let Some((_, rest)) = record.text.split_once('\n') {
            for word in tokens(rest) {
                if at_or_after {
                    super::observer::note_folded_head(&mut folded_heads, &word, template);
                }
                let counts = folded.entry(word).or_default();
                if at_or_after {
                    counts.after += 1;
                    counts.level_after = counts.level_after.max(level);
                } else {
                    counts.before += 1;
                }
            }
        }
        let time = record.time_ms.unwrap_or(record.arrival_ms);
        // A deploy is evidence by its time. A line with no time of its own,
        // replayed from a file (no arrival time either: a W3C log's
        // `#Version: 1.0` header), cannot say when anything was deployed.
        if record.time_ms.is_some() || record.arrival_ms > 0 {
            deploy_reader.read(record.source, time, &record.text);
        }
        if announcements.len() < MAX_ANNOUNCEMENTS {
            announcements.extend(announcement(&record.text, time));
        }
    }
    announcements.sort_by_key(|a: &Announcement| a.time_ms);
    ReadRecords {
        incident,
        per_template,
        folded,
        folded_heads,
        deploys: deploy_reader.finish(),
        announcements,
        template_paths,
        code_paths,
        first_ms,
        last_ms,
        symptoms,
    }
}

#[cfg(test)]
#[path = "clues_tests.rs"]
mod engine_tests;
