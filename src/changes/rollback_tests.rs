//! Tests of rollback.rs: what a rollback after the onset says.
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
            enough_before: true,
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
            enough_before: true,
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
fn a_version_a_deploy_before_the_onset_shipped_names_a_rollback_to_it() {
    use crate::changes::clues::DeployClue;
    use crate::changes::deploys::tests::{linear, HOUR_MS};
    // Commit 2 bumps the version to 1.27, commit 4 to 1.29. Version 1.27
    // shipped at hour 92, 1.29 at hour 94; the onset at 95; back to 1.27
    // at 95:10; errors go on.
    let mut commits = linear(&[90, 91, 92, 93]);
    commits[1].introduced_text = "version = \"2026.1.27.1\"".into();
    commits[3].introduced_text = "version = \"2026.1.29.1\"".into();
    let read: Vec<&Commit> = commits.iter().collect();
    let onset = 95 * HOUR_MS;
    let release = |time_ms: i64, version: &str| DeployClue {
        time_ms,
        label: format!("deploy inputs: version={version}"),
        shas: Vec::new(),
        versions: vec![version.to_string()],
        settings: Vec::new(),
    };
    let mut symptoms = Symptoms::default();
    for m in 0..60 {
        for _ in 0..5 {
            symptoms.add(onset + m * MINUTE, LogLevel::Error, 1);
        }
    }
    let mut clues = IncidentClues {
        deploys: vec![
            release(92 * HOUR_MS, "2026.1.27.1"),
            release(94 * HOUR_MS, "2026.1.29.1"),
            release(onset + 10 * MINUTE, "2026.1.27.1"),
        ],
        symptoms,
        last_event_ms: Some(onset + 60 * MINUTE),
        ..IncidentClues::default()
    };
    let rollback = find(&read, &clues, onset).expect("back to a version that ran");
    assert_eq!(rollback.to, "0202020");
    assert!(rollback.removed.contains(&commits[3].sha));
    assert!(rollback.rates.is_some_and(|r| r.went_on()));
    // A version no deploy shipped before is found only in the code: no rollback.
    clues.deploys.remove(0);
    assert_eq!(find(&read, &clues, onset), None);
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

#[test]
fn a_loosely_named_version_before_the_rollback_does_not_end_the_chain() {
    use crate::changes::clues::DeployClue;
    use crate::changes::deploys::tests::{deploy, linear, HOUR_MS};
    // Commit 4 deployed at hour 94, the onset at 95; a chat says "rolling
    // back to 1.2" (a version only the code names) at 95:05, and the deploy
    // naming commit 2 follows at 95:10.
    let mut commits = linear(&[90, 91, 92, 93]);
    commits[1].introduced_text = "version = \"1.2.0\"".into();
    let read: Vec<&Commit> = commits.iter().collect();
    let onset = 95 * HOUR_MS;
    let chat = DeployClue {
        time_ms: onset + 5 * MINUTE,
        label: "rolling back to 1.2.0".into(),
        shas: Vec::new(),
        versions: vec!["1.2.0".into()],
        settings: Vec::new(),
    };
    let named = DeployClue {
        time_ms: onset + 10 * MINUTE,
        ..deploy(0, "0202020")
    };
    let clues = IncidentClues {
        deploys: vec![deploy(94, "0404040"), chat, named],
        last_event_ms: Some(onset + 60 * MINUTE),
        ..IncidentClues::default()
    };
    let rollback = find(&read, &clues, onset).expect("the named rollback");
    assert_eq!(rollback.to, "0202020");
    assert_eq!(rollback.time_ms, onset + 10 * MINUTE);
}

#[test]
fn errors_that_grow_after_a_rollback_went_on_however_few_came_before_it() {
    // 7 lines in the 28 minutes before the rollback, 31 after it settled.
    let symptoms = symptoms(|m| if m < 28 { u64::from(m % 4 == 0) } else { 1 }, 70);
    let measured = rates(&symptoms, Some(70 * MINUTE), 0, 28 * MINUTE).expect("enough after");
    assert!(measured.went_on() && !measured.stopped(), "{measured:?}");
    // Few before and few after: nothing to tell.
    let quiet = symptoms_few();
    assert_eq!(rates(&quiet, Some(70 * MINUTE), 0, 28 * MINUTE), None);
}

fn symptoms_few() -> Symptoms {
    symptoms(|m| u64::from(m % 10 == 0), 70)
}

#[test]
fn a_rollback_that_took_out_every_change_that_ran_points_past_the_window() {
    let suspect = |name: &str| Suspect::running_since(name, 0);
    // "bad" ran and was taken out; "docs" never ran (not shipped).
    let mut never_ran = suspect("docs");
    never_ran.ran = false;
    let suspects = vec![suspect("bad"), never_ran];
    let said = rollback(6.0, 5.5)
        .cleared_the_window(&suspects, 0)
        .expect("every change that ran was taken out and the errors went on");
    assert!(
        said.contains("30 min after the onset (to b27a5e8)"),
        "{said}"
    );
    assert!(
        said.contains("older than the window or outside this repo"),
        "{said}"
    );
    // The errors stopped: the rollback says nothing of older changes.
    assert_eq!(rollback(6.0, 0.2).cleared_the_window(&suspects, 0), None);
    // A change that ran and stayed: it may still be the cause.
    let kept = vec![suspect("bad"), suspect("other")];
    assert_eq!(rollback(6.0, 5.5).cleared_the_window(&kept, 0), None);
    // No change ran: nothing to say about them.
    let mut idle = suspect("bad");
    idle.ran = false;
    assert_eq!(rollback(6.0, 5.5).cleared_the_window(&[idle], 0), None);
}

#[test]
fn a_rollback_job_naming_its_pipelines_newer_commit_does_not_end_the_chain() {
    use crate::changes::clues::DeployClue;
    use crate::changes::deploys::tests::{deploy, linear, HOUR_MS};
    // Commit 4 deployed at hour 94, the onset at 95. At 95:05 GitLab runs
    // the rollback job on main (commit 5, which never ran) and at 95:08 the
    // service starts on commit 2.
    let commits = linear(&[90, 91, 92, 93, 96]);
    let read: Vec<&Commit> = commits.iter().collect();
    let onset = 95 * HOUR_MS;
    let job = DeployClue {
        time_ms: onset + 5 * MINUTE,
        label: "Triggered by lena: manual job rollback-production, ref main, commit 0505050".into(),
        ..deploy(0, "0505050")
    };
    let started = DeployClue {
        time_ms: onset + 8 * MINUTE,
        label: "md-feed 3.6.2 (0202020) starting".into(),
        ..deploy(0, "0202020")
    };
    let clues = IncidentClues {
        deploys: vec![deploy(94, "0404040"), job, started],
        last_event_ms: Some(onset + 60 * MINUTE),
        ..IncidentClues::default()
    };
    let rollback = find(&read, &clues, onset).expect("the rollback to commit 2");
    assert_eq!(rollback.to, "0202020");
    assert_eq!(rollback.time_ms, onset + 8 * MINUTE);
}

#[test]
fn a_deploy_of_a_revert_commit_takes_out_the_commit_it_reverts() {
    use crate::changes::clues::DeployClue;
    use crate::changes::deploys::tests::{deploy, linear, HOUR_MS};
    // Commits 1..4 (hours 90..93), 4 deployed at hour 94, the onset at 95;
    // commit 5, `Revert "commit 3"`, landed after the onset and was
    // deployed at 95:10. The errors went on.
    let commits = linear(&[90, 91, 92, 93]);
    let read: Vec<&Commit> = commits.iter().collect();
    let onset = 95 * HOUR_MS;
    let revert = "05".repeat(20);
    let mut symptoms = Symptoms::default();
    for m in 0..60 {
        symptoms.add(onset + m * MINUTE, LogLevel::Error, 5);
    }
    let clues = IncidentClues {
        deploys: vec![
            deploy(94, "0404040"),
            DeployClue {
                time_ms: onset + 10 * MINUTE,
                ..deploy(0, "0505050")
            },
        ],
        later_commits: vec![revert.clone()],
        later_reverts: vec![(revert, "commit 3".into())],
        symptoms,
        last_event_ms: Some(onset + 60 * MINUTE),
        ..IncidentClues::default()
    };
    let rollback = find(&read, &clues, onset).expect("the revert is a rollback");
    assert_eq!(rollback.removed, HashSet::from(["03".repeat(20)]));
    assert!(rollback.to.contains("reverts 0303030"), "{}", rollback.to);
    assert!(rollback.errors_went_on());
}

#[test]
fn a_sync_of_a_commit_pinning_an_older_release_is_a_rollback_to_it() {
    use crate::changes::clues::DeployClue;
    use crate::changes::deploys::tests::{deploy, linear, HOUR_MS};
    // Commits 1..4 (hours 90..93); commit 2 is release 2.14.2, 4 ran from
    // hour 94, the onset at 95. Commit 5 landed after the onset and sets the
    // manifest's pin back to 2.14.2; its sync at 95:10 runs release 2.14.2.
    // A later commit 6 pins 2.15.0 again: a deploy forward.
    let mut commits = linear(&[90, 91, 92, 93]);
    commits[1].introduced_text = "version = \"2.14.2\"".into();
    commits[1].subject = "release 2.14.2".into();
    commits[3].introduced_text = "version = \"2.15.0\"".into();
    commits[3].subject = "release 2.15.0".into();
    // Commit 3 bumps a sidecar to 7.2.4: not a release of the service.
    commits[2].introduced_text = "image: redis:7.2.4".into();
    let read: Vec<&Commit> = commits.iter().collect();
    let onset = 95 * HOUR_MS;
    let (pin_back, pin_forward) = ("05".repeat(20), "06".repeat(20));
    let mut symptoms = Symptoms::default();
    for m in 0..60 {
        symptoms.add(onset + m * MINUTE, LogLevel::Error, 5);
    }
    let clues = IncidentClues {
        deploys: vec![
            deploy(94, "0404040"),
            DeployClue {
                time_ms: onset + 10 * MINUTE,
                ..deploy(0, "0505050")
            },
            DeployClue {
                time_ms: onset + 50 * MINUTE,
                ..deploy(0, "0606060")
            },
        ],
        later_commits: vec![pin_back.clone(), pin_forward.clone()],
        later_pins: vec![
            (pin_back, vec!["2.14.2".into()]),
            (pin_forward, vec!["2.15.0".into()]),
        ],
        symptoms,
        last_event_ms: Some(onset + 60 * MINUTE),
        ..IncidentClues::default()
    };
    let rollback = find(&read, &clues, onset).expect("the pin is a rollback");
    assert_eq!(
        rollback.removed,
        HashSet::from(["03".repeat(20), "04".repeat(20)])
    );
    assert!(
        rollback.to.contains("0202020 (pins 2.14.2)"),
        "{}",
        rollback.to
    );
    assert_eq!(rollback.time_ms, onset + 10 * MINUTE);
    // A pin of the sidecar's version names no release of the service: the
    // sync is a deploy forward. So is one with no pin at all.
    let sidecar = IncidentClues {
        later_pins: vec![("05".repeat(20), vec!["7.2.4".into()])],
        ..clues.clone()
    };
    assert_eq!(find(&read, &sidecar, onset), None);
    let unpinned = IncidentClues {
        later_pins: Vec::new(),
        ..clues
    };
    assert_eq!(find(&read, &unpinned, onset), None);
}
