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
const SETTLE_MS: i64 = 5 * 60_000;
/// The least time the logs must go on after the settling to tell, and the
/// most that is counted.
const MIN_AFTER_MS: i64 = 10 * 60_000;
const MAX_AFTER_MS: i64 = 30 * 60_000;
/// Errors went on: at least this share of their rate before the rollback.
const WENT_ON: f64 = 0.5;
/// Errors stopped: at most this share of their rate before the rollback.
const STOPPED: f64 = 0.1;
/// Incident lines between the onset and the rollback needed to judge.
const MIN_LINES_BEFORE: u64 = 10;

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
        self.after <= STOPPED * self.before
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
/// named by its sha or a tag (a version number in a line is too loose a
/// name to say that code was taken out), one after another until a deploy
/// goes forward again; the last is weighed by the rates when the incident
/// logged enough before it and the logs go on long enough after it.
pub fn find(commits: &[&Commit], clues: &IncidentClues, onset_ms: i64) -> Option<Rollback> {
    let by_sha: HashMap<&str, &Commit> = commits.iter().map(|c| (c.sha.as_str(), *c)).collect();
    let deploys = resolved(&clues.deploys, commits);
    let at_onset = deploys.iter().rev().find(|d| d.time_ms <= onset_ms)?.sha;
    let mut running = at_onset;
    let ran_at_onset = ancestors(at_onset, &by_sha);
    let mut had = ran_at_onset.clone();
    let mut chain: Vec<EarlierRollback> = Vec::new();
    let mut last: Option<(i64, &str)> = None;
    for deploy in deploys.iter().filter(|d| d.time_ms > onset_ms) {
        if deploy.sha == running {
            continue;
        }
        if !(deploy.named && had.contains(deploy.sha)) {
            // A deploy forward (a fix) ends the chain.
            break;
        }
        let kept = ancestors(deploy.sha, &by_sha);
        chain.push(EarlierRollback {
            time_ms: deploy.time_ms,
            to: short(deploy.sha),
            removed: had.difference(&kept).map(|s| s.to_string()).collect(),
        });
        last = Some((deploy.time_ms, deploy.sha));
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
        to: short(to),
        removed,
        rates: rates(&symptoms, clues.last_event_ms, onset_ms, time_ms),
        earlier: chain,
        set_apart: silenced.len(),
    })
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
    if end_ms - settled_ms < MIN_AFTER_MS || lines_before < MIN_LINES_BEFORE {
        return None;
    }
    Some(Rates {
        before: symptoms.rate(onset_ms, onset_ms, back_ms),
        after: symptoms.rate(onset_ms, settled_ms, end_ms),
        loud_before: symptoms.warning_rate(onset_ms, back_ms),
        loud_after: symptoms.warning_rate(settled_ms, end_ms),
        loud_healthy: symptoms.warning_rate(onset_ms - (end_ms - settled_ms), onset_ms),
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
mod tests {
    use super::*;
    use crate::ingest::LogLevel;

    const MINUTE: i64 = 60_000;

    fn symptoms(errors_per_minute: impl Fn(i64) -> u64, minutes: i64) -> Symptoms {
        let mut out = Symptoms::default();
        for m in 0..minutes {
            for _ in 0..errors_per_minute(m) {
                out.add(m * MINUTE, LogLevel::Error, 1);
            }
        }
        out
    }

    fn rollback(before: f64, after: f64) -> Rollback {
        Rollback {
            time_ms: 30 * MINUTE,
            to: "b27a5e8".into(),
            removed: HashSet::from(["bad".repeat(40)]),
            rates: Some(Rates {
                before,
                after,
                loud_before: before,
                loud_after: after,
                loud_healthy: 0.0,
            }),
            earlier: Vec::new(),
            set_apart: 0,
        }
    }

    #[test]
    fn rates_count_errors_or_else_warnings_per_minute() {
        let errors = symptoms(|m| if m >= 10 { 4 } else { 0 }, 60);
        assert_eq!(errors.rate(10 * MINUTE, 10 * MINUTE, 30 * MINUTE), 4.0);
        assert_eq!(errors.rate(10 * MINUTE, 0, 10 * MINUTE), 0.0);
        let mut warnings = Symptoms::default();
        for m in 10..20 {
            warnings.add(m * MINUTE, LogLevel::Warn, 2);
        }
        // No error from the onset: the warnings are the incident's lines.
        assert_eq!(warnings.rate(10 * MINUTE, 10 * MINUTE, 20 * MINUTE), 1.0);
    }

    #[test]
    fn errors_that_go_on_clear_what_was_rolled_back_and_errors_that_stop_are_said() {
        let suspect = |name: &str| Suspect::running_since(name, 0);
        let mut suspects = vec![suspect("bad"), suspect("other")];
        weigh(&mut suspects, &rollback(6.0, 5.5), 0);
        assert!(!suspects[0].explains);
        assert!(suspects[0]
            .reasons
            .last()
            .unwrap()
            .contains("errors went on"));
        assert!(
            suspects[1].explains,
            "a change the rollback kept is not cleared"
        );
        let mut suspects = vec![suspect("bad"), suspect("other")];
        weigh(&mut suspects, &rollback(6.0, 0.2), 0);
        assert!(suspects[0].explains);
        assert!(suspects[0]
            .reasons
            .last()
            .unwrap()
            .contains("errors stopped"));
        // What the rollback kept ran on while the errors stopped.
        assert!(!suspects[1].explains);
        assert!(suspects[1]
            .reasons
            .last()
            .unwrap()
            .starts_with("still running"));
        // In between says nothing.
        let mut suspects = vec![suspect("bad")];
        weigh(&mut suspects, &rollback(6.0, 2.0), 0);
        assert!(suspects[0].explains && suspects[0].reasons.is_empty());
        // The errors stopped but warnings took their place: the rolled-back
        // code reports the same trouble less loudly; not stopped. Warnings
        // the healthy service logged as often are not the trouble's.
        let quieter = Rollback {
            rates: Some(Rates {
                before: 6.0,
                after: 0.0,
                loud_before: 6.0,
                loud_after: 4.0,
                loud_healthy: 0.0,
            }),
            ..rollback(6.0, 0.0)
        };
        let mut suspects = vec![suspect("bad"), suspect("other")];
        weigh(&mut suspects, &quieter, 0);
        assert!(suspects.iter().all(|s| s.explains && s.reasons.is_empty()));
        let routine = Rollback {
            rates: quieter.rates.map(|r| Rates {
                loud_healthy: 3.0,
                ..r
            }),
            ..quieter.clone()
        };
        let mut suspects = vec![suspect("bad")];
        weigh(&mut suspects, &routine, 0);
        assert!(suspects[0].reasons[0].contains("errors stopped"));
    }

    #[test]
    fn lines_a_removed_commit_writes_do_not_say_the_trouble_stopped() {
        // Template 1 is the rolled-back commit's own warning: it stops with
        // its code. Template 2, the trouble, goes on.
        let mut symptoms = Symptoms::default();
        for m in 0..60 {
            if m < 30 {
                for _ in 0..10 {
                    symptoms.add(m * MINUTE, LogLevel::Warn, 1);
                }
            }
            symptoms.add(m * MINUTE, LogLevel::Warn, 2);
        }
        let all = rates(&symptoms, Some(60 * MINUTE), 0, 30 * MINUTE).unwrap();
        assert!(all.stopped(), "{all:?}");
        let apart = symptoms.without(&HashSet::from([1]));
        let rest = rates(&apart, Some(60 * MINUTE), 0, 30 * MINUTE).unwrap();
        assert!(rest.went_on() && !rest.stopped(), "{rest:?}");
    }

    #[test]
    fn a_rollback_followed_by_one_further_back_did_not_end_the_trouble() {
        use crate::changes::clues::DeployClue;
        use crate::changes::deploys::tests::{deploy, linear, HOUR_MS};
        // Commits 1..4 (hours 90..93); 4 deployed at hour 94; onset at 95.
        // Rolled back to 3 (taking 4 out) at 95:10, then to 1 at 95:20;
        // errors from the onset to 95:25, none after.
        let commits = linear(&[90, 91, 92, 93]);
        let read: Vec<&Commit> = commits.iter().collect();
        let onset = 95 * HOUR_MS;
        let at = |minutes: i64, sha: &str| DeployClue {
            time_ms: onset + minutes * MINUTE,
            ..deploy(0, sha)
        };
        let mut symptoms = Symptoms::default();
        for m in 0..25 {
            for _ in 0..5 {
                symptoms.add(onset + m * MINUTE, LogLevel::Error, 1);
            }
        }
        let clues = IncidentClues {
            deploys: vec![deploy(94, "0404040"), at(10, "0303030"), at(20, "0101010")],
            symptoms,
            last_event_ms: Some(onset + 90 * MINUTE),
            ..IncidentClues::default()
        };
        let rollback = find(&read, &clues, onset).expect("two rollbacks");
        assert_eq!(rollback.to, "0101010");
        assert_eq!(rollback.earlier.len(), 1);
        let mut suspects: Vec<Suspect> = commits
            .iter()
            .map(|c| Suspect {
                sha: c.sha.clone(),
                ..Suspect::running_since("x", 0)
            })
            .collect();
        weigh(&mut suspects, &rollback, onset);
        // Commit 4: the first rollback took it out and did not end it.
        assert!(!suspects[3].explains);
        assert!(
            suspects[3].reasons[0].contains("further back"),
            "{:?}",
            suspects[3].reasons
        );
        // Commits 2 and 3: the second took them out and the errors stopped.
        for i in [1, 2] {
            assert!(suspects[i].explains);
            assert!(suspects[i].reasons[0].contains("errors stopped"));
        }
        // Commit 1 ran on while they stopped.
        assert!(!suspects[0].explains);
        // A deploy forward ends the chain: the fix is not a rollback.
        let forward = IncidentClues {
            deploys: vec![
                deploy(94, "0303030"),
                at(10, "0202020"),
                at(20, "0404040"),
                at(30, "0101010"),
            ],
            ..clues
        };
        let rollback = find(&read, &forward, onset).expect("one rollback");
        assert_eq!(rollback.to, "0202020");
        assert!(rollback.earlier.is_empty());
    }
}
