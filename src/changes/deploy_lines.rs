//! Log lines that announce a deploy: a deploy word (`deploy`, `rollout`,
//! `release`, `rollback`, …) and a version or a commit the line names. Which commit a
//! deploy shipped is decided later, against the repository (deploys.rs).

use std::collections::BTreeSet;

use super::clues::DeployClue;
use super::deploy_fields::{named, Named};

/// Words in a log line that announce a deploy.
const DEPLOY_WORDS: &[&str] = &[
    "deploy",
    "rollout",
    "rolled out",
    "rolling out",
    "release",
    "upgrade",
    "upgrading",
    "version",
    // GitOps: Argo CD's operation messages (`Initiated automated sync to
    // 'SHA'`, `Sync operation to SHA succeeded`) are its deploys.
    "sync to",
    "sync operation to",
];

/// Words that say a deploy takes code back on purpose (`kubectl rollout
/// undo`, `helm rollback`): deploy words too. A rollback deploys an older
/// commit (rollback.rs weighs what it did; deploys.rs keeps such a line from
/// passing for a pod's report of the image it runs).
pub(super) const ROLLBACK_WORDS: &[&str] = &[
    "rollback",
    "roll back",
    "rolled back",
    "rolling back",
    "undo",
];

/// Whether `text` holds a deploy word that is not a user agent's product
/// token: `Version/18.0` in Safari's user agent (`product "/" version`, as
/// HTTP's User-Agent grammar has it) fills every access log line, next to a
/// request id that looks like a commit, and says nothing about a deploy.
pub(super) fn says_deploy(words: &aho_corasick::AhoCorasick, text: &str) -> bool {
    words
        .find_iter(text)
        .any(|found| text.as_bytes().get(found.end()) != Some(&b'/'))
}

/// A field naming a commit (`commit db4b9fa`): its key's words found first
/// (one case-insensitive scan), the fields read only where one is.
fn names_build_commit(line: &str) -> bool {
    static KEYS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(["commit", "sha", "rev"])
                .ok()
        });
    KEYS.as_ref().is_some_and(|keys| keys.is_match(line))
        && !super::deploy_fields::commit_fields(line).is_empty()
}

fn says_starting(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_alphabetic())
        .any(|word| word.eq_ignore_ascii_case("starting"))
}

pub(super) fn deploy_words() -> Option<aho_corasick::AhoCorasick> {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(DEPLOY_WORDS.iter().chain(ROLLBACK_WORDS))
        .ok()
}

/// A log line announcing a deploy (`words`: `deploy_words`), when it
/// names a version or a commit.
pub(super) fn deploy_line(
    line: &str,
    time_ms: i64,
    words: &aho_corasick::AhoCorasick,
) -> Option<DeployClue> {
    let Named {
        shas,
        versions: named_versions,
    } = if says_deploy(words, line) {
        named(line)
    } else if says_starting(line) || names_build_commit(line) {
        // The service's own start-up line names the commit it runs
        // (`md-feed 3.6.2 (9a7d9d4) starting`), and so does a build-info
        // line, by a field that names a commit (`ess-portal 3.41.0 commit
        // db4b9fa`, `"git_sha":"…"`). Only by its commit: a
        // version in such a line may be a server's or a library's
        // (`Starting gunicorn 23.0.0`), and a version the code carries says
        // only that the commit is at least the one that wrote it.
        Named {
            shas: named(line).shas,
            versions: Vec::new(),
        }
    } else {
        return None;
    };
    if shas.is_empty() && named_versions.is_empty() {
        return None;
    }
    let label: String = line.chars().take(160).collect();
    Some(DeployClue {
        time_ms,
        label,
        shas: dedup(shas),
        versions: dedup(named_versions),
        settings: super::config_keys::reported_settings(line),
    })
}

/// Without repeats, in the line's order: the version a line names first is
/// the one it deploys (`deploying collections 3.8.0 (…, Boot 3.3.6)`), and
/// a sorted set would try `3.3.6`, a dependency's, first.
fn dedup(items: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(item.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rollout_line_names_its_version_and_commit() {
        let words = deploy_words().expect("the deploy words compile");
        let deploy_line = |line: &str, time_ms| deploy_line(line, time_ms, &words);
        let clue = deploy_line(
            "2024-11-01T03:01:30.000Z INFO deploy-bot starting rollout checkout-api v7.4.9 (commit 9c1e2f4)",
            5,
        )
        .unwrap();
        assert_eq!(clue.versions, ["v7.4.9"]);
        assert_eq!(clue.shas, ["9c1e2f4"]);
        // The version named first is the one deployed, a dependency's after it.
        let clue = deploy_line(
            "deploying collections 3.8.0 (bureau schema v2.2, Boot 3.3.6, again 3.8.0)",
            5,
        )
        .unwrap();
        assert_eq!(clue.versions, ["3.8.0", "v2.2", "3.3.6"]);
        assert!(
            deploy_line("order 12345 placed v7.4.9", 5).is_none(),
            "no deploy word"
        );
        assert!(deploy_line("deploy finished", 5).is_none(), "names nothing");
        // Safari's user agent and a request id: an access log line, not a deploy.
        let access = r#"94.63.23.63 - - [08/Oct/2026:09:30:07 +0000] "GET /c/camisas HTTP/2.0" 200 59329 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1" 508 0.296 [storefront-80] [] 10.0.1.7:3000 59329 0.296 200 9f2b6c1d4e5a47b8a0c3d2e1f4a5b6c7"#;
        assert!(
            deploy_line(access, 5).is_none(),
            "a user agent's product token"
        );
        assert!(deploy_line("storefront booted release=4218ac8d25a0", 5).is_some());
    }

    #[test]
    fn a_start_up_line_names_the_commit_it_runs_not_a_version() {
        let words = deploy_words().expect("the deploy words compile");
        let clue = deploy_line(
            "2026-01-06T14:46:17Z INFO md_feed: md-feed 3.6.2 (9a7d9d4) starting host=mdh01",
            5,
            &words,
        )
        .expect("a start-up line naming its commit");
        assert_eq!(clue.shas, ["9a7d9d4"]);
        assert!(clue.versions.is_empty(), "{:?}", clue.versions);
        // A server's or a library's version in its start-up line is not the
        // service's release.
        assert!(deploy_line("gunicorn.error: Starting gunicorn 23.0.0", 5, &words).is_none());
    }

    #[test]
    fn a_build_info_line_names_the_commit_by_its_field() {
        let words = deploy_words().expect("the deploy words compile");
        let clue = deploy_line(
            "c.paysmith.ess.BuildInfo : ess-portal 3.41.0 commit db4b9fa",
            5,
            &words,
        )
        .expect("a build-info line");
        assert_eq!(clue.shas, ["db4b9fa"]);
        assert!(clue.versions.is_empty());
        let json = deploy_line(r#"{"msg":"build","git_sha":"4f9e2a1c"}"#, 5, &words)
            .expect("a commit field in JSON");
        assert_eq!(json.shas, ["4f9e2a1c"]);
        // A hex id under another key is not a build.
        assert!(deploy_line("request done trace_id=4f9e2a1c span=ab12cd3", 5, &words).is_none());
    }
}
