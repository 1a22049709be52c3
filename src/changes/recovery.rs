//! The trouble ended by itself. Code that keeps running keeps failing: a
//! change that broke the service goes on breaking it until it is rolled
//! back or fixed. So when the incident's errors stop while the logs go on,
//! and no deploy, rollback or fix reached anything after the onset, every
//! change of the repo was still running when the trouble ended; what ended
//! it was outside the repo (a provider recovered, a broker caught up, a
//! clock slewed back), and most likely so was what began it. This is the
//! rollback test (rollback.rs: "still running after the rollback, and the
//! errors stopped") without a rollback.
//!
//! Its limit: a fault of the code that only an outside trigger brings out
//! (a peak, a batch, one customer's input, a clock edge) also ends when the
//! trigger passes. The reason says what was measured, so the reader can
//! tell; a deploy or a restart after the onset, or logs too short to tell,
//! leave the verdict to the other tests.

use super::clues::{DeployClue, IncidentClues};
use super::score::{human_duration, Suspect};

// The tail is read as a rollback's aftermath is (rollback.rs): the logs'
// last half, at least `MIN_AFTER_MS` and at most `MAX_AFTER_MS` of it;
// "stopped" and "went on" are its shares of the rate from the onset, a
// restart settles as a rollback does, and as many lines must come first.
use super::rollback::{
    MAX_AFTER_MS, MIN_AFTER_MS, MIN_LINES_BEFORE, SETTLE_MS, STOPPED, WENT_ON as ERRORS_WENT_ON,
};

/// The logs went on: lines of any level a minute in the tail, at least this
/// share of the healthy rate before the onset. A service that died or a
/// log that was cut also goes quiet.
const LOGS_WENT_ON: f64 = 0.5;

/// The trouble's end, measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recovery {
    /// Where the quiet tail begins, and where the logs end.
    pub tail_from_ms: i64,
    pub last_ms: i64,
    /// Incident lines a minute from the onset to the tail, and in it.
    pub before: f64,
    pub after: f64,
}

/// Drops the deploy lines after the onset that name hex ids none of which
/// is a commit of `repo` (a UUID's group, a trace id, an EC2 instance id, a
/// Lambda log stream): they deployed nothing of it, and `find` asks whether
/// anything reached the service after the onset. A line that names only a
/// version stays: a release may be tagged outside the repo.
pub fn keep_deploys_of(repo: &std::path::Path, clues: &mut IncidentClues, onset_ms: i64) {
    let Ok(git) = git2::Repository::open(repo) else {
        return;
    };
    let is_commit = |sha: &String| {
        git.revparse_single(sha)
            .is_ok_and(|object| object.peel_to_commit().is_ok())
    };
    clues
        .deploys
        .retain(|d| d.time_ms <= onset_ms || d.shas.is_empty() || d.shas.iter().any(is_commit));
}

/// The trouble's end, when the errors stopped before the logs did with no
/// deploy after the onset; else None.
pub fn find(clues: &IncidentClues, onset_ms: i64) -> Option<Recovery> {
    let last_ms = clues.last_event_ms?;
    // A start-up line after the onset naming the commit the service ran
    // at the onset is a restart, not a deploy: judged as one below.
    let running = clues
        .deploys
        .iter()
        .filter(|d| d.time_ms <= onset_ms && !d.shas.is_empty())
        .max_by_key(|d| d.time_ms);
    let names_the_running_commit = |d: &&DeployClue| {
        running.is_some_and(|r| {
            !d.shas.is_empty()
                && d.shas.iter().all(|s| {
                    r.shas
                        .iter()
                        .any(|t| t.starts_with(s.as_str()) || s.starts_with(t.as_str()))
                })
        })
    };
    let mut restarts = Vec::new();
    for deploy in clues.deploys.iter().filter(|d| d.time_ms > onset_ms) {
        if !names_the_running_commit(&deploy) {
            return None;
        }
        restarts.push(deploy.time_ms);
    }
    let tail_from_ms = (onset_ms + (last_ms - onset_ms) / 2).max(last_ms - MAX_AFTER_MS);
    if last_ms - tail_from_ms < MIN_AFTER_MS {
        return None;
    }
    let symptoms = &clues.symptoms;
    // A restart after the onset is an action on the service too: what it
    // ended may have been the code's own state (a deadlock, a leak). Only
    // one after which the errors went on as before ended nothing.
    let restart_may_have_ended_it = |restart_ms: i64| {
        let settled_ms = restart_ms + SETTLE_MS;
        let before = symptoms.rate(onset_ms, onset_ms, restart_ms);
        let after = symptoms.rate(
            onset_ms,
            settled_ms,
            (settled_ms + MIN_AFTER_MS).min(last_ms),
        );
        !(before > 0.0 && after >= ERRORS_WENT_ON * before)
    };
    restarts.extend(symptoms.restarts_in(onset_ms, last_ms));
    if restarts.into_iter().any(restart_may_have_ended_it) {
        return None;
    }
    if symptoms.lines(onset_ms, onset_ms, tail_from_ms) < MIN_LINES_BEFORE {
        return None;
    }
    let before = symptoms.rate(onset_ms, onset_ms, tail_from_ms);
    let after = symptoms.rate(onset_ms, tail_from_ms, last_ms);
    let healthy_from_ms = clues
        .first_event_ms
        .unwrap_or(onset_ms)
        .max(onset_ms - (last_ms - tail_from_ms));
    let healthy = symptoms.line_rate(healthy_from_ms, onset_ms);
    let went_on = symptoms.line_rate(tail_from_ms, last_ms);
    let logs_went_on = went_on > 0.0 && went_on >= LOGS_WENT_ON * healthy;
    (before > 0.0 && after <= STOPPED * before && logs_went_on).then_some(Recovery {
        tail_from_ms,
        last_ms,
        before,
        after,
    })
}

/// Clears every suspect that ran through the trouble's end, saying why,
/// but one that started running within the time a cause takes to reach the
/// logs before the onset (`PROPAGATION_MS`): its own start may have been
/// the trouble, a one-off act that then finished (a migration holding a
/// lock, a cache flushed, a fleet restarted at once).
pub fn weigh(suspects: &mut [Suspect], recovery: &Recovery, onset_ms: i64) {
    let started_with_the_trouble = |s: &Suspect| {
        s.deployed_ms.unwrap_or(s.landed_ms) >= onset_ms - crate::ingest::signals::PROPAGATION_MS
    };
    for suspect in suspects
        .iter_mut()
        .filter(|s| s.ran && s.explains && !started_with_the_trouble(s))
    {
        suspect.explains = false;
        suspect.reasons.push(format!(
            "still running when the errors stopped, with no deploy after the onset: {:.1} incident line(s) a minute from the onset, {:.1} in the logs' last {} (from {} after the onset): what ended the trouble was not in the repo",
            recovery.before,
            recovery.after,
            human_duration(recovery.last_ms - recovery.tail_from_ms),
            human_duration(recovery.tail_from_ms - onset_ms),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LogLevel;

    const MINUTE: i64 = 60_000;
    const ONSET: i64 = 120 * MINUTE;

    /// Two healthy hours of routine lines, then errors from the onset for
    /// `error_minutes`, the logs going on to 180 minutes after it.
    fn clues(error_minutes: i64) -> IncidentClues {
        let mut clues = IncidentClues::default();
        for m in 0..300 {
            clues.symptoms.add(m * MINUTE, LogLevel::Info, 1);
            clues.symptoms.add(m * MINUTE + 1, LogLevel::Info, 2);
            if (120..120 + error_minutes).contains(&m) {
                for _ in 0..5 {
                    clues.symptoms.add(m * MINUTE, LogLevel::Error, 3);
                }
            }
        }
        clues.first_event_ms = Some(0);
        clues.last_event_ms = Some(300 * MINUTE);
        clues
    }

    fn restart_at(clues: &mut IncidentClues, minute: i64) {
        // The start-up lines, first logged together when the logs began.
        for template in [10, 11, 12] {
            clues.symptoms.add(0, LogLevel::Info, template);
            clues
                .symptoms
                .add(minute * MINUTE, LogLevel::Info, template);
        }
    }

    #[test]
    fn errors_that_stop_with_no_deploy_clear_the_changes_that_ran_through() {
        let clues = clues(40);
        let recovery = find(&clues, ONSET).expect("the errors stopped");
        assert!(
            (recovery.before - 5.0 * 40.0 / 150.0).abs() < 0.1,
            "{recovery:?}"
        );
        assert_eq!(recovery.after, 0.0);
        let mut suspects = vec![
            Suspect::running_since("a", ONSET - 60 * MINUTE),
            Suspect::running_since("b", ONSET - 5 * MINUTE),
        ];
        weigh(&mut suspects, &recovery, ONSET);
        assert!(!suspects[0].explains);
        assert!(suspects[0].reasons[0].contains("the errors stopped"));
        // Started with the trouble: its start may have been the trouble.
        assert!(suspects[1].explains);
    }

    #[test]
    fn errors_that_go_on_a_deploy_after_the_onset_or_short_logs_tell_nothing() {
        assert_eq!(find(&clues(300), ONSET), None, "the errors go on");
        let mut deployed = clues(40);
        deployed.deploys.push(DeployClue {
            time_ms: ONSET + 30 * MINUTE,
            label: "rollback".into(),
            shas: vec![],
            versions: vec![],
            settings: vec![],
        });
        assert_eq!(find(&deployed, ONSET), None, "a deploy after the onset");
        let mut short = clues(40);
        short.last_event_ms = Some(ONSET + 15 * MINUTE);
        assert_eq!(find(&short, ONSET), None, "too short to tell");
    }

    #[test]
    fn a_deploy_line_naming_no_commit_of_the_repo_deployed_nothing_of_it() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let git = git2::Repository::init(dir.path()).expect("git init");
        let signature = git2::Signature::now("dev", "dev@example.com").expect("a signature");
        let tree = git
            .find_tree(
                git.index()
                    .and_then(|mut i| i.write_tree())
                    .expect("a tree"),
            )
            .expect("the tree");
        let head = git
            .commit(Some("HEAD"), &signature, &signature, "first", &tree, &[])
            .expect("a commit");
        let short = head.to_string()[..7].to_string();
        let deploy = |minute: i64, shas: &[&str], versions: &[&str]| DeployClue {
            time_ms: minute * MINUTE,
            label: "deploy".into(),
            shas: shas.iter().map(|s| s.to_string()).collect(),
            versions: versions.iter().map(|s| s.to_string()).collect(),
            settings: vec![],
        };
        let mut clues = clues(40);
        clues.deploys = vec![
            deploy(100, &["55b1614d"], &[]),     // before the onset: kept
            deploy(130, &["55b1614d"], &[]),     // a UUID's group
            deploy(140, &[short.as_str()], &[]), // this repo's commit
            deploy(150, &[], &["2026.12.15.1"]), // a version only
        ];
        keep_deploys_of(dir.path(), &mut clues, ONSET);
        let kept: Vec<i64> = clues.deploys.iter().map(|d| d.time_ms / MINUTE).collect();
        assert_eq!(kept, [100, 140, 150]);
    }

    #[test]
    fn a_start_up_line_naming_the_running_commit_is_a_restart_not_a_deploy() {
        let start = |minute: i64, sha: &str| DeployClue {
            time_ms: minute * MINUTE,
            label: format!("starting api version={sha}"),
            shas: vec![sha.to_string()],
            versions: vec![],
            settings: vec![],
        };
        // Restarted 20 minutes in, the errors going on 40 more: it ended nothing.
        let mut restarted = clues(60);
        restarted.deploys = vec![start(100, "e8f201f"), start(140, "e8f201f")];
        assert!(find(&restarted, ONSET).is_some());
        // Restarted as the errors stopped: it may have ended them.
        let mut ended = clues(60);
        ended.deploys = vec![start(100, "e8f201f"), start(180, "e8f201f")];
        assert_eq!(find(&ended, ONSET), None);
        // Another commit started: a deploy.
        let mut deployed = clues(60);
        deployed.deploys = vec![start(100, "e8f201f"), start(140, "ceb2ce1")];
        assert_eq!(find(&deployed, ONSET), None);
    }

    #[test]
    fn logs_that_go_quiet_altogether_are_not_a_recovery() {
        let mut clues = IncidentClues::default();
        for m in 0..200 {
            clues.symptoms.add(m * MINUTE, LogLevel::Info, 1);
            if m >= 120 {
                clues.symptoms.add(m * MINUTE, LogLevel::Error, 3);
            }
        }
        // Another source's line hours later: the service's own went quiet.
        clues.symptoms.add(300 * MINUTE, LogLevel::Info, 4);
        clues.first_event_ms = Some(0);
        clues.last_event_ms = Some(300 * MINUTE);
        assert_eq!(find(&clues, ONSET), None);
    }

    #[test]
    fn a_restart_that_may_have_ended_the_errors_leaves_the_verdict_alone() {
        let mut ended = clues(40);
        restart_at(&mut ended, 160);
        assert_eq!(find(&ended, ONSET), None);
        // The errors went on after the restart: it ended nothing.
        let mut went_on = clues(60);
        restart_at(&mut went_on, 140);
        assert!(find(&went_on, ONSET).is_some());
    }
}
