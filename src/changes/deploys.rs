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
    /// The sha, tag or version the line names it by.
    pub name: String,
    /// The deploy line.
    pub label: &'a str,
    /// The versions the line names (with a commit, they say what that version is).
    pub versions: &'a [String],
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
    let mut deploys = resolved(clues, commits);
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

/// How long after a deploy what it broke shows, if the deploy itself broke
/// it: the rollout. Kubernetes gives a Deployment's rollout 600 s before it
/// reports it failed (`progressDeadlineSeconds`' default). A failure that
/// waits longer waited for a trigger — a peak, a date, a batch — and a
/// change that needs a trigger may have shipped at any time before it, so
/// an onset later than this after the deploy is no evidence for what the
/// deploy shipped: the service ran it without trouble until then.
const ROLLOUT_MS: i64 = 600_000;

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
        if onset_ms - commit.deploy_ms > ROLLOUT_MS {
            continue;
        }
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
pub(super) fn resolved<'a>(clues: &'a IncidentClues, commits: &[&'a Commit]) -> Vec<Resolved<'a>> {
    let mut out: Vec<Resolved> = clues
        .deploys
        .iter()
        .filter_map(|d| resolve(d, commits, &clues.later_commits))
        .collect();
    out.sort_by_key(|d| d.time_ms);
    let out = by_bound_versions(out);
    drop_image_reports(out, commits)
}

/// A deploy line that names a commit and a version (`sha=6675d75…
/// version=3.8.0`) says what that version is; a later line that names only
/// the version ("re-deploying 3.8.0") deploys that commit, not the older one
/// that first wrote the version into the code.
fn by_bound_versions(mut deploys: Vec<Resolved<'_>>) -> Vec<Resolved<'_>> {
    let mut bound: HashMap<&str, (&str, String)> = HashMap::new();
    for deploy in &mut deploys {
        let by_commit = deploy.named
            && deploy.name.len() >= 7
            && deploy.name.chars().all(|c| c.is_ascii_hexdigit());
        if by_commit {
            for version in deploy.versions {
                bound.insert(version.as_str(), (deploy.sha, deploy.name.clone()));
            }
        } else if !deploy.named {
            if let Some((sha, by)) = bound.get(deploy.name.as_str()) {
                deploy.how = format!(
                    "version {}, which the deploy of commit {by} named: {}",
                    deploy.name, deploy.label
                );
                deploy.sha = sha;
                deploy.named = true;
            }
        }
    }
    deploys
}

/// Without the deploys that only report the image a running commit pins.
/// Where the service's manifests live beside its code, a CI commit pins the
/// image (`deploy: api 92efe91` sets the tag to the code commit 92efe91) and
/// every pod started from those manifests logs `version=92efe91` — an
/// ancestor of the manifests running, though nothing was taken back: a
/// later manifest change (a memory limit, a network policy) restarts the
/// pods on the same image. Such a line continues the running commit. A
/// deploy that names an older commit no running commit pins since, or says
/// it rolls back, still takes code back (rollback.rs).
fn drop_image_reports<'a>(deploys: Vec<Resolved<'a>>, commits: &[&'a Commit]) -> Vec<Resolved<'a>> {
    let by_sha: HashMap<&str, &Commit> = commits.iter().map(|c| (c.sha.as_str(), *c)).collect();
    let mut running: Option<&str> = None;
    let mut out = Vec::with_capacity(deploys.len());
    for deploy in deploys {
        if let Some(head) = running {
            if deploy.sha != head && reports_pinned_image(&deploy, head, &by_sha) {
                continue;
            }
        }
        running = Some(deploy.sha);
        out.push(deploy);
    }
    out
}

fn reports_pinned_image(deploy: &Resolved, head: &str, by_sha: &HashMap<&str, &Commit>) -> bool {
    let label = deploy.label.to_ascii_lowercase();
    if !deploy.named
        || super::deploy_lines::ROLLBACK_WORDS
            .iter()
            .any(|w| label.contains(w))
    {
        return false;
    }
    let had = ancestors(head, by_sha);
    if !had.contains(deploy.sha) {
        return false;
    }
    let before = ancestors(deploy.sha, by_sha);
    had.difference(&before)
        .filter_map(|sha| by_sha.get(sha))
        .any(|c| contains_word(&c.introduced_text, &deploy.name))
}

fn resolve<'a>(
    deploy: &'a DeployClue,
    commits: &[&'a Commit],
    later: &'a [String],
) -> Option<Resolved<'a>> {
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
            name: sha.clone(),
            label: &deploy.label,
            versions: &deploy.versions,
        });
    }
    // A commit that landed after the onset is newer than any the window
    // holds: the deploy went forward (a fix, or a docs commit on top), and
    // the version it also names (unchanged since an older commit) must not
    // read as a deploy of that older commit.
    if let Some(sha) = deploy
        .shas
        .iter()
        .find_map(|named| later.iter().find(|sha| sha.starts_with(named.as_str())))
    {
        return Some(Resolved {
            time_ms: deploy.time_ms,
            sha: sha.as_str(),
            how: format!(
                "the deploy that names commit {sha}, which landed after the onset: {}",
                deploy.label
            ),
            named: true,
            name: sha.clone(),
            label: &deploy.label,
            versions: &deploy.versions,
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
                name: version.clone(),
                label: &deploy.label,
                versions: &deploy.versions,
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
                name: version.clone(),
                label: &deploy.label,
                versions: &deploy.versions,
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
#[path = "deploys_tests.rs"]
pub(super) mod tests;
