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
    /// It ran, but since when is not known (it predates the logs' first deploy).
    Earlier { reason: String },
    /// It is not in what the last deploy before the onset shipped.
    NeverRan { reason: String },
    /// No deploy resolves to a commit of the repository: time alone.
    Unknown,
}

/// One deploy resolved to the commit it names.
struct Resolved<'a> {
    time_ms: i64,
    sha: &'a str,
    how: String,
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
    let mut deploys: Vec<Resolved> = clues
        .deploys
        .iter()
        .filter(|d| d.time_ms <= onset_ms)
        .filter_map(|d| resolve(d, commits))
        .collect();
    deploys.sort_by_key(|d| d.time_ms);
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
                    reason: format!(
                        "running at the onset, deployed by {} or before",
                        deploy.how
                    ),
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

/// The commit a deploy names: its sha, a tag on it, or the newest commit
/// that introduces the version it names.
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
                    "the deploy names version {version}, which this commit introduces: {}",
                    deploy.label
                ),
            });
        }
    }
    None
}

/// `sha` and every commit read that it reaches through any parent.
fn ancestors<'a>(sha: &'a str, by_sha: &HashMap<&'a str, &'a Commit>) -> HashSet<&'a str> {
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
