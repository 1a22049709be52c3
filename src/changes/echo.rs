//! The running service's echo of a change. Many services report their
//! settings when they start (`starting … log_level=debug workers=8`); when
//! a start-up line after a change landed reports exactly the value the
//! change set for the same key (`LOG_LEVEL: "debug"` in a manifest), the
//! change is not only shipped but visibly in force in the incident's logs.
//!
//! That is evidence of a link, not of a cause: a harmless setting is echoed
//! as faithfully as a harmful one. So it is worth half of `EXPLAINS_MIN`: it
//! ranks a change whose setting the logs show above one that only shares
//! words, but it never by itself makes a change explain the incident.

use std::collections::HashMap;

use super::clues::DeployClue;
use super::history::Commit;
use super::score::EXPLAINS_MIN;

/// Nats an echoed setting adds to a commit's evidence.
pub const ECHO_NATS: f64 = EXPLAINS_MIN / 2.0;
// An echo alone never explains an incident.
const _: () = assert!(ECHO_NATS < EXPLAINS_MIN);

/// For each commit whose added config lines set a value that a deploy line
/// at or after it landed (and before the onset) reports: the evidence and
/// the reason naming the setting.
pub fn echoes(
    commits: &[Commit],
    deploys: &[DeployClue],
    onset_ms: i64,
) -> HashMap<String, (f64, String)> {
    let mut out = HashMap::new();
    for commit in commits.iter().filter(|c| !c.settings.is_empty()) {
        let echoed = deploys
            .iter()
            .filter(|d| d.time_ms >= commit.landed_ms() && d.time_ms <= onset_ms)
            .flat_map(|d| d.settings.iter())
            .find(|reported| commit.settings.contains(reported));
        if let Some((key, value)) = echoed {
            let reason = format!(
                "the service reported {key}={value} when it started, the value this change set (+{ECHO_NATS:.1})"
            );
            out.insert(commit.sha.clone(), (ECHO_NATS, reason));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(sha: &str, landed_ms: i64, settings: &[(&str, &str)]) -> Commit {
        Commit {
            sha: sha.repeat(40),
            parents: Vec::new(),
            author: "dev".into(),
            author_time_ms: landed_ms,
            commit_time_ms: landed_ms,
            subject: sha.into(),
            tags: Vec::new(),
            files: Vec::new(),
            diff: String::new(),
            diff_truncated: false,
            words: Default::default(),
            introduced_text: String::new(),
            settings: settings
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            literals: Vec::new(),
            removed_literals: Vec::new(),
            logging_only: None,
            comments_only: false,
        }
    }

    #[test]
    fn a_start_up_line_after_the_change_echoing_its_value_links_them() {
        let start = DeployClue {
            time_ms: 100,
            label: "starting worker".into(),
            shas: Vec::new(),
            versions: Vec::new(),
            settings: vec![("log_level".into(), "debug".into())],
        };
        let commits = [
            commit("a", 50, &[("log_level", "debug")]),
            commit("b", 50, &[("carrier_timeout", "8s")]),
            // Same value, but it landed after the line was written.
            commit("c", 150, &[("log_level", "debug")]),
            commit("d", 50, &[("log_level", "info")]),
        ];
        let found = echoes(&commits, &[start], 200);
        assert_eq!(found.len(), 1, "{found:?}");
        let (nats, reason) = &found[&"a".repeat(40)];
        assert!((nats - ECHO_NATS).abs() < 1e-12);
        assert!(reason.contains("log_level=debug"), "{reason}");
    }
}
