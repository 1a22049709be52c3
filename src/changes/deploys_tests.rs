//! Tests of deploys.rs: what shipped, and what a deploy's timing says.
use super::*;

pub(in crate::changes) const HOUR_MS: i64 = 3_600_000;
const ONSET_MS: i64 = 100 * HOUR_MS;

/// A linear history: commit i (sha `0i0i…`) lands at hour `hours[i]`, its parent is i − 1.
pub(in crate::changes) fn linear(hours: &[i64]) -> Vec<Commit> {
    hours
        .iter()
        .enumerate()
        .map(|(i, hour)| Commit {
            sha: format!("{:02x}", i + 1).repeat(20),
            parents: if i == 0 {
                Vec::new()
            } else {
                vec![format!("{i:02x}").repeat(20)]
            },
            author: "dev".into(),
            author_time_ms: hour * HOUR_MS,
            commit_time_ms: hour * HOUR_MS,
            subject: format!("commit {}", i + 1),
            tags: Vec::new(),
            files: Vec::new(),
            diff: String::new(),
            diff_truncated: false,
            words: Default::default(),
            introduced_text: String::new(),
            settings: Vec::new(),
            literals: Vec::new(),
            removed_literals: Vec::new(),
            logging_only: None,
            comments_only: false,
        })
        .collect()
}

pub(in crate::changes) fn deploy(hour: i64, sha: &str) -> DeployClue {
    DeployClue {
        time_ms: hour * HOUR_MS,
        label: format!("app start version {sha}"),
        shas: vec![sha.to_string()],
        versions: Vec::new(),
        settings: Vec::new(),
    }
}

#[test]
fn a_deploy_ships_the_range_since_the_previous_one_and_later_commits_never_ran() {
    // Commits at hours 90..95; the logs start at hour 89.
    let commits = linear(&[90, 91, 92, 93, 94, 95]);
    let read: Vec<&Commit> = commits.iter().collect();
    let clues = IncidentClues {
        // Commit 2 deployed at hour 92, commit 4 (a restart too) at hour 96;
        // a deploy after the onset does not count.
        deploys: vec![
            deploy(92, "0202020"),
            deploy(96, "0404040"),
            deploy(97, "0404040"),
            deploy(101, "0606060"),
        ],
        ..IncidentClues::default()
    };
    let map = shipped(&read, &clues, ONSET_MS, Some(89 * HOUR_MS));
    let at = |i: usize| &map[&commits[i].sha];
    // Commits 1 and 2: the first deploy's range (they landed after the logs began).
    assert!(matches!(at(0), Shipped::By { deploy_ms, .. } if *deploy_ms == 92 * HOUR_MS));
    // Commits 3 and 4: the second deploy, at its first start, not the restart.
    for i in [2, 3] {
        assert!(
            matches!(at(i), Shipped::By { deploy_ms, .. } if *deploy_ms == 96 * HOUR_MS),
            "{i}: {:?}",
            at(i)
        );
    }
    // Commits 5 and 6 landed after the last deploy before the onset.
    assert!(matches!(at(4), Shipped::NeverRan { .. }));
    assert!(matches!(at(5), Shipped::NeverRan { .. }));
}

#[test]
fn pods_reporting_the_image_a_manifest_pins_do_not_take_the_manifest_back() {
    // Commit 1 is the code; commit 2 pins its image ("image: app:0101010");
    // commit 3 changes a limit. Deployed: 3 at hour 96, and its pods log
    // the image's commit at hour 96 too.
    let mut commits = linear(&[90, 91, 95]);
    commits[1].introduced_text = "image: registry/app:0101010".into();
    let read: Vec<&Commit> = commits.iter().collect();
    let clues = |second: DeployClue| IncidentClues {
        deploys: vec![deploy(96, "0303030"), second],
        ..IncidentClues::default()
    };
    let restart = DeployClue {
        time_ms: 96 * HOUR_MS + 3_000,
        ..deploy(96, "0101010")
    };
    let map = shipped(&read, &clues(restart.clone()), ONSET_MS, Some(89 * HOUR_MS));
    assert!(
        matches!(map[&commits[2].sha], Shipped::By { .. }),
        "{:?}",
        map[&commits[2].sha]
    );
    // Said to be a rollback, the same line takes commits 2 and 3 out.
    let rollback = DeployClue {
        label: "rollback to 0101010".into(),
        ..restart
    };
    let map = shipped(&read, &clues(rollback), ONSET_MS, Some(89 * HOUR_MS));
    assert!(matches!(map[&commits[2].sha], Shipped::NeverRan { .. }));
    // Unpinned, an older commit named is taken back to.
    commits[1].introduced_text.clear();
    let read: Vec<&Commit> = commits.iter().collect();
    let restart = DeployClue {
        time_ms: 96 * HOUR_MS + 3_000,
        ..deploy(96, "0101010")
    };
    let map = shipped(&read, &clues(restart), ONSET_MS, Some(89 * HOUR_MS));
    assert!(matches!(map[&commits[2].sha], Shipped::NeverRan { .. }));
}

#[test]
fn without_a_deploy_that_resolves_time_alone_decides_and_old_commits_ran_earlier() {
    let commits = linear(&[80, 90, 95]);
    let read: Vec<&Commit> = commits.iter().collect();
    let foreign = IncidentClues {
        deploys: vec![deploy(96, "abcdef1")],
        ..IncidentClues::default()
    };
    let map = shipped(&read, &foreign, ONSET_MS, Some(85 * HOUR_MS));
    assert!(map.values().all(|s| *s == Shipped::Unknown), "{map:?}");
    // One deploy of commit 3: commit 1 predates the logs, so it may have
    // run long before; commit 2 landed within them and shipped with it.
    let one = IncidentClues {
        deploys: vec![deploy(96, "0303030")],
        ..IncidentClues::default()
    };
    let map = shipped(&read, &one, ONSET_MS, Some(85 * HOUR_MS));
    assert!(matches!(map[&commits[0].sha], Shipped::Earlier { .. }));
    assert!(matches!(map[&commits[1].sha], Shipped::By { .. }));
}

#[test]
fn an_onset_right_after_a_deploy_is_evidence_for_what_it_shipped_and_a_distant_one_is_not() {
    // Logs from hour 98; the onset at hour 100.
    let start = Some(ONSET_MS - 2 * HOUR_MS);
    let minute = 60_000;
    // Two changes shipped one minute before the onset: ln(120) − ln 2.
    let shipped = |sha, deploy_ms, certain| ShippedBy {
        sha,
        deploy_ms,
        certain,
    };
    let near = coincidence(
        &[
            shipped("aa", ONSET_MS - minute, true),
            shipped("bb", ONSET_MS - minute, true),
        ],
        ONSET_MS,
        start,
    );
    let expected = 120f64.ln() - 2f64.ln();
    assert!((near["aa"].0 - expected).abs() < 1e-9, "{near:?}");
    assert!(near["bb"].1.contains("one of 2"));
    // One change alone in its deploy earns the whole surprise.
    let alone = coincidence(&[shipped("aa", ONSET_MS - minute, true)], ONSET_MS, start);
    assert!(alone["aa"].0 > near["aa"].0);
    // A commit the first deploy may have shipped shares it, and says so.
    let maybe = coincidence(
        &[
            shipped("aa", ONSET_MS - minute, true),
            shipped("old", ONSET_MS - minute, false),
        ],
        ONSET_MS,
        start,
    );
    assert!((maybe["old"].0 - expected).abs() < 1e-9, "{maybe:?}");
    assert!(maybe["old"].1.contains("may have shipped it"));
    // A deploy at the start of the logs is no coincidence, nor one without logs.
    let at_start = [shipped("aa", ONSET_MS - 2 * HOUR_MS, true)];
    assert!(coincidence(&at_start, ONSET_MS, start).is_empty());
    assert!(coincidence(&[shipped("aa", ONSET_MS - minute, true)], ONSET_MS, None).is_empty());
}

#[test]
fn a_line_naming_before_and_after_commits_deployed_the_newer() {
    let commits = linear(&[90, 91, 92]);
    let read: Vec<&Commit> = commits.iter().collect();
    let clues = IncidentClues {
        deploys: vec![DeployClue {
            time_ms: 93 * HOUR_MS,
            label: "changed: before 0303030 after 0202020".into(),
            shas: vec!["0202020".into(), "0303030".into()],
            versions: Vec::new(),
            settings: Vec::new(),
        }],
        ..IncidentClues::default()
    };
    let map = shipped(&read, &clues, ONSET_MS, Some(85 * HOUR_MS));
    assert!(
        matches!(map[&commits[2].sha], Shipped::By { .. }),
        "{map:?}"
    );
}

/// A deploy line naming only a version, as a chat message does.
fn version_deploy(hour: i64, version: &str) -> DeployClue {
    DeployClue {
        time_ms: hour * HOUR_MS,
        label: format!("re-deploying {version}"),
        shas: Vec::new(),
        versions: vec![version.to_string()],
        settings: Vec::new(),
    }
}

#[test]
fn a_version_named_with_a_commit_names_that_commit_afterwards() {
    // Commit 1 wrote version 3.8.0 into the code; commit 3 shipped as 3.8.0.
    let mut commits = linear(&[90, 91, 92]);
    commits[0].introduced_text = "version = \"3.8.0\"".into();
    let read: Vec<&Commit> = commits.iter().collect();
    let mut bound = deploy(93, "0303030");
    bound.versions = vec!["3.8.0".into()];
    let clues = IncidentClues {
        deploys: vec![bound, version_deploy(101, "3.8.0")],
        ..IncidentClues::default()
    };
    let deploys = resolved(&clues, &read);
    assert_eq!(deploys.len(), 2);
    // Not commit 1, which first wrote the version: that would read as a rollback.
    assert_eq!(deploys[1].sha, commits[2].sha);
    assert!(deploys[1].named, "{}", deploys[1].how);
    // Without the line that binds it, the version still finds the commit that wrote it.
    let alone = IncidentClues {
        deploys: vec![version_deploy(101, "3.8.0")],
        ..IncidentClues::default()
    };
    let deploys = resolved(&alone, &read);
    assert_eq!(deploys[0].sha, commits[0].sha);
    assert!(!deploys[0].named);
}

#[test]
fn a_deploy_of_a_commit_after_the_onset_goes_forward_whatever_version_it_names() {
    // Commit 1 wrote version 3.8.0; a deploy after the onset names a commit
    // that landed after it (not among the commits read) and that version.
    let mut commits = linear(&[90, 91]);
    commits[0].introduced_text = "3.8.0".into();
    let read: Vec<&Commit> = commits.iter().collect();
    let later = "ab".repeat(20);
    let mut forward = deploy(102, &later[..12]);
    forward.versions = vec!["3.8.0".into()];
    let clues = IncidentClues {
        deploys: vec![deploy(95, "0202020"), forward],
        later_commits: vec![later.clone()],
        ..IncidentClues::default()
    };
    let deploys = resolved(&clues, &read);
    assert_eq!(deploys[1].sha, later);
    // So no rollback: the deploy after the onset went forward.
    assert_eq!(
        crate::changes::rollback::find(&read, &clues, 100 * HOUR_MS),
        None
    );
}
