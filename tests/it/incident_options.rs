//! The commands that read an incident share its options (`--repo`, `--onset`,
//! `--since`, …: `cli/incident_input.rs`), so `changes`, `ask` and `propose
//! --from-incident` agree on the onset and the suspects. Real git repo in a
//! temp dir, real OpenAI-protocol server on 127.0.0.1 for `ask`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::openai_server::{Behavior, Server};

/// 2024-11-01T03:21:00Z: the first pool error.
const ERRORS_AT: &str = "2024-11-01T03:21:00Z";

fn git(repo: &Path, date: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", repo)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
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

/// A repo whose pool shrink landed 20 min before the errors (the culprit)
/// and a docs edit 11 min before them; the incident's log.
fn fixture() -> (tempfile::TempDir, PathBuf, String) {
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("svc");
    std::fs::create_dir_all(repo.join("config")).unwrap();
    git(&repo, "2024-10-29T10:00:00Z", &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("README.md"), "checkout service\n").unwrap();
    let pool = |size: u32| format!("[db]\nhost = \"db.internal\"\npool_size = {size}\n");
    std::fs::write(repo.join("config/pool.toml"), pool(50)).unwrap();
    git(&repo, "2024-10-29T10:00:00Z", &["add", "-A"]);
    git(
        &repo,
        "2024-10-29T10:00:00Z",
        &["commit", "-q", "-m", "initial"],
    );
    std::fs::write(repo.join("config/pool.toml"), pool(5)).unwrap();
    let shrink = "2024-11-01T03:01:00Z";
    git(
        &repo,
        shrink,
        &["commit", "-q", "-am", "Shrink the db pool"],
    );
    let culprit = git(&repo, shrink, &["rev-parse", "HEAD"]);
    std::fs::write(
        repo.join("README.md"),
        "checkout service: on-call in #ops\n",
    )
    .unwrap();
    let docs = "2024-11-01T03:10:00Z";
    git(
        &repo,
        docs,
        &["commit", "-q", "-am", "docs: on-call channel"],
    );
    let log = crate::support::history::pool_exhausted_log(21);
    std::fs::write(work.path().join("app.log"), log).unwrap();
    std::fs::write(
        work.path().join("lookout.toml"),
        "[llm]\nmodel = \"test-model\"\ntimeout_secs = 4\napi_key_env = \"LOOKOUT_TEST_KEY\"\n",
    )
    .unwrap();
    (work, repo, culprit)
}

fn run(work: &Path, args: &[&str]) -> Output {
    crate::support::lookout(work).args(args).output().unwrap()
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

#[test]
fn changes_and_propose_agree_on_the_onset_and_window_they_are_given() {
    let (work, repo, culprit) = fixture();
    let repo = repo.to_str().unwrap();
    let changes = |extra: &[&str]| {
        let mut args = vec!["changes", "app.log", "--repo", repo, "--json"];
        args.extend_from_slice(extra);
        json(&run(work.path(), &args))
    };
    let propose = |incident: &str, extra: &[&str]| {
        let mut args = vec!["propose", "--from-incident", "app.log", "--repo", repo];
        args.extend_from_slice(&["--level", "1", "--yes", "--json", "--incident", incident]);
        args.extend_from_slice(extra);
        let out = run(work.path(), &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json(&out)
    };
    // The onset is the first error: the shrink is the culprit, and reverted.
    let first = changes(&[]);
    assert_eq!(first["suspects"][0]["sha"], culprit, "{first}");
    assert!(first["suspects"][0]["explains"].as_bool().unwrap());
    let staged = propose("inc-default", &[]);
    let branch = staged["staged"]["branch"].as_str().unwrap_or_default();
    assert!(branch.contains(&culprit[..7]), "{staged}");
    // `--onset` an hour before the shrink: it landed after the onset and is no
    // suspect, for `changes` and for `propose` alike.
    let early = ["--onset", "2024-11-01T02:01:00Z"];
    let before = changes(&early);
    assert_eq!(before["onset_source"], "given");
    assert_eq!(before["commits_after_onset"], 2, "{before}");
    let nothing = propose("inc-early", &early);
    assert!(nothing["fix"].is_null(), "{nothing}");
    // `--since 15m` from the first error leaves only the docs edit in the window.
    let narrow = ["--since", "15m"];
    let window = changes(&narrow);
    assert_eq!(window["commits_in_window"], 1, "{window}");
    let nothing = propose("inc-narrow", &narrow);
    assert!(nothing["fix"].is_null(), "{nothing}");
    // `--until` is the same option as `--onset`.
    let until = changes(&["--until", ERRORS_AT]);
    assert_eq!(until["onset_ms"], first["onset_ms"]);
}

#[test]
fn ask_reads_the_repo_it_is_given_and_cites_its_suspects() {
    let (work, repo, culprit) = fixture();
    let cited = format!("[C{}]", &culprit[..7]);
    let reply: &'static str = Box::leak(format!("The pool shrank {cited}.\n").into_boxed_str());
    let server = Server::start(vec![Behavior::Stream(vec![reply])]);
    let out = run(
        work.path(),
        &[
            "ask",
            "what changed before the pool errors?",
            "app.log",
            "--repo",
            repo.to_str().unwrap(),
            "--onset",
            ERRORS_AT,
            "--llm-base-url",
            &server.base_url,
            "--json",
            "--incident",
            "inc-ask",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 1);
    assert!(
        bodies[0].contains("Suspect changes") && bodies[0].contains(&cited),
        "{}",
        bodies[0]
    );
    assert_eq!(json(&out)["citations"]["ok"], 1);
    // The repository read is audited before the request.
    let audit = std::fs::read_to_string(work.path().join(".lookout/incidents/inc-ask/audit.jsonl"))
        .unwrap();
    let read = audit
        .find("\"changes\"")
        .expect("the read of the repo is audited");
    let sent = audit.find("llm.request").expect("the request is audited");
    assert!(read < sent);
}

#[test]
fn options_that_frame_an_incident_are_refused_without_one() {
    let (work, repo, _) = fixture();
    let out = run(
        work.path(),
        &[
            "propose",
            "--patch",
            "app.log",
            "--repo",
            repo.to_str().unwrap(),
            "--onset",
            ERRORS_AT,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("go with --from-incident"));
    let out = run(
        work.path(),
        &["ask", "why?", "app.log", "--onset", "yesterday"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--onset \"yesterday\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
