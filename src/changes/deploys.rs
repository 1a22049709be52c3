//! Which commits were running at the onset, and since when. A deploy ships a
//! range, not one commit: a marker naming commit X ships every commit
//! reachable from X and not from the commit the previous deploy shipped
//! (`git log prev..X`), and those started running at the deploy, not when
//! they were written. A commit not reachable from the last deploy before the
//! onset never ran, so it cannot have caused the incident. Without a deploy
//! that resolves to a commit of the repository, nothing is known and the
//! ranking falls back to when each commit landed.

use std::collections::{HashMap, HashSet};

use super::clues::{DeployClue, IncidentClues};
use super::history::Commit;

/// Commits walked at most when collecting one deploy's ancestors.
const MAX_ANCESTORS: usize = 20_000;

/// What the deploys say about one commit.
#[derive(Debug, Clone, PartialEq)]
pub enum Shipped {
    /// A deploy before the onset shipped it at `deploy_ms`.
    By { deploy_ms: i64, reason: String },
    /// It ran, but since when is not known: it predates the logs, and the
    /// first deploy they show (at `deploy_ms`) shipped it or a deploy before did.
    Earlier { deploy_ms: i64, reason: String },
    /// It is not in what the last deploy before the onset shipped.
    NeverRan { reason: String },
    /// No deploy resolves to a commit of the repository: time alone.
    Unknown,
}

/// One deploy resolved to the commit it names.
pub(super) struct Resolved<'a> {
    pub time_ms: i64,
    pub sha: &'a str,
    pub how: String,
    /// Named by its sha or a tag on it, not found by a version it introduces.
    pub named: bool,
}

/// Every commit read (suspects and background) → what the deploys seen up to
/// the onset say about it. `logs_start_ms`: the first event of the logs; a
/// commit that landed after it and before the first deploy seen was shipped
/// by that deploy (an earlier deploy would have left a marker too).
pub fn shipped(
    commits: &[&Commit],
    clues: &IncidentClues,
    onset_ms: i64,
    logs_start_ms: Option<i64>,
) -> HashMap<String, Shipped> {
    let by_sha: HashMap<&str, &Commit> = commits.iter().map(|c| (c.sha.as_str(), *c)).collect();
    let mut deploys = resolved(&clues.deploys, commits);
    deploys.retain(|d| d.time_ms <= onset_ms);
    // A restart of the same version is not a new deploy.
    deploys.dedup_by(|later, earlier| later.sha == earlier.sha);
    let mut out: HashMap<String, Shipped> = commits
        .iter()
        .map(|c| (c.sha.clone(), Shipped::Unknown))
        .collect();
    let Some(last) = deploys.last() else {
        return out;
    };
    let running = ancestors(last.sha, &by_sha);
    for commit in commits {
        if !running.contains(commit.sha.as_str()) {
            out.insert(
                commit.sha.clone(),
                Shipped::NeverRan {
                    reason: format!(
                        "not in what the last deploy before the onset shipped ({}): it never ran",
                        last.how
                    ),
                },
            );
        }
    }
    let mut previous: Option<HashSet<&str>> = None;
    for deploy in &deploys {
        let reach = ancestors(deploy.sha, &by_sha);
        for sha in &reach {
            if previous.as_ref().is_some_and(|p| p.contains(sha)) {
                continue;
            }
            let Some(commit) = by_sha.get(sha) else {
                continue;
            };
            if !running.contains(sha) {
                continue;
            }
            let first_range = previous.is_none();
            let before_logs = logs_start_ms.is_none_or(|start| commit.landed_ms() < start);
            let verdict = if first_range && before_logs && *sha != deploy.sha {
                Shipped::Earlier {
                    deploy_ms: deploy.time_ms,
                    reason: format!("running at the onset, deployed by {} or before", deploy.how),
                }
            } else {
                let reason = if *sha == deploy.sha {
                    format!("shipped by {}", deploy.how)
                } else {
                    format!(
                        "shipped by {} (reachable from it, not from the deploy before)",
                        deploy.how
                    )
                };
                Shipped::By {
                    deploy_ms: deploy.time_ms,
                    reason,
                }
            };
            out.insert(sha.to_string(), verdict);
        }
        previous = Some(reach);
    }
    out
}

/// An onset known to the minute at best: a deploy closer than this to it is
/// as close as can be told.
const MIN_GAP_MS: i64 = 60_000;

/// Evidence, in nats, that each commit a deploy shipped caused an onset that
/// followed the deploy closely. Were onset and deploy unrelated, the onset
/// could have fallen anywhere in the span the logs show before it, so one
/// falling within `gap` after the deploy has the chance gap / span: its
/// surprise, ln(span / gap), is what the deploy's range as a whole earns, and
/// each of the `k` commits of that range that reach the service gets it less
/// ln k (the cause is one of them). A nat is the unit of idf too, so this adds
/// to a commit's word overlap. `shipped_by`: the window's commits that reach
/// the service and that a deploy before the onset shipped — or, for the first
/// deploy the logs show, may have shipped: what it shipped since the deploy
/// before it cannot be told when that deploy is before the logs, so every
/// commit that landed before the logs is one of its `k` too.
pub fn coincidence(
    shipped_by: &[ShippedBy],
    onset_ms: i64,
    logs_start_ms: Option<i64>,
) -> HashMap<String, (f64, String)> {
    let mut out = HashMap::new();
    let Some(start) = logs_start_ms else {
        return out;
    };
    let span = (onset_ms - start).max(MIN_GAP_MS) as f64;
    for commit in shipped_by {
        let k = shipped_by
            .iter()
            .filter(|other| other.deploy_ms == commit.deploy_ms)
            .count()
            .max(1);
        let gap_ms = (onset_ms - commit.deploy_ms).max(MIN_GAP_MS);
        let nats = (span / gap_ms as f64).ln() - (k as f64).ln();
        if nats > 0.0 {
            let how = if commit.certain {
                "the deploy that shipped it"
            } else {
                "the first deploy the logs show, which may have shipped it"
            };
            let reason = format!(
                "the onset came {} after {how}, one of {k} change(s) reaching the service in it (+{nats:.1})",
                super::score::human_duration(onset_ms - commit.deploy_ms)
            );
            out.insert(commit.sha.to_string(), (nats, reason));
        }
    }
    out
}

/// A commit of the window that a deploy shipped (`certain`) or may have
/// shipped (it landed before the logs, and the deploy is the first they show).
#[derive(Debug, Clone, Copy)]
pub struct ShippedBy<'a> {
    pub sha: &'a str,
    pub deploy_ms: i64,
    pub certain: bool,
}

/// The commit a deploy names: its sha, a tag on it, or the newest commit
/// that introduces the version it names.
/// The deploys that resolve to a commit read, oldest first (what the
/// deploys before the onset shipped, and a rollback after it: rollback.rs).
pub(super) fn resolved<'a>(deploys: &[DeployClue], commits: &[&'a Commit]) -> Vec<Resolved<'a>> {
    let mut out: Vec<Resolved> = deploys.iter().filter_map(|d| resolve(d, commits)).collect();
    out.sort_by_key(|d| d.time_ms);
    out
}

fn resolve<'a>(deploy: &DeployClue, commits: &[&'a Commit]) -> Option<Resolved<'a>> {
    // A line naming several commits (`before: A, after: B`) deployed the
    // newest of them.
    let named = deploy
        .shas
        .iter()
        .filter_map(|sha| {
            let commit = commits.iter().find(|c| c.sha.starts_with(sha.as_str()))?;
            Some((sha, commit))
        })
        .max_by_key(|(_, commit)| commit.landed_ms());
    if let Some((sha, commit)) = named {
        return Some(Resolved {
            time_ms: deploy.time_ms,
            sha: commit.sha.as_str(),
            how: format!("the deploy that names commit {sha}: {}", deploy.label),
            named: true,
        });
    }
    for version in &deploy.versions {
        if let Some(commit) = commits
            .iter()
            .find(|c| c.tags.iter().any(|t| t.eq_ignore_ascii_case(version)))
        {
            return Some(Resolved {
                time_ms: deploy.time_ms,
                sha: commit.sha.as_str(),
                how: format!("the deploy of tag {version}: {}", deploy.label),
                named: true,
            });
        }
        // The newest commit that introduces the version is the one that set it.
        if let Some(commit) = commits
            .iter()
            .filter(|c| contains_word(&c.introduced_text, version))
            .max_by_key(|c| c.landed_ms())
        {
            return Some(Resolved {
                time_ms: deploy.time_ms,
                sha: commit.sha.as_str(),
                how: format!(
                    "version {version}, which the deploy names and {} introduces: {}",
                    &commit.sha[..commit.sha.len().min(7)],
                    deploy.label
                ),
                named: false,
            });
        }
    }
    None
}

/// `sha` and every commit read that it reaches through any parent.
pub(super) fn ancestors<'a>(
    sha: &'a str,
    by_sha: &HashMap<&'a str, &'a Commit>,
) -> HashSet<&'a str> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack = vec![sha];
    while let Some(next) = stack.pop() {
        if seen.len() >= MAX_ANCESTORS || !seen.insert(next) {
            continue;
        }
        if let Some(commit) = by_sha.get(next) {
            stack.extend(commit.parents.iter().map(String::as_str));
        }
    }
    seen.retain(|s| by_sha.contains_key(s));
    seen
}

/// `needle` in `haystack` with no letter, digit or `.` touching it (so
/// `1.2` is not found in `1.2.3`).
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '.';
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        let ends_clean = after.is_none_or(|c| {
            !is_word(c)
                || (c == '.' && {
                    // A sentence's full stop after the version is fine.
                    haystack[at + needle.len() + 1..]
                        .chars()
                        .next()
                        .is_none_or(|n| !n.is_alphanumeric())
                })
        });
        before.is_none_or(|c| !is_word(c)) && ends_clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR_MS: i64 = 3_600_000;
    const ONSET_MS: i64 = 100 * HOUR_MS;

    /// A linear history: commit i (sha `0i0i…`) lands at hour `hours[i]`, its parent is i − 1.
    fn linear(hours: &[i64]) -> Vec<Commit> {
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
                logging_only: None,
            })
            .collect()
    }

    fn deploy(hour: i64, sha: &str) -> DeployClue {
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
}
