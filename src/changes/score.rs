//! Ranks the commits of the window as suspects. A commit's score is its
//! linking evidence, discounted by time and reach, and zero when it never ran:
//!
//! ```text
//! score   = (overlap + deploy) × time × reach × ran
//! overlap = Σ idf(s) × weight(s) over the word stems s the commit and the incident
//!           share (matching.rs), × min(1, √(median commit words / this commit's words))
//! weight  = severity × novelty of the word in the incident's lines (clues.rs),
//!           or the import lines of the code they name (code.rs); ½ by abbreviation
//! idf(s)  = ln(1 + (N − df + ½) / (df + ½))     over the commits read and the files
//!                                                of the tree at the onset (BM25's idf)
//! deploy  = ln(span / gap) − ln k               nats, when a deploy `gap` before the
//!                                                onset shipped it (or, the logs' first
//!                                                deploy, may have) with k−1 others
//!                                                (deploys::coincidence); + ½ ln 2 when
//!                                                a start-up line reports a value it
//!                                                set (echo.rs)
//! time    = ½ + ½ · 2^(−lag / half-life)        lag: onset − when it started running
//!                                                (deployed, deploys.rs; else landed),
//!                                                half-life: 30 min (TIME_HALF_LIFE_MS);
//!                                                ½ for a commit that writes the
//!                                                incident's message (observer.rs)
//! reach   = 1, or REACH_NONE when it touches only docs, tests or CI, or
//!           only changes log messages (logging_only.rs)
//! ran     = 0 when the last deploy before the onset did not ship it, else 1
//! explains = score ≥ threshold, and overlap × time × reach × ran ≥ threshold too
//! ```
//!
//! idf makes a word every file of the repo carries (the service's name)
//! worth nothing, and a word only this commit carries worth most. The length
//! factor keeps a commit that rewrites everything (an initial import, a
//! vendored dependency) from matching every incident by sheer size. Time only
//! ranks — it halves the score at most, since a slow leak can start hours
//! after its cause. A deploy naming a commit is not evidence against it: a
//! deploy ships whatever is on the branch, so it tells when (and whether)
//! each commit ran; what is evidence is an onset that follows a deploy more
//! closely than chance would put it. A commit *explains* the incident when
//! its score reaches the threshold: `EXPLAINS_MIN`, raised to what the repo's
//! commits before the window score against the same incident (median + 3
//! robust standard deviations), since those were running while the service
//! was healthy.

use serde::Serialize;

use super::clues::IncidentClues;
use super::deploys::{self, Shipped};
use super::history::{Commit, TreeVocabulary};
use super::matching::{clue_stems, overlap, ClueStems, Corpus};

/// The least score that explains an incident: one piece of evidence beyond
/// time — an error word new after the onset (weight 1) that half the commits
/// read also carry (idf ln 2), i.e. evidence worth more than a coin flip.
/// Words of INFO lines weigh ¼ and words the healthy service logged weigh
/// about 0, so a commit that only shares those, or only landed close to the
/// onset, or was only named by a deploy, does not reach it.
pub const EXPLAINS_MIN: f64 = std::f64::consts::LN_2;
/// Reach factor of a commit that touches only docs, tests or CI, or that
/// only changes what the service logs.
pub const REACH_NONE: f64 = 0.1;
/// How fast being recent stops counting. A change that breaks the service
/// as soon as it runs shows within its rollout (Kubernetes fails a rollout
/// that makes no progress for 10 min) and the time its effect takes to reach
/// the logs (environment.rs `PROPAGATION_MS`, 15 min): within half an hour.
/// Past that, a change that broke things did so when something else
/// triggered it (a peak, a batch, an expiry), which can come any time, so an
/// hour-old and a day-old change are about as likely. It does not follow the
/// window: looking further back (`--since 4d`) does not make a change of an
/// hour ago any likelier. Scanned on the benchmark's 54 scenarios (90, 60,
/// 30, 15 and 5 min; window / 8 = 3 h before): 30 min was the longest with no
/// scenario made wrong (+2 right, −0); 15 min was +3 −1.
const TIME_HALF_LIFE_MS: f64 = 30.0 * 60_000.0;
/// Commits before the window needed before their scores set the threshold.
pub const MIN_BACKGROUND_FOR_THRESHOLD: usize = 5;
/// Words named in a suspect's reasons.
const REASON_WORDS: usize = 6;

/// One scored commit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suspect {
    /// `C1a2b3c`: how drafts cite it.
    pub id: String,
    pub sha: String,
    pub short: String,
    pub subject: String,
    pub author: String,
    pub landed_ms: i64,
    pub score: f64,
    /// The score reaches the threshold: this change can explain the incident.
    pub explains: bool,
    pub reasons: Vec<String>,
    pub files: Vec<String>,
    /// When a deploy before the onset shipped it, if the deploys tell.
    pub deployed_ms: Option<i64>,
    /// False when it is not in what the last deploy before the onset shipped.
    pub ran: bool,
    pub overlap: f64,
    /// Nats a deploy shortly before the onset (deploys::coincidence) and the
    /// running service's echo of its settings (echo.rs) add.
    pub deploy_evidence: f64,
    pub time_factor: f64,
    pub reach_factor: f64,
    /// Shared words with their weights, strongest first.
    pub shared_words: Vec<(String, f64)>,
    /// The patch against the first parent, redacted, at most 8 KiB (history.rs).
    pub diff: String,
    pub diff_truncated: bool,
}

/// Scores `in_window` (the suspects) and `background` (for the threshold);
/// returns the suspects, best first, the threshold used, and the rollback
/// after the onset that weighed them, if any (for the verdict).
pub fn rank(
    in_window: &[Commit],
    background: &[Commit],
    tree: &TreeVocabulary,
    clues: &IncidentClues,
    onset_ms: i64,
    window_ms: i64,
) -> (Vec<Suspect>, f64, Option<super::rollback::Rollback>) {
    let corpus = Corpus::new(in_window.iter().chain(background), tree);
    let half_life_ms = TIME_HALF_LIFE_MS;
    let clue_stems = clue_stems(clues);
    let threshold = threshold(
        background,
        clues,
        &clue_stems,
        &corpus,
        time_factor(window_ms as f64, half_life_ms),
    );
    let read: Vec<&Commit> = in_window.iter().chain(background).collect();
    let shipped = deploys::shipped(&read, clues, onset_ms, clues.first_event_ms);
    let mut suspects: Vec<Suspect> = in_window
        .iter()
        .map(|commit| {
            let how = shipped.get(&commit.sha).unwrap_or(&Shipped::Unknown);
            // A commit that wrote the incident's message shares it by writing it.
            let observer = super::observer::stems_for(commit, clues);
            let stems = observer.as_ref().map_or(&clue_stems, |(stems, _)| stems);
            let mut suspect = score(
                commit,
                how,
                stems,
                &corpus,
                onset_ms,
                half_life_ms,
                threshold,
            );
            if let Some((_, reason)) = observer {
                // The incident's lines it writes could not appear before it
                // ran, so the onset's closeness to it is not evidence that
                // it caused them: its time counts as a day-old change's.
                suspect.time_factor = time_factor(f64::INFINITY, half_life_ms);
                suspect.score = suspect.words_part();
                suspect.explains = explains(suspect.score, suspect.score, threshold);
                suspect.reasons.push(reason);
                suspect.reasons.push(
                    "its closeness to the onset is not counted: the lines it writes could not appear before it ran"
                        .to_string(),
                );
            }
            suspect
        })
        .collect();
    let shipped_by: Vec<deploys::ShippedBy> = in_window
        .iter()
        .filter(|c| reach(c) >= 1.0)
        .filter_map(|c| {
            let (deploy_ms, certain) = match shipped.get(&c.sha)? {
                Shipped::By { deploy_ms, .. } => (*deploy_ms, true),
                Shipped::Earlier { deploy_ms, .. } => (*deploy_ms, false),
                _ => return None,
            };
            Some(deploys::ShippedBy {
                sha: c.sha.as_str(),
                deploy_ms,
                certain,
            })
        })
        .collect();
    let coincidence = deploys::coincidence(&shipped_by, onset_ms, clues.first_event_ms);
    let echoes = super::echo::echoes(in_window, &clues.deploys, onset_ms);
    for suspect in &mut suspects {
        let mut added = false;
        for found in [&coincidence, &echoes] {
            if let Some((nats, reason)) = found.get(&suspect.sha) {
                suspect.deploy_evidence += *nats;
                suspect.reasons.push(reason.clone());
                added = true;
            }
        }
        if added {
            suspect.score = (suspect.overlap + suspect.deploy_evidence)
                * suspect.time_factor
                * suspect.reach_factor;
            if !suspect.ran {
                suspect.score = 0.0;
            }
            suspect.explains = explains(suspect.score, suspect.words_part(), threshold);
        }
    }
    super::environment::weigh(&mut suspects, &clues.announcements, onset_ms);
    if let Some(first_sign) = &clues.first_sign {
        super::precursor::weigh(&mut suspects, first_sign, onset_ms);
    }
    let rollback = super::rollback::find(&read, clues, onset_ms);
    if let Some(rollback) = &rollback {
        super::rollback::weigh(&mut suspects, rollback, onset_ms);
    }
    if let Some(recovery) = super::recovery::find(clues, onset_ms) {
        super::recovery::weigh(&mut suspects, &recovery, onset_ms);
    }
    // A change that runs nothing (docs, tests, CI, comments) may rank by its
    // words, but it is never what broke the running service.
    for suspect in &mut suspects {
        let runs = in_window
            .iter()
            .find(|c| c.sha == suspect.sha)
            .is_some_and(runs_in_the_service);
        if !runs && suspect.explains {
            suspect.explains = false;
            suspect
                .reasons
                .push("cannot be the cause: nothing it changes runs in the service".to_string());
        }
    }
    // Those that explain the incident first: the first is the culprit.
    suspects.sort_by(|a, b| {
        b.explains
            .cmp(&a.explains)
            .then(b.score.total_cmp(&a.score))
            .then(b.landed_ms.cmp(&a.landed_ms))
    });
    (suspects, threshold, rollback)
}

/// A suspect explains the incident when its score reaches the threshold and
/// so does what it shares with the incident alone: a deploy's timing and
/// echo rank suspects, they are not evidence of what broke (`EXPLAINS_MIN`:
/// one piece of evidence beyond time).
fn explains(score: f64, words_part: f64, threshold: f64) -> bool {
    score > 0.0 && score >= threshold && words_part >= threshold
}

impl Suspect {
    /// The score without the deploy's evidence: shared words × time × reach × ran.
    fn words_part(&self) -> f64 {
        if self.ran {
            self.overlap * self.time_factor * self.reach_factor
        } else {
            0.0
        }
    }
}

/// `EXPLAINS_MIN`, or the healthy commits' median + 3 robust standard
/// deviations when that is higher and there are enough of them. They are
/// scored as the formula would score them: each landed at least a window
/// before the onset, so at the time factor of that lag.
fn threshold(
    background: &[Commit],
    incident: &IncidentClues,
    clues: &ClueStems,
    corpus: &Corpus,
    background_time_factor: f64,
) -> f64 {
    if background.len() < MIN_BACKGROUND_FOR_THRESHOLD {
        return EXPLAINS_MIN;
    }
    let mut scores: Vec<f64> = background
        .iter()
        .map(|c| {
            // A healthy commit that writes one of the incident's messages
            // is scored as a suspect that does (observer.rs).
            let observer = super::observer::stems_for(c, incident);
            let stems = observer.as_ref().map_or(clues, |(stems, _)| stems);
            overlap(c, stems, corpus).0 * reach(c) * background_time_factor
        })
        .collect();
    scores.sort_by(f64::total_cmp);
    let median = scores[scores.len() / 2];
    let mut deviations: Vec<f64> = scores.iter().map(|s| (s - median).abs()).collect();
    deviations.sort_by(f64::total_cmp);
    let mad = deviations[deviations.len() / 2];
    EXPLAINS_MIN.max(median + 3.0 * 1.4826 * mad)
}

/// Whether a commit changes something the running service executes or
/// reads: a file that reaches it, with more than comments changed.
fn runs_in_the_service(commit: &Commit) -> bool {
    !commit.comments_only && commit.files.iter().any(|f| f.role.reaches_service())
}

fn reach(commit: &Commit) -> f64 {
    if commit.logging_only.is_some() || !runs_in_the_service(commit) {
        REACH_NONE
    } else {
        1.0
    }
}

fn score(
    commit: &Commit,
    shipped: &Shipped,
    clues: &ClueStems,
    corpus: &Corpus,
    onset_ms: i64,
    half_life_ms: f64,
    threshold: f64,
) -> Suspect {
    let mut reasons = Vec::new();
    let mut effective_ms = commit.landed_ms();
    let mut ran = 1.0;
    let mut deployed_ms = None;
    match shipped {
        Shipped::By { deploy_ms, reason } => {
            // It started running when it was deployed, not when it was written.
            effective_ms = effective_ms.max(*deploy_ms);
            deployed_ms = Some(*deploy_ms);
            reasons.push(reason.clone());
        }
        Shipped::Earlier { reason, .. } => reasons.push(reason.clone()),
        Shipped::NeverRan { reason } => {
            ran = 0.0;
            reasons.push(reason.clone());
        }
        Shipped::Unknown => {}
    }
    let lag_ms = (onset_ms - effective_ms).max(0);
    let time_factor = time_factor(lag_ms as f64, half_life_ms);
    let landed_lag_ms = (onset_ms - commit.landed_ms()).max(0);
    reasons.push(if landed_lag_ms > lag_ms {
        // Deployed later than it landed: it has run only since the deploy.
        format!(
            "landed {} before the onset, running since the deploy {} before it",
            human_duration(landed_lag_ms),
            human_duration(lag_ms)
        )
    } else {
        format!("landed {} before the onset", human_duration(lag_ms))
    });
    let (overlap, shared) = overlap(commit, clues, corpus);
    if shared.is_empty() {
        reasons.push("shares no distinctive word with the incident's signals".to_string());
    } else {
        let words: Vec<&str> = shared
            .iter()
            .take(REASON_WORDS)
            .map(|(w, _)| w.as_str())
            .collect();
        reasons.push(format!(
            "touches what the signals mention: {} (overlap {overlap:.1})",
            words.join(", ")
        ));
    }
    let reach_factor = reach(commit);
    if commit.comments_only {
        reasons.push(
            "changes only comments in what runs (and files that do not run): nothing that runs changed"
                .to_string(),
        );
    } else if let Some(logging) = commit.logging_only {
        reasons.push(format!(
            "changes only what the service logs ({} line(s) in logging calls): a change that reports events does not cause them",
            logging.logging_lines
        ));
    } else if reach_factor < 1.0 {
        let roles: std::collections::BTreeSet<&str> =
            commit.files.iter().map(|f| f.role.as_str()).collect();
        let roles: Vec<&str> = roles.into_iter().collect();
        reasons.push(if roles.is_empty() {
            "changes no file: cannot reach the running service".to_string()
        } else {
            format!(
                "touches only {}: rarely reaches the running service",
                roles.join(" and ")
            )
        });
    }
    let score = overlap * time_factor * reach_factor * ran;
    Suspect {
        id: format!("C{}", commit.short()),
        sha: commit.sha.clone(),
        short: commit.short().to_string(),
        subject: commit.subject.clone(),
        author: commit.author.clone(),
        landed_ms: commit.landed_ms(),
        score,
        // No deploy evidence yet: the score is all words part.
        explains: explains(score, score, threshold),
        reasons,
        files: commit.files.iter().map(|f| f.path.clone()).collect(),
        deployed_ms,
        ran: ran > 0.0,
        overlap,
        deploy_evidence: 0.0,
        time_factor,
        reach_factor,
        shared_words: shared.into_iter().take(REASON_WORDS * 2).collect(),
        diff: commit.diff.clone(),
        diff_truncated: commit.diff_truncated,
    }
}

#[cfg(test)]
impl Suspect {
    /// A suspect that explains (score and overlap 3), running since `running_since_ms`: for tests
    /// of the rules that clear suspects by when they started running.
    pub(crate) fn running_since(name: &str, running_since_ms: i64) -> Suspect {
        Suspect {
            id: format!("C{name}"),
            sha: name.repeat(40),
            short: name.into(),
            subject: name.into(),
            author: "dev".into(),
            landed_ms: running_since_ms,
            score: 3.0,
            explains: true,
            reasons: Vec::new(),
            files: Vec::new(),
            deployed_ms: None,
            ran: true,
            overlap: 3.0,
            deploy_evidence: 0.0,
            time_factor: 1.0,
            reach_factor: 1.0,
            shared_words: Vec::new(),
            diff: String::new(),
            diff_truncated: false,
        }
    }
}

/// ½ + ½ · 2^(−lag / half-life): time ranks, it halves a score at most.
fn time_factor(lag_ms: f64, half_life_ms: f64) -> f64 {
    0.5 + 0.5 * (-lag_ms / half_life_ms).exp2()
}

/// `3 h 05 min`, `12 min`, `40 s`.
pub fn human_duration(ms: i64) -> String {
    let secs = ms / 1000;
    if secs < 60 {
        format!("{secs} s")
    } else if secs < 3600 {
        format!("{} min", secs / 60)
    } else {
        format!("{} h {:02} min", secs / 3600, (secs / 60) % 60)
    }
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
