//! The incident benchmark (issue 13, item 6): `lookout eval` replays scenario
//! folders — logs, saved Prometheus answers, a `git bundle` of the repo, an
//! answer key — and scores the culprit, the root cause in the evidence pack
//! and the fix's files. Bundles are read without running git.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::history::{commit, service_repo, ONSET_S};

fn lookout(args: &[&str], cwd: &Path) -> Output {
    crate::support::lookout(cwd).args(args).output().unwrap()
}

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/incidents")
}

#[test]
fn the_example_scenarios_name_the_culprit_and_answer_none_when_the_repo_is_innocent() {
    let dir = tempfile::tempdir().unwrap();
    let out = lookout(
        &["eval", scenarios().to_str().unwrap(), "--json"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let totals = &report["totals"];
    assert_eq!(totals["scenarios"], 2, "{report:#}");
    assert_eq!(totals["culprit_top1"], 2, "{report:#}");
    assert_eq!(totals["none_answered_none"], 1);
    assert_eq!(totals["root_cause_in_pack"], totals["root_cause_patterns"]);
    let cache = &report["scenarios"][0];
    assert_eq!(cache["name"], "cache-ttl");
    assert_eq!(cache["top_suspects"][0]["sha"], cache["expected_culprit"]);
    assert_eq!(
        cache["fix_files"]["proposed"],
        serde_json::json!(["config/catalog.yaml"])
    );
    assert_eq!(
        cache["metric_series"], 1,
        "metrics/*.json loaded like a Prometheus answer"
    );
    assert!(cache["signals"].as_u64().unwrap() >= 2);
    assert!(cache["pack_tokens"].as_u64().unwrap() > 0);
    let outage = &report["scenarios"][1];
    assert!(outage["verdict"]
        .as_str()
        .unwrap()
        .starts_with("no change in this repo explains it"));
    // The table names every scenario and the totals; --packs writes what
    // each scenario's pack holds, as the pack_tokens counted it.
    let packs = dir.path().join("packs");
    let text = lookout(
        &[
            "eval",
            scenarios().to_str().unwrap(),
            "--packs",
            packs.to_str().unwrap(),
        ],
        dir.path(),
    );
    let pack = std::fs::read_to_string(packs.join("cache-ttl.md")).unwrap();
    assert!(pack.starts_with("## Evidence pack"), "{pack}");
    assert!(pack.contains("[C"), "the suspect changes are in it: {pack}");
    assert!(packs.join("upstream-outage.md").is_file());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("cache-ttl")
            && text.contains("upstream-outage")
            && text.contains("culprit top-1 2/2 (100 %)"),
        "{text}"
    );
}

/// Copies the cache-ttl scenario into `dir` for a test to break.
fn copy_scenario(dir: &Path) -> PathBuf {
    let target = dir.join("cache-ttl");
    let source = scenarios().join("cache-ttl");
    for sub in ["", "logs", "metrics"] {
        std::fs::create_dir_all(target.join(sub)).unwrap();
        for entry in std::fs::read_dir(source.join(sub)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), target.join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    target
}

#[test]
fn a_malformed_scenario_is_named_with_its_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = copy_scenario(dir.path());
    let answer = std::fs::read_to_string(scenario.join("answer.toml")).unwrap();
    let incident = std::fs::read_to_string(scenario.join("incident.toml")).unwrap();
    let cases: [(&str, String, &str); 4] = [
        (
            "answer.toml",
            answer.replace("culprit = \"", "culprit = \"x"),
            "expected \"none\" or a full 40-hex commit sha",
        ),
        (
            "answer.toml",
            answer.replace("OOM command", "OOM (command"),
            "root_cause",
        ),
        (
            "incident.toml",
            incident.replace("worker.log", "missing.log"),
            "\"missing.log\", which is not a file in logs/",
        ),
        (
            "incident.toml",
            format!("{incident}onsett = \"2024\"\n"),
            "onsett",
        ),
    ];
    for (file, text, needle) in cases {
        let original = std::fs::read_to_string(scenario.join(file)).unwrap();
        std::fs::write(scenario.join(file), &text).unwrap();
        let out = lookout(&["eval", scenario.to_str().unwrap()], dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{needle}: {stderr}");
        assert!(
            stderr.contains(file) && stderr.contains(needle),
            "{needle}: {stderr}"
        );
        std::fs::write(scenario.join(file), original).unwrap();
    }
    std::fs::write(
        scenario.join("repo.bundle"),
        b"# v2 git bundle\nnot a ref line\n\nPACK",
    )
    .unwrap();
    let out = lookout(&["eval", scenario.to_str().unwrap()], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("repo.bundle") && stderr.contains("not a ref line"),
        "{stderr}"
    );
}

#[test]
fn bundles_written_by_git_open_with_the_same_history_refs_and_head() {
    let dir = tempfile::tempdir().unwrap();
    let repo_path = dir.path().join("orders");
    let repo = service_repo(&repo_path);
    let head = commit(
        &repo,
        &[("config/app.toml", "[db]\nmax_connections = 5\n")],
        ONSET_S - 600,
        "config: fewer connections",
    );
    let target = repo
        .find_object(git2::Oid::from_str(&head).unwrap(), None)
        .unwrap();
    repo.tag_lightweight("v2.0.0", &target, false).unwrap();
    for version in ["2", "3"] {
        let bundle = dir.path().join(format!("v{version}.bundle"));
        // Test code only: lookout itself never runs git.
        let made = Command::new("git")
            .current_dir(&repo_path)
            .args([
                "bundle",
                "create",
                &format!("--version={version}"),
                bundle.to_str().unwrap(),
                "--all",
            ])
            .output()
            .unwrap();
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        let into = dir.path().join(format!("unbundled-v{version}"));
        let opened = lookout::changes::bundle::unbundle(&bundle, &into).unwrap();
        let copy = git2::Repository::open(&opened).unwrap();
        assert_eq!(
            copy.head()
                .unwrap()
                .peel_to_commit()
                .unwrap()
                .id()
                .to_string(),
            head
        );
        assert!(
            copy.head().unwrap().is_branch(),
            "HEAD names the branch, as in the bundle"
        );
        let tag = copy
            .find_reference("refs/tags/v2.0.0")
            .unwrap()
            .peel_to_commit()
            .unwrap();
        assert_eq!(tag.id().to_string(), head);
        let mut walk = copy.revwalk().unwrap();
        walk.push_head().unwrap();
        assert_eq!(walk.count(), 8, "the whole history came through");
    }
    // An incremental bundle lacks history: refused, saying how to make a whole one.
    let partial = dir.path().join("partial.bundle");
    let made = Command::new("git")
        .current_dir(&repo_path)
        .args([
            "bundle",
            "create",
            partial.to_str().unwrap(),
            "HEAD~1..HEAD",
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let err =
        lookout::changes::bundle::unbundle(&partial, &dir.path().join("partial")).unwrap_err();
    assert!(err.to_string().contains("--all"), "{err}");
}

#[test]
fn tail_reads_a_saved_prometheus_answer_and_names_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    std::fs::write(&log, "2024-06-10T14:00:00Z INFO started\n").unwrap();
    let good = scenarios().join("cache-ttl/metrics/redis_memory_mb.json");
    let out = lookout(
        &[
            "tail",
            "--no-tui",
            "--no-follow",
            log.to_str().unwrap(),
            "--metrics-file",
            good.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"status":"error","errorType":"bad_data","error":"parse error"}"#,
    )
    .unwrap();
    let out = lookout(
        &[
            "tail",
            "--no-tui",
            "--no-follow",
            log.to_str().unwrap(),
            "--metrics-file",
            bad.to_str().unwrap(),
        ],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bad.json") && stderr.contains("parse error"),
        "{stderr}"
    );
}

#[test]
fn with_an_llm_its_summary_is_scored_timed_and_audited() {
    use crate::support::openai_server::{Behavior, Server};
    let dir = tempfile::tempdir().unwrap();
    // Scenarios run in name order: cache-ttl, then upstream-outage.
    let server = Server::start(vec![
        Behavior::Stream(vec![
            "Redis refused writes: ",
            "OOM command not allowed [S3].",
        ]),
        Behavior::Stream(vec!["The database looks fine ", "[S1]."]),
    ]);
    let out = lookout(
        &[
            "eval",
            scenarios().to_str().unwrap(),
            "--llm-base-url",
            &server.base_url,
            "--llm-model",
            "scripted",
            "--json",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (cache, outage) = (&report["scenarios"][0], &report["scenarios"][1]);
    assert_eq!(cache["producer"], "llm:scripted");
    assert_eq!(cache["analyst_root_cause_hit"], true, "{cache:#}");
    assert_eq!(
        outage["analyst_root_cause_hit"], false,
        "the answer missed the gateway"
    );
    assert!(cache["first_token_ms"].as_u64().is_some(), "{cache:#}");
    assert_eq!(report["totals"]["analyst_root_cause_hits"], 1);
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 2);
    assert!(
        bodies[0].contains("OOM command not allowed"),
        "the pack was sent"
    );
    // Every request is audited in its scenario's incident folder.
    let audit = std::fs::read_to_string(
        dir.path()
            .join(".lookout/incidents/eval-cache-ttl/audit.jsonl"),
    )
    .unwrap();
    assert!(
        audit.contains("llm.request") && audit.contains("llm.call"),
        "{audit}"
    );
}
