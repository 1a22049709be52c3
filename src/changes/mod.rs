//! What changed: the first suspect list of an incident is the service's own
//! repository. The commits that landed in a window before the onset are read
//! read-only (history.rs), compared with what the incident's signals say
//! (clues.rs) and ranked with explained scores (score.rs). "No change in this
//! repo explains it" is a valid answer: no suspect reaches the threshold.
//!
//! Pure and synchronous (git2 object reads only): no tokio, no terminal.

pub mod bundle;
pub mod clues;
pub mod code;
pub mod config_keys;
mod deploy_fields;
pub mod deploy_lines;
mod deploy_reader;
pub mod deploys;
pub mod echo;
pub mod environment;
pub mod history;
mod logged_variables;
pub mod logging_calls;
pub mod logging_only;
pub mod look_back;
pub mod matching;
pub mod metrics;
pub mod observer;
mod pins;
mod precursor;
pub mod reach;
pub mod recovery;
pub mod rollback;
pub mod score;
mod symptoms;
pub mod tokens;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use clues::IncidentClues;
pub use score::Suspect;

use crate::incident::SuspectChange;
use crate::ingest::{Engine, RedactionCounts, Redactor};

/// Default window before the onset: a day of changes.
pub const DEFAULT_WINDOW_MS: i64 = 24 * 3600 * 1000;
/// Commits before the window read for the repo's usual vocabulary and the threshold.
pub const BACKGROUND_COMMITS: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum ChangesError {
    #[error("repository {path}: {message}")]
    Repo { path: PathBuf, message: String },
    #[error("bundle {path}: {message}")]
    Bundle { path: PathBuf, message: String },
}

/// Where the onset came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnsetSource {
    /// Given by the user (`--until`, a scenario's `onset`).
    Given,
    /// The first non-deploy signal.
    Signals,
    /// No signal: the last event time seen.
    EndOfLogs,
    /// No logs either: now.
    Now,
}

/// The suspect list of one incident in one repository.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangesReport {
    pub repo: String,
    pub onset_ms: i64,
    pub onset_source: OnsetSource,
    pub window_ms: i64,
    pub window_start_ms: i64,
    /// When no change of the window explained the incident: how far before
    /// the onset the second look read (look_back.rs). Suspects that landed
    /// before `window_start_ms` come from it.
    pub looked_back_ms: Option<i64>,
    pub commits_in_window: usize,
    /// Commits that landed after the onset (not suspects).
    pub commits_after_onset: usize,
    /// Commits before the window read as the repo's background.
    pub background_commits: usize,
    pub threshold: f64,
    /// Best first.
    pub suspects: Vec<Suspect>,
    /// One sentence: the culprit, or why there is none.
    pub verdict: String,
    /// A cloud provider's announcement shortly before the onset, if any
    /// (environment.rs): changes running before it do not explain the onset.
    pub environment: Option<environment::Announcement>,
    pub redactions: RedactionCounts,
}

impl ChangesReport {
    /// The top suspect, when it explains the incident.
    pub fn culprit(&self) -> Option<&Suspect> {
        self.suspects.first().filter(|s| s.explains)
    }

    /// Suspects that explain the incident, best first.
    pub fn explaining(&self) -> impl Iterator<Item = &Suspect> {
        self.suspects.iter().filter(|s| s.explains)
    }

    /// Every ranked suspect as the evidence pack receives it (scores and
    /// reasons say which explain the incident and which do not).
    pub fn suspect_changes(&self) -> Vec<SuspectChange> {
        self.suspects
            .iter()
            .enumerate()
            .map(|(rank, s)| suspect_change(s, rank < EXCERPTS))
            .collect()
    }

    /// Only the suspects that explain the incident, best first: what a fix may
    /// revert. Empty means no change in this repo explains it.
    pub fn explaining_changes(&self) -> Vec<SuspectChange> {
        self.explaining()
            .enumerate()
            .map(|(rank, s)| suspect_change(s, rank < EXCERPTS))
            .collect()
    }
}

impl ChangesReport {
    /// The audit record of this read of `repo`, appended before any of it is
    /// shown or sent (workbench and CLI write the same record).
    pub fn audit_entry(&self, repo: &Path) -> crate::audit::AuditEntry {
        use crate::audit::Details;
        crate::audit::entry::SourceRead::new(
            "changes",
            serde_json::json!({
                "onset_ms": self.onset_ms,
                "commits_in_window": self.commits_in_window,
                "culprit": self.culprit().map(|s| s.sha.clone()),
                "redactions": self.redactions.total(),
            }),
        )
        .entry(repo.display().to_string())
    }
}

/// Suspects whose changed lines the evidence pack shows (the best first).
const EXCERPTS: usize = 3;

fn suspect_change(s: &Suspect, with_excerpt: bool) -> SuspectChange {
    SuspectChange {
        diff_excerpt: with_excerpt
            .then(|| crate::incident::suspect::diff_excerpt(&s.diff))
            .flatten(),
        id: SuspectChange::id_for(&s.sha),
        subject: s.subject.clone(),
        time_ms: s.landed_ms,
        files: s.files.clone(),
        score: s.score,
        reasons: s.reasons.clone(),
        explains: s.explains,
    }
}

/// The onset: given, else the engine's first signal, else its last event.
pub fn onset(clues: &IncidentClues, given_ms: Option<i64>, now_ms: i64) -> (i64, OnsetSource) {
    if let Some(given) = given_ms {
        return (given, OnsetSource::Given);
    }
    if let Some(onset) = clues.onset_ms {
        return (onset, OnsetSource::Signals);
    }
    match clues.last_event_ms {
        Some(last) => (last, OnsetSource::EndOfLogs),
        None => (now_ms, OnsetSource::Now),
    }
}

/// Reads `repo`, ranks the commits of the window before the onset.
pub fn analyse(
    repo: &Path,
    clues: &IncidentClues,
    onset_ms: i64,
    onset_source: OnsetSource,
    window_ms: i64,
) -> Result<ChangesReport, ChangesError> {
    let redactor = Redactor::new();
    let window_start_ms = onset_ms.saturating_sub(window_ms);
    let history = history::read(
        repo,
        window_start_ms,
        onset_ms,
        BACKGROUND_COMMITS,
        &redactor,
    )?;
    // What the failing code imports joins the incident's words (code.rs).
    let mut clues = clues.clone();
    clues.later_commits = history.later.clone();
    clues.later_reverts = history.later_reverts.clone();
    clues.later_pins = history.later_pins.clone();
    recovery::keep_deploys_of(repo, &mut clues, onset_ms);
    // So do the failing files' own names, whatever the format showed of them.
    let imported = code::imported_words(repo, &history.tree, &clues.code_paths);
    let named = code::named_file_words(&history.tree, &clues.code_paths);
    for (word, weight) in imported.into_iter().chain(named) {
        let entry = clues.words.entry(word).or_default();
        *entry = entry.max(weight);
    }
    // Which failing path gave each of those words (observer.rs).
    for (path, imported) in code::imported_words_each(repo, &history.tree, &clues.code_paths) {
        for word in imported.into_keys() {
            clues
                .sources
                .by_path
                .entry(word)
                .or_default()
                .insert(path.clone());
        }
    }
    for (path, weight) in &clues.code_paths {
        let single = std::collections::BTreeMap::from([(path.clone(), *weight)]);
        for word in code::named_file_words(&history.tree, &single).into_keys() {
            clues
                .sources
                .by_path
                .entry(word)
                .or_default()
                .insert(path.clone());
        }
    }
    let (mut suspects, threshold, rollback) = score::rank(
        &history.in_window,
        &history.background,
        &history.tree,
        &clues,
        onset_ms,
        window_ms,
    );
    // Nothing in the window explains it: a change may have waited for its
    // trigger (look_back.rs).
    let nothing_explains = suspects.first().is_none_or(|top| !top.explains);
    let older = if nothing_explains {
        look_back::older_suspects(&history, &clues, onset_ms, window_ms, threshold)
    } else {
        Vec::new()
    };
    let looked_back = nothing_explains && window_ms < look_back::LOOK_BACK_MS;
    let cleared = match &rollback {
        Some(r) if nothing_explains => r.cleared_the_window(&suspects, onset_ms),
        _ => None,
    };
    let older_named = older.len();
    suspects.splice(0..0, older);
    let environment = environment::nearest(&clues.announcements, onset_ms).cloned();
    let mut verdict = verdict(
        &suspects,
        window_ms,
        threshold,
        environment.as_ref(),
        onset_ms,
    );
    if older_named > 0 {
        verdict.push_str(&format!(
            "; it landed before the {} window, whose {} commit(s) do not explain the incident",
            score::human_duration(window_ms),
            history.in_window.len()
        ));
    } else if let Some(hint) = cleared {
        verdict.push_str(&hint);
        verdict.push_str(if looked_back {
            ", and no change of the week before stands out"
        } else {
            " (a longer --since reads further back)"
        });
    }
    Ok(ChangesReport {
        repo: repo.display().to_string(),
        onset_ms,
        onset_source,
        window_ms,
        window_start_ms,
        looked_back_ms: looked_back.then_some(look_back::LOOK_BACK_MS),
        commits_in_window: history.in_window.len(),
        commits_after_onset: history.later.len(),
        background_commits: history.background.len(),
        threshold,
        suspects,
        verdict,
        environment,
        redactions: history.redactions,
    })
}

/// The clues of `engine`, its onset (or `given_ms`), and the report.
pub fn analyse_engine(
    repo: &Path,
    engine: &Engine,
    given_onset_ms: Option<i64>,
    window_ms: i64,
    now_ms: i64,
) -> Result<ChangesReport, ChangesError> {
    let clues = IncidentClues::from_engine_at(engine, given_onset_ms);
    let (onset_ms, source) = onset(&clues, given_onset_ms, now_ms);
    analyse(repo, &clues, onset_ms, source, window_ms)
}

/// `24h`, `2d`, `90m` → milliseconds (at most a year).
pub fn parse_window(text: &str) -> Result<i64, String> {
    // The grammar of every `--since` (a number and s, m, h or d), parsed here
    // so the config can check `changes_window` without depending on the sources.
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let unit_secs: u64 = match unit {
        "s" | "" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => {
            return Err(format!(
                "window {text:?}: unknown unit {other:?} (use s, m, h or d, e.g. 24h)"
            ))
        }
    };
    let secs = number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit_secs))
        .ok_or_else(|| format!("window {text:?}: expected a number and a unit, e.g. 24h"))?;
    if secs == 0 || secs > 366 * 86_400 {
        return Err(format!("window {text:?}: must be between 1s and 366d"));
    }
    Ok(secs as i64 * 1000)
}

/// RFC 3339 → epoch milliseconds.
pub fn parse_time(text: &str) -> Result<i64, String> {
    let time =
        time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
            .map_err(|e| format!("not an RFC 3339 time (e.g. 2024-11-01T03:04:00Z): {e}"))?;
    Ok((time.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// When the runner-up also explains and shares more of the incident's words
/// than the top suspect — which then leads by time or by its deploy's timing
/// — the verdict says so. Measured on the incident benchmark (46 scenarios):
/// the runner-up had more words in 5 verdicts, all wrong, and was the culprit
/// in 4; in no right verdict did it have more. Ranking by words alone fixes
/// those and breaks as many others, so the order stays and the reader is told.
fn close_call(top: &Suspect, second: Option<&Suspect>) -> String {
    match second {
        Some(second) if second.explains && second.overlap > top.overlap => format!(
            "; close call: [{}] \"{}\" shares more of the incident's words (overlap {:.1} against {:.1}) and trails by the timing",
            second.id, second.subject, second.overlap, top.overlap
        ),
        _ => String::new(),
    }
}

fn verdict(
    suspects: &[Suspect],
    window_ms: i64,
    threshold: f64,
    environment: Option<&environment::Announcement>,
    onset_ms: i64,
) -> String {
    let window = score::human_duration(window_ms);
    if let (Some(top), Some(event)) = (suspects.first(), environment) {
        if !top.explains {
            return format!(
                "no change in this repo explains it: {} announced \"{}\" {}, closer to it than the changes in the window started running; the best [{}] scores {:.1} (threshold {threshold:.1})",
                event.feed,
                event.label,
                environment::relative_to_onset(event, onset_ms),
                top.id,
                top.score
            );
        }
    }
    match suspects.first() {
        None => format!("no commit landed in the {window} before the onset: no change in this repo explains it"),
        Some(top) if top.explains => format!(
            "[{}] \"{}\" is the likeliest cause (score {:.1}, threshold {threshold:.1}){}",
            top.id,
            top.subject,
            top.score,
            close_call(top, suspects.get(1))
        ),
        Some(top) => format!(
            "no change in this repo explains it: {} commit(s) landed in the {window} before the onset, the best [{}] scores {:.1} (threshold {threshold:.1})",
            suspects.len(),
            top.id,
            top.score
        ),
    }
}

#[cfg(test)]
mod verdict_tests {
    use super::*;

    fn suspect(id: &str, overlap: f64, score: f64, explains: bool) -> Suspect {
        Suspect {
            id: id.into(),
            subject: format!("change {id}"),
            overlap,
            score,
            explains,
            ..Suspect::running_since(id, 0)
        }
    }

    #[test]
    fn a_runner_up_sharing_more_words_is_named_as_a_close_call() {
        let timed = suspect("Caaaaaaa", 3.1, 5.7, true);
        let worded = suspect("Cbbbbbbb", 4.0, 2.8, true);
        let said = verdict(&[timed.clone(), worded.clone()], 86_400_000, 0.7, None, 0);
        assert!(said.starts_with("[Caaaaaaa]"), "{said}");
        assert!(
            said.contains("close call: [Cbbbbbbb]") && said.contains("overlap 4.0 against 3.1"),
            "{said}"
        );
        // Fewer words, or not explaining: no close call.
        let weaker = suspect("Cccccccc", 2.0, 2.0, true);
        let below = suspect("Cdddddddd", 9.0, 0.3, false);
        for second in [weaker, below] {
            let said = verdict(&[timed.clone(), second], 86_400_000, 0.7, None, 0);
            assert!(!said.contains("close call"), "{said}");
        }
    }
}
