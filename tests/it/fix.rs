//! `lookout propose --from-incident` on real git repos in temp dirs, with a
//! real OpenAI-protocol streaming server on 127.0.0.1: a fenced diff is
//! extracted, validated, policy-checked and staged on a new local branch with
//! the checkout byte-identical; a diff that does not apply gets exactly one
//! repair request, then the analyst's revert; a mask is never written; Level 0
//! stages nothing; offline, the top suspect commit is reverted in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::openai_server::{Behavior, Server};

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", repo)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Worktree files, the index and HEAD: what staging must leave byte-identical.
fn checkout(repo: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for name in ["config/pool.toml", "README.md", ".git/HEAD", ".git/index"] {
        files.insert(name.to_string(), std::fs::read(repo.join(name)).unwrap());
    }
    files
}

struct Fixture {
    work: tempfile::TempDir,
    repo: PathBuf,
    bad: String,
}

/// A repo whose last commit shrank the pool (the culprit), a log of the
/// incident that followed, and the suspects file naming that commit.
fn fixture() -> Fixture {
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("svc");
    std::fs::create_dir_all(repo.join("config")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("README.md"), "checkout service\n").unwrap();
    std::fs::write(
        repo.join("config/pool.toml"),
        "[db]\nhost = \"db.internal\"\npool_size = 50\ntimeout_ms = 500\n",
    )
    .unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "initial"]);
    std::fs::write(
        repo.join("config/pool.toml"),
        "[db]\nhost = \"db.internal\"\npool_size = 5\ntimeout_ms = 500\n",
    )
    .unwrap();
    git(&repo, &["commit", "-q", "-am", "Shrink the db pool"]);
    let bad = git(&repo, &["rev-parse", "HEAD"]);
    let log = crate::support::history::pool_exhausted_log(20);
    std::fs::write(work.path().join("app.log"), log).unwrap();
    let suspects = serde_json::json!([{
        "id": format!("C{}", &bad[..7]), "subject": "Shrink the db pool", "time_ms": 1730430000000i64,
        "files": ["config/pool.toml"], "score": 9.0, "reasons": ["touches pool_size"],
    }]);
    std::fs::write(work.path().join("suspects.json"), suspects.to_string()).unwrap();
    std::fs::write(
        work.path().join("lookout.toml"),
        "[llm]\nmodel = \"test-model\"\ntimeout_secs = 4\napi_key_env = \"LOOKOUT_TEST_KEY\"\n",
    )
    .unwrap();
    Fixture { work, repo, bad }
}

fn propose(f: &Fixture, level: &str, extra: &[&str]) -> Output {
    crate::support::lookout(f.work.path())
        .args([
            "propose",
            "--from-incident",
            "app.log",
            "--suspects",
            "suspects.json",
            "--repo",
        ])
        .arg(&f.repo)
        .args(["--level", level, "--incident", "inc-fix", "--json"])
        .args(extra)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn audit_actions(f: &Fixture) -> Vec<serde_json::Value> {
    std::fs::read_to_string(f.work.path().join(".lookout/incidents/inc-fix/audit.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const GOOD_ANSWER: &str = "# Restore the db pool size\n\n```diff\n--- a/config/pool.toml\n+++ b/config/pool.toml\n@@ -1,4 +1,4 @@\n [db]\n host = \"db.internal\"\n-pool_size = 5\n+pool_size = 50\n timeout_ms = 500\n```\n\n## Rationale\nThe pool is exhausted [S1]. Hypothesis: the shrink did it.\n\n## Rollback plan\nRevert this commit.\n\n## Test plan\nWatch the pool errors stop.\n";

const STALE_ANSWER: &str = "# Fix\n\n```diff\n--- a/config/pool.toml\n+++ b/config/pool.toml\n@@ -1,4 +1,4 @@\n [db]\n host = \"db.other\"\n-pool_size = 7\n+pool_size = 50\n timeout_ms = 500\n```\n";

const MASK_ANSWER: &str = "# Fix\n\n```diff\n--- a/config/pool.toml\n+++ b/config/pool.toml\n@@ -1,4 +1,4 @@\n [db]\n-host = \"db.internal\"\n+host = \"[REDACTED:password#1]\"\n pool_size = 5\n timeout_ms = 500\n```\n";

#[test]
fn a_fenced_diff_is_checked_and_staged_on_a_new_branch_with_the_checkout_identical() {
    let f = fixture();
    let before = checkout(&f.repo);
    let server = Server::start(vec![Behavior::Stream(vec![GOOD_ANSWER])]);
    let out = propose(&f, "1", &["--yes", "--llm-base-url", &server.base_url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = json(&out);
    assert_eq!(result["fix"]["producer"], "llm:test-model");
    assert_eq!(result["fix"]["requests"], 1);
    assert_eq!(
        result["fix"]["files"],
        serde_json::json!(["config/pool.toml"])
    );
    let branch = result["staged"]["branch"].as_str().unwrap();
    assert_eq!(
        checkout(&f.repo),
        before,
        "worktree, index and HEAD untouched"
    );
    let staged = git(&f.repo, &["show", &format!("{branch}:config/pool.toml")]);
    assert!(staged.contains("pool_size = 50"));
    let draft =
        std::fs::read_to_string(f.work.path().join(result["pr_draft"].as_str().unwrap())).unwrap();
    assert!(draft.contains("The pool is exhausted [S1]") && draft.contains("Revert this commit."));
    // The request carried the pack, the suspect and the file's current content.
    let body = &server.bodies()[0];
    assert!(body.contains(&format!("C{}", &f.bad[..7])) && body.contains("pool_size = 5"));
    let records = audit_actions(&f);
    let actions: Vec<&str> = records
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    let request_at = actions.iter().position(|a| *a == "llm.request").unwrap();
    assert!(request_at < actions.iter().position(|a| *a == "proposal.stage").unwrap());
    assert!(actions.contains(&"draft.write") && actions.contains(&"llm.call"));
}

#[test]
fn a_diff_that_does_not_apply_gets_exactly_one_repair_round_then_the_analysts_revert() {
    let f = fixture();
    let before = checkout(&f.repo);
    let server = Server::start(vec![
        Behavior::Stream(vec![STALE_ANSWER]),
        Behavior::Stream(vec![STALE_ANSWER]),
    ]);
    let out = propose(&f, "1", &["--yes", "--llm-base-url", &server.base_url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 2, "one repair request, never more");
    assert!(bodies[1].contains("could not be used") && bodies[1].contains("does not apply"));
    let result = json(&out);
    assert_eq!(result["fix"]["producer"], "offline-analyst");
    assert!(result["fix"]["note"]
        .as_str()
        .unwrap()
        .contains("repaired diff failed"));
    let branch = result["staged"]["branch"].as_str().unwrap();
    assert!(
        git(&f.repo, &["show", &format!("{branch}:config/pool.toml")]).contains("pool_size = 50")
    );
    assert_eq!(checkout(&f.repo), before);
    let records = audit_actions(&f);
    let kinds: Vec<&str> = records
        .iter()
        .filter(|r| r["action"] == "llm.request")
        .map(|r| r["details"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["propose", "propose.repair"]);
}

#[test]
fn offline_the_top_suspect_is_reverted_in_memory_and_the_pr_draft_names_it() {
    let f = fixture();
    let before = checkout(&f.repo);
    let out = propose(&f, "1", &["--yes"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = json(&out);
    assert_eq!(result["fix"]["producer"], "offline-analyst");
    assert_eq!(result["fix"]["requests"], 0);
    assert_eq!(checkout(&f.repo), before);
    let draft =
        std::fs::read_to_string(f.work.path().join(result["pr_draft"].as_str().unwrap())).unwrap();
    assert!(draft.contains(&format!("[C{}]", &f.bad[..7])), "{draft}");
    assert!(
        draft.contains(&f.bad[..12]) && draft.contains("Evidence: [S"),
        "{draft}"
    );
    // Without suspects, nothing in the repo explains it: nothing is proposed.
    let none = crate::support::lookout(f.work.path())
        .args(["propose", "--from-incident", "app.log", "--repo"])
        .arg(&f.repo)
        .args(["--level", "1", "--yes", "--incident", "inc-none", "--json"])
        .output()
        .unwrap();
    assert!(none.status.success());
    assert!(json(&none)["reason"]
        .as_str()
        .unwrap()
        .contains("no change in this repository explains"));
}

#[test]
fn nothing_is_staged_at_level_zero_and_a_mask_is_never_written() {
    let f = fixture();
    let branches = git(&f.repo, &["branch", "--list"]);
    let server = Server::start(vec![Behavior::Stream(vec![GOOD_ANSWER])]);
    let out = propose(&f, "0", &["--yes", "--llm-base-url", &server.base_url]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(json(&out)["staged"].is_null());
    assert_eq!(git(&f.repo, &["branch", "--list"]), branches);
    assert!(!audit_actions(&f)
        .iter()
        .any(|r| r["action"] == "proposal.stage"));

    let masked = Server::start(vec![
        Behavior::Stream(vec![MASK_ANSWER]),
        Behavior::Stream(vec![MASK_ANSWER]),
    ]);
    let out = propose(&f, "1", &["--yes", "--llm-base-url", &masked.base_url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = json(&out);
    assert_eq!(
        result["fix"]["producer"], "offline-analyst",
        "the masked diff is refused twice"
    );
    let rejects: Vec<String> = audit_actions(&f)
        .iter()
        .filter(|r| r["action"] == "proposal.reject")
        .map(|r| r["details"]["reason"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rejects.len(), 2);
    assert!(rejects[0].contains("redaction placeholder"), "{rejects:?}");
    let branch = result["staged"]["branch"].as_str().unwrap();
    assert!(!git(&f.repo, &["show", &format!("{branch}:config/pool.toml")]).contains("REDACTED"));
}
