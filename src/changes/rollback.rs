//! What a rollback after the onset says about the changes it took out.
//! The first thing an on-call engineer tries is rolling back the last
//! deploy, and what happens next is evidence: when the errors go on as
//! before, the commits the rollback removed did not cause them (the trouble
//! came from elsewhere); when they stop, the cause was among them or the
//! trouble ended by itself at that time. A rollback is a deploy, after the
//! onset, of a commit the running one descends from (deploys.rs resolves it
//! like any deploy line: `Rollback to … (revision e827138…)`, `rollback to
//! b27a5e8`, a start-up line naming an older commit).
//!
//! Its limit: a change whose damage outlives its code — a migration that
//! rewrote a table, data written in a new format, a disk it filled — keeps
//! the errors going after its rollback. The reason says what was measured,
//! so the reader can tell.

use std::collections::{HashMap, HashSet};

use super::clues::IncidentClues;
use super::deploys::{ancestors, resolved};
use super::history::Commit;
use super::score::{human_duration, Suspect};
pub use super::symptoms::Symptoms;

/// How long a rollback takes to replace every instance and for its effect
/// to show: the errors of the minutes right after it are not counted.
pub(super) const SETTLE_MS: i64 = 5 * 60_000;
/// The least time the logs must go on after the settling to tell, and the
/// most that is counted.
pub(super) const MIN_AFTER_MS: i64 = 10 * 60_000;
pub(super) const MAX_AFTER_MS: i64 = 30 * 60_000;
/// Errors went on: at least this share of their rate before the rollback.
pub(super) const WENT_ON: f64 = 0.5;
/// Errors stopped: at most this share of their rate before the rollback.
pub(super) const STOPPED: f64 = 0.1;
/// Incident lines between the onset and the rollback needed to judge.
pub(super) const MIN_LINES_BEFORE: u64 = 10;

/// The rollbacks after the onset: the last of a chain, judged by the error
/// rates around it, and the ones before it, judged by the people who rolled
/// back further.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollback {
    pub time_ms: i64,
    /// The commit it went back to, short.
    pub to: String,
    /// Commits the running one had and the rolled-back-to one has not.
    pub removed: HashSet<String>,
    /// Incident lines per minute from the onset to the rollback, and from
    /// the rollback's settling on; None when the logs hold too few lines
    /// before it or go on too briefly after it to tell.
    pub rates: Option<Rates>,
    /// Rollbacks before this one, each to a commit this one goes further
    /// back from.
    pub earlier: Vec<EarlierRollback>,
    /// Templates left out of the rates: a commit it removed writes their message.
    pub set_apart: usize,
}

impl Rollback {
    /// The errors went on after it (measured, as `weigh` reads it).
    pub fn errors_went_on(&self) -> bool {
        self.rates.is_some_and(|r| r.before > 0.0 && r.went_on())
    }

    /// When every change of `suspects` that ran was taken out by it and the
    /// errors went on: what that says, for a verdict that names no change.
    /// A culprit older than the window (a change that waited days for its
    /// trigger) or outside the repository is then all that is left.
    pub fn cleared_the_window(
        &self,
        suspects: &[super::score::Suspect],
        onset_ms: i64,
    ) -> Option<String> {
        let mut ran = suspects.iter().filter(|s| s.ran).peekable();
        ran.peek()?;
        let all_out = ran.all(|s| self.removed.contains(&s.sha));
        (all_out && self.errors_went_on()).then(|| {
            format!(
                "; the rollback {} after the onset (to {}) took out every change of the window that ran, and the errors went on: the cause is older than the window or outside this repo",
                human_duration(self.time_ms - onset_ms),
                self.to
            )
        })
    }
}

/// The incident's lines a minute around a rollback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// Errors (or warnings, when the incident logged no error), before the
    /// rollback and after it settled.
    pub before: f64,
    pub after: f64,
    /// Lines at warning or worse, the same two spans, and as long before the
    /// onset: what the healthy service logs at those levels anyway.
    pub loud_before: f64,
    pub loud_after: f64,
    pub loud_healthy: f64,
    /// Whether the incident logged enough lines before the rollback to tell
    /// that they stopped; with fewer, only errors that went on in number
    /// after it tell anything.
    pub enough_before: bool,
}

impl Rates {
    /// The errors went on: at least half their rate.
    fn went_on(&self) -> bool {
        self.after >= WENT_ON * self.before
    }

    /// The errors stopped: at most a tenth of their rate, while the lines at
    /// warning or worse above what the healthy service logs did not go on
    /// (less than half their rate). Code rolled back may report the same
    /// trouble less loudly — the commit that logs it as an error taken out
    /// with the rest, the old code's warning left — and a failure that
    /// became a warning did not stop.
    fn stopped(&self) -> bool {
        let excess = |rate: f64| (rate - self.loud_healthy).max(0.0);
        self.enough_before
            && self.after <= STOPPED * self.before
            && excess(self.loud_after) < WENT_ON * excess(self.loud_before)
    }
}

/// A rollback the people handling the incident followed with one further
/// back: it did not end the trouble, or they would have stopped there.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierRollback {
    pub time_ms: i64,
    pub to: String,
    pub removed: HashSet<String>,
}

/// The deploys after the onset of a commit the running one descends from,
/// named by its sha or a tag, or by a version a deploy before the onset
/// shipped (a version number found only in the code is too loose a name to
/// say that code was taken out), one after another until a deploy
/// goes forward again; the last is weighed by the rates when the incident
/// logged enough before it and the logs go on long enough after it.
pub fn find(commits: &[&Commit], clues: &IncidentClues, onset_ms: i64) -> Option<Rollback> {
    let by_sha: HashMap<&str, &Commit> = commits.iter().map(|c| (c.sha.as_str(), *c)).collect();
    let deploys = resolved(clues, commits);
    let at_onset = deploys.iter().rev().find(|d| d.time_ms <= onset_ms)?.sha;
    let mut running = at_onset;
    let ran_at_onset = ancestors(at_onset, &by_sha);
    let mut had = ran_at_onset.clone();
    let mut chain: Vec<EarlierRollback> = Vec::new();
    let mut last: Option<(i64, String)> = None;
    // A version a deploy before the onset already shipped names a release
    // the logs saw run: going back to it takes code out as surely as a sha.
    let released_before: HashSet<(&str, &str)> = deploys
        .iter()
        .filter(|d| d.time_ms <= onset_ms)
        .map(|d| (d.name.as_str(), d.sha))
        .collect();
    for deploy in deploys.iter().filter(|d| d.time_ms > onset_ms) {
        if deploy.sha == running {
            continue;
        }
        if !had.contains(deploy.sha) {
            // A line that says it rolls back does not deploy forward: the
            // newer commit it names is its pipeline's (GitLab's `manual job
            // rollback-production, ref main, commit …`), not what it runs.
            if says_rollback(deploy.label) {
                continue;
            }
            // A deploy of a revert commit (GitOps: the rollback is a new
            // commit) takes out the commit it reverts.
            if let Some(reverted) = reverted_by(deploy.sha, clues, commits, &had) {
                chain.push(EarlierRollback {
                    time_ms: deploy.time_ms,
                    to: format!("{} (reverts {})", short(deploy.sha), short(reverted)),
                    removed: HashSet::from([reverted.to_string()]),
                });
                last = Some((deploy.time_ms, chain[chain.len() - 1].to.clone()));
                running = deploy.sha;
                had.remove(reverted);
                continue;
            }
            // A sync of a later commit that pins an older release (GitOps:
            // the rollback sets the manifest's image back) runs that release.
            if let Some((release, version)) = pinned_back(deploy.sha, clues, commits, &had, running)
            {
                let kept = ancestors(release, &by_sha);
                chain.push(EarlierRollback {
                    time_ms: deploy.time_ms,
                    to: format!("{} (pins {version})", short(release)),
                    removed: had.difference(&kept).map(|s| s.to_string()).collect(),
                });
                last = Some((deploy.time_ms, chain[chain.len() - 1].to.clone()));
                running = deploy.sha;
                had = kept;
                continue;
            }
            // A deploy forward (a fix) ends the chain.
            break;
        }
        // A version named only loosely (a chat's "rolling back to 3.7.2")
        // neither counts nor ends the chain: the deploy that names the
        // commit may follow.
        let named = deploy.named || released_before.contains(&(deploy.name.as_str(), deploy.sha));
        if !named {
            continue;
        }
        let kept = ancestors(deploy.sha, &by_sha);
        chain.push(EarlierRollback {
            time_ms: deploy.time_ms,
            to: target(deploy),
            removed: had.difference(&kept).map(|s| s.to_string()).collect(),
        });
        last = Some((deploy.time_ms, target(deploy)));
        running = deploy.sha;
        had = kept;
    }
    let (time_ms, to) = last?;
    // The last of the chain is the one the rates weigh; it took out all that
    // ran at the onset and not in what it went back to (`had` now).
    chain.pop();
    let removed: HashSet<String> = ran_at_onset
        .difference(&had)
        .map(|s| s.to_string())
        .collect();
    // The lines whose message a removed commit writes stop with it, whatever
    // the trouble does: they are not counted either side.
    let silenced = super::observer::written_by(
        removed
            .iter()
            .filter_map(|sha| by_sha.get(sha.as_str()).copied()),
        &clues.sources,
    );
    let symptoms = clues.symptoms.without(&silenced);
    Some(Rollback {
        time_ms,
        to,
        removed,
        rates: rates(&symptoms, clues.last_event_ms, onset_ms, time_ms),
        earlier: chain,
        set_apart: silenced.len(),
    })
}

/// The commit that ran at the onset (in `had`) and that the later commit
/// `sha` reverts, by the subject its revert names.
fn reverted_by<'a>(
    sha: &str,
    clues: &IncidentClues,
    commits: &[&'a Commit],
    had: &HashSet<&'a str>,
) -> Option<&'a str> {
    let (_, subject) = clues.later_reverts.iter().find(|(later, _)| later == sha)?;
    commits
        .iter()
        .find(|c| c.subject == *subject && had.contains(c.sha.as_str()))
        .map(|c| c.sha.as_str())
}

/// The release that the later commit `sha` pins, when it is one that ran
/// at the onset and older than what ran (in `had`, not `running`): the
/// commit tagged with the version, else the newest that introduces it and
/// names it in its subject (`release 2.14.2`).
fn pinned_back<'a>(
    sha: &str,
    clues: &IncidentClues,
    commits: &[&'a Commit],
    had: &HashSet<&'a str>,
    running: &str,
) -> Option<(&'a str, String)> {
    let (_, versions) = clues.later_pins.iter().find(|(later, _)| later == sha)?;
    versions.iter().find_map(|version| {
        let ran = |c: &&&Commit| had.contains(c.sha.as_str()) && c.sha != running;
        let tagged = commits.iter().filter(ran).find(|c| {
            c.tags.iter().any(|t| {
                t.trim_start_matches(['v', 'V'])
                    .eq_ignore_ascii_case(version)
            })
        });
        let introduced = || {
            commits
                .iter()
                .filter(ran)
                .filter(|c| super::deploys::contains_word(&c.introduced_text, version))
                // A release names its version: a sidecar's or a
                // dependency's version set back is not the service's.
                .filter(|c| super::deploys::contains_word(&c.subject, version))
                .max_by_key(|c| c.landed_ms())
        };
        let release = tagged.or_else(introduced)?;
        Some((release.sha.as_str(), version.clone()))
    })
}

fn says_rollback(label: &str) -> bool {
    let label = label.to_ascii_lowercase();
    super::deploy_lines::ROLLBACK_WORDS
        .iter()
        .any(|word| label.contains(word))
}

/// The commit a rollback went back to, and the release number that named
/// it where the line gave only that (`1dccfed, revision 41`).
fn target(deploy: &super::deploys::Resolved) -> String {
    match super::deploy_reader::rollback_target(deploy.label) {
        Some(number) => format!("{}, {number}", short(deploy.sha)),
        None => short(deploy.sha),
    }
}

fn short(sha: &str) -> String {
    sha.chars().take(7).collect()
}

/// The incident's lines a minute before a rollback at `back_ms` and after
/// it settled. The errors after it are compared over as long as they were
/// counted before it (10–30 min): what happens later (a fix, the end of a
/// peak) is other news.
fn rates(
    symptoms: &Symptoms,
    last_event_ms: Option<i64>,
    onset_ms: i64,
    back_ms: i64,
) -> Option<Rates> {
    let settled_ms = back_ms + SETTLE_MS;
    let span_ms = (back_ms - onset_ms).clamp(MIN_AFTER_MS, MAX_AFTER_MS);
    let end_ms = last_event_ms?.min(settled_ms + span_ms);
    let lines_before = symptoms.lines(onset_ms, onset_ms, back_ms);
    let lines_after = symptoms.lines(onset_ms, settled_ms, end_ms);
    // Errors that went on after a rollback in number (as many lines as it
    // takes before one to tell) say it did not end them, however few came
    // before it: a trouble that grows with a wind or a peak.
    let enough_before = lines_before >= MIN_LINES_BEFORE;
    if end_ms - settled_ms < MIN_AFTER_MS || !(enough_before || lines_after >= MIN_LINES_BEFORE) {
        return None;
    }
    Some(Rates {
        before: symptoms.rate(onset_ms, onset_ms, back_ms),
        after: symptoms.rate(onset_ms, settled_ms, end_ms),
        loud_before: symptoms.warning_rate(onset_ms, back_ms),
        loud_after: symptoms.warning_rate(settled_ms, end_ms),
        loud_healthy: symptoms.warning_rate(onset_ms - (end_ms - settled_ms), onset_ms),
        enough_before,
    })
}

/// A rollback followed by one further back clears the changes it took out.
/// The last: one after which the errors went on clears the changes it took
/// out; one after which they stopped says so in their reasons, and clears
/// the changes it kept running (the errors stopped while they ran on).
pub fn weigh(suspects: &mut [Suspect], rollback: &Rollback, onset_ms: i64) {
    let mut cleared: HashSet<&str> = HashSet::new();
    for earlier in &rollback.earlier {
        for suspect in suspects.iter_mut() {
            if earlier.removed.contains(&suspect.sha) && !cleared.contains(suspect.sha.as_str()) {
                suspect.explains = false;
                suspect.reasons.push(format!(
                    "rolled back to {} {} after the onset, and then further back to {} {} after it: the first rollback did not end the trouble",
                    earlier.to,
                    human_duration(earlier.time_ms - onset_ms),
                    rollback.to,
                    human_duration(rollback.time_ms - onset_ms),
                ));
            }
        }
        cleared.extend(earlier.removed.iter().map(String::as_str));
    }
    let Some(measured) = rollback.rates.filter(|r| r.before > 0.0) else {
        return;
    };
    let (went_on, stopped) = (measured.went_on(), measured.stopped());
    let set_apart = match rollback.set_apart {
        0 => String::new(),
        n => format!(" (not counting {n} template(s) whose message a commit it removed writes)"),
    };
    let rates = format!(
        "{:.1} incident line(s) a minute before it, {:.1} from {} after it{set_apart}",
        measured.before,
        measured.after,
        human_duration(SETTLE_MS)
    );
    let when = human_duration(rollback.time_ms - onset_ms);
    for suspect in suspects.iter_mut() {
        if cleared.contains(suspect.sha.as_str()) {
            continue;
        }
        if !rollback.removed.contains(&suspect.sha) {
            if stopped && suspect.ran {
                suspect.explains = false;
                suspect.reasons.push(format!(
                    "still running after the rollback to {} {when} after the onset, and the errors stopped: {rates}",
                    rollback.to
                ));
            }
            continue;
        }
        if went_on {
            suspect.explains = false;
            suspect.reasons.push(format!(
                "rolled back to {} {when} after the onset, and the errors went on: {rates}",
                rollback.to
            ));
        } else if stopped {
            suspect.reasons.push(format!(
                "rolled back to {} {when} after the onset, and the errors stopped: {rates}",
                rollback.to
            ));
        }
    }
}

#[cfg(test)]
#[path = "rollback_tests.rs"]
mod tests;
