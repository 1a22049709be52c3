//! What changed (issue 13, item 1): `lookout changes` ranks the commits of a
//! real repository that landed before the onset, explains each score, says
//! "no change in this repo explains it" when none does, and leaves the
//! repository exactly as it was.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use crate::support::history::{commit, logs, service_repo, LOGS_START_S, ONSET_S};

fn lookout(args: &[&str], cwd: &Path) -> Output {
    crate::support::lookout(cwd).args(args).output().unwrap()
}

/// `lookout changes --repo REPO LOG --json`, parsed.
fn changes_json(repo: &Path, log: &Path, cwd: &Path) -> serde_json::Value {
    json(&lookout(
        &[
            "changes",
            "--repo",
            repo.to_str().unwrap(),
            log.to_str().unwrap(),
            "--json",
        ],
        cwd,
    ))
}

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Every file under `dir`, .git included, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .display()
                    .to_string();
                files.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

/// The night before: a docs commit, a test commit, an unrelated code change,
/// and the config change that cut the connection limit.
fn night_of_changes(repo: &git2::Repository) -> String {
    commit(
        repo,
        &[("README.md", "# orders\n\nOn-call: #orders.\n")],
        ONSET_S - 5 * 3600,
        "docs: on-call channel",
    );
    commit(
        repo,
        &[(
            "tests/test_orders.py",
            "def test_place():\n    assert place({})\n",
        )],
        ONSET_S - 3 * 3600,
        "test: cover place()",
    );
    commit(
        repo,
        &[(
            "src/invoice.py",
            "def render(invoice):\n    return template.format(invoice)\n",
        )],
        ONSET_S - 2 * 3600,
        "invoices: render with the new template",
    );
    let culprit = commit(
        repo,
        &[(
            "config/app.toml",
            "[db]\nmax_connections = 5\nstatement_timeout_ms = 5000\n",
        )],
        ONSET_S - 40 * 60,
        "config: lower the db connection limit",
    );
    commit(
        repo,
        &[("README.md", "# orders\n\nOn-call: #orders-oncall.\n")],
        ONSET_S + 3600,
        "docs: rename channel",
    );
    culprit
}

#[test]
fn the_config_change_that_matches_the_errors_is_the_top_suspect_and_the_rest_say_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let repo_path = dir.path().join("orders");
    let repo = service_repo(&repo_path);
    let culprit = night_of_changes(&repo);
    let log = dir.path().join("app.log");
    std::fs::write(
        &log,
        logs("db pool: max_connections reached (5 of 5 in use), request rejected"),
    )
    .unwrap();
    let before = snapshot(&repo_path);
    let report = changes_json(&repo_path, &log, dir.path());
    assert_eq!(snapshot(&repo_path), before, "the repository is only read");
    assert_eq!(report["onset_source"], "signals");
    let onset_ms = report["onset_ms"].as_i64().unwrap();
    assert!(
        (ONSET_S * 1000..ONSET_S * 1000 + 60_000).contains(&onset_ms),
        "{onset_ms}"
    );
    assert_eq!(report["commits_in_window"], 4, "{report}");
    assert_eq!(report["commits_after_onset"], 1);
    let suspects = report["suspects"].as_array().unwrap();
    assert_eq!(suspects[0]["sha"], culprit.as_str(), "{report:#}");
    assert_eq!(suspects[0]["id"], format!("C{}", &culprit[..7]));
    assert_eq!(suspects[0]["explains"], true);
    let reasons = suspects[0]["reasons"].to_string();
    assert!(reasons.contains("max_connections"), "{reasons}");
    // Each suspect carries its bounded, redacted diff.
    let diff = suspects[0]["diff"].as_str().unwrap();
    assert!(diff.contains("+max_connections = 5"), "{diff}");
    assert_eq!(suspects[0]["diff_truncated"], false);
    assert!(report["verdict"]
        .as_str()
        .unwrap()
        .contains("likeliest cause"));
    let docs = suspects
        .iter()
        .find(|s| s["subject"] == "docs: on-call channel")
        .unwrap();
    assert!(
        docs["reasons"].to_string().contains("touches only docs"),
        "{docs}"
    );
    let tests = suspects
        .iter()
        .find(|s| s["subject"] == "test: cover place()")
        .unwrap();
    assert!(
        tests["reasons"].to_string().contains("touches only tests"),
        "{tests}"
    );
    assert!(
        suspects[1..].iter().all(|s| s["explains"] == false),
        "{report:#}"
    );
    // The text form names the suspect and its reasons.
    let text = lookout(
        &[
            "changes",
            "--repo",
            repo_path.to_str().unwrap(),
            log.to_str().unwrap(),
        ],
        dir.path(),
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&format!("[C{}]", &culprit[..7])) && text.contains("✔ explains"),
        "{text}"
    );
}

#[test]
fn when_the_errors_point_elsewhere_no_change_in_this_repo_explains_it() {
    let dir = tempfile::tempdir().unwrap();
    let repo_path = dir.path().join("orders");
    let repo = service_repo(&repo_path);
    night_of_changes(&repo);
    let log = dir.path().join("app.log");
    std::fs::write(
        &log,
        logs("upstream payments-gateway answered 503 Service Unavailable after 30000 ms"),
    )
    .unwrap();
    let report = changes_json(&repo_path, &log, dir.path());
    let suspects = report["suspects"].as_array().unwrap();
    assert_eq!(suspects.len(), 4);
    assert!(
        suspects.iter().all(|s| s["explains"] == false),
        "{report:#}"
    );
    assert!(
        report["verdict"]
            .as_str()
            .unwrap()
            .starts_with("no change in this repo explains it"),
        "{report}"
    );
}

#[test]
fn a_quiet_window_says_no_commit_landed_and_until_and_since_move_it() {
    let dir = tempfile::tempdir().unwrap();
    let repo_path = dir.path().join("orders");
    service_repo(&repo_path);
    let until = "2024-11-01T03:05:00Z";
    let report = json(&lookout(
        &[
            "changes",
            "--repo",
            repo_path.to_str().unwrap(),
            "--until",
            until,
            "--json",
        ],
        dir.path(),
    ));
    assert_eq!(report["onset_source"], "given");
    assert_eq!(report["onset_ms"], ONSET_S * 1000);
    assert_eq!(report["commits_in_window"], 0);
    assert!(
        report["verdict"]
            .as_str()
            .unwrap()
            .starts_with("no commit landed in the 24 h 00 min"),
        "{report}"
    );
    // Two days back reaches the last of the daily commits.
    let wider = json(&lookout(
        &[
            "changes",
            "--repo",
            repo_path.to_str().unwrap(),
            "--until",
            until,
            "--since",
            "2d",
            "--json",
        ],
        dir.path(),
    ));
    assert_eq!(wider["commits_in_window"], 1, "{wider}");
    assert_eq!(wider["window_start_ms"], (ONSET_S - 2 * 86_400) * 1000);
    let _ = LOGS_START_S;
}

#[test]
fn bad_input_is_named_with_exit_code_two() {
    let dir = tempfile::tempdir().unwrap();
    for (args, needle) in [
        (
            vec!["changes", "--repo", "/nonexistent/repo", "--json"],
            "/nonexistent/repo",
        ),
        (
            vec!["changes", "--repo", ".", "--until", "yesterday"],
            // `--until` is `--onset`'s alias, named by its canonical name.
            "--onset \"yesterday\"",
        ),
        (vec!["changes", "--repo", ".", "--since", "5x"], "5x"),
        (vec!["changes", "--repo", "."], "repository"),
        (vec!["changes"], "--repo"),
    ] {
        let out = lookout(&args, dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[test]
fn the_demo_names_the_bad_pool_change_over_its_decoys() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("infra");
    let written = lookout(&["demo", "--repo", repo.to_str().unwrap()], dir.path());
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let report = json(&lookout(
        &[
            "changes",
            "--demo",
            "--repo",
            repo.to_str().unwrap(),
            "--json",
        ],
        dir.path(),
    ));
    let suspects = report["suspects"].as_array().unwrap();
    assert_eq!(suspects.len(), 4, "{report:#}");
    assert!(
        suspects[0]["subject"].as_str().unwrap().contains("v7.4.9"),
        "{report:#}"
    );
    assert!(
        suspects[0]["reasons"].to_string().contains("deploy names"),
        "{report:#}"
    );
    assert_eq!(suspects.iter().filter(|s| s["explains"] == true).count(), 1);
    assert_eq!(report["commits_after_onset"], 1);
}

/// A manifest change whose diff is only values (`value: "20"`) is read with
/// the env keys it sits under, so it meets errors that name the setting.
#[test]
fn a_changed_config_value_is_read_with_the_key_that_encloses_it() {
    let dir = tempfile::tempdir().unwrap();
    let repo_path = dir.path().join("orders");
    let repo = service_repo(&repo_path);
    let manifest = |timeout: &str| {
        format!(
            "spec:\n  containers:\n    - name: orders\n      env:\n        - name: WORKER_TIMEOUT\n          value: \"{timeout}\"\n        - name: REGION\n          value: \"eu\"\n"
        )
    };
    commit(
        &repo,
        &[("k8s/deployment.yaml", &manifest("120"))],
        ONSET_S - 6 * 3600,
        "k8s: manifest",
    );
    let culprit = commit(
        &repo,
        &[("k8s/deployment.yaml", &manifest("20"))],
        ONSET_S - 50 * 60,
        "k8s: tune for the new node pool",
    );
    let log = dir.path().join("app.log");
    std::fs::write(&log, logs("worker timeout: request killed")).unwrap();
    let report = changes_json(&repo_path, &log, dir.path());
    let suspects = report["suspects"].as_array().unwrap();
    assert_eq!(suspects[0]["sha"], culprit.as_str(), "{report:#}");
    let words = suspects[0]["shared_words"].to_string();
    assert!(
        words.contains("worker_timeout") || words.contains("\"timeout\""),
        "the key under the changed value: {words}"
    );
}

/// An Amazon RDS event record at `time_s`, as `describe-events` reports it.
fn rds_event(time_s: i64, id: &str, message: &str) -> String {
    let time = time::OffsetDateTime::from_unix_timestamp(time_s)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    format!(
        "{{\"Date\":\"{time}\",\"time\":\"{time}\",\"SourceIdentifier\":\"orders-db\",\"SourceType\":\"db-instance\",\"EventId\":\"{id}\",\"Message\":\"{message}\"}}\n"
    )
}

#[test]
fn a_provider_announcement_just_before_the_onset_clears_changes_that_ran_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let repo_path = dir.path().join("orders");
    let repo = service_repo(&repo_path);
    let culprit = night_of_changes(&repo);
    let log = dir.path().join("app.log");
    // The errors share the config change's words, as before.
    std::fs::write(
        &log,
        logs("db pool: max_connections reached (5 of 5 in use), request rejected"),
    )
    .unwrap();
    let changes = |events: &str| {
        let feed = dir.path().join("rds-events.log");
        std::fs::write(&feed, events).unwrap();
        json(&lookout(
            &[
                "changes",
                "--repo",
                repo_path.to_str().unwrap(),
                log.to_str().unwrap(),
                feed.to_str().unwrap(),
                "--json",
            ],
            dir.path(),
        ))
    };
    // A nightly backup an hour before the logs' onset is not what started it.
    let routine = changes(&rds_event(
        ONSET_S - 3600,
        "RDS-EVENT-0001",
        "Backing up DB instance",
    ));
    assert_eq!(
        routine["suspects"][0]["sha"],
        culprit.as_str(),
        "{routine:#}"
    );
    assert_eq!(routine["suspects"][0]["explains"], true, "{routine:#}");
    assert!(routine["environment"].is_null(), "{routine:#}");
    // A failover 20 s before the errors: the change had been running for 40
    // minutes, healthy; the environment moved closer to the onset.
    let failover = changes(&format!(
        "{}{}",
        rds_event(ONSET_S - 3600, "RDS-EVENT-0001", "Backing up DB instance"),
        rds_event(
            ONSET_S - 20,
            "RDS-EVENT-0013",
            "A Multi-AZ failover has started."
        )
    ));
    let suspects = failover["suspects"].as_array().unwrap();
    assert!(
        suspects.iter().all(|s| s["explains"] == false),
        "{failover:#}"
    );
    let verdict = failover["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with("no change in this repo explains it")
            && verdict.contains("Amazon RDS events announced \"A Multi-AZ failover has started.\""),
        "{verdict}"
    );
    assert_eq!(failover["environment"]["feed"], "Amazon RDS events");
    let culprit_reasons = suspects
        .iter()
        .find(|s| s["sha"] == culprit.as_str())
        .unwrap()["reasons"]
        .to_string();
    assert!(
        culprit_reasons.contains("the environment changed closer to the onset"),
        "{culprit_reasons}"
    );
}

/// Logs from `LOGS_START_S` to half an hour after the onset: the deploy of
/// `running` before the onset, errors from the onset, a rollback to
/// `rolled_back_to` ten minutes in, and errors after it only when `went_on`.
fn logs_with_rollback(running: &str, rolled_back_to: &str, went_on: bool) -> String {
    let rollback_s = ONSET_S + 600;
    let mut out = String::new();
    for second in (0..ONSET_S - LOGS_START_S + 1800).step_by(5) {
        let time_s = LOGS_START_S + second;
        let stamp = crate::support::history::stamp(time_s);
        out.push_str(&format!("{stamp} INFO orders placed order in 40 ms\n"));
        if second == 10 {
            out.push_str(&format!("{stamp} INFO deploy orders {running}\n"));
        }
        if time_s == rollback_s {
            out.push_str(&format!(
                "{stamp} INFO rolling back orders to {}\n",
                &rolled_back_to[..8]
            ));
        }
        if time_s >= ONSET_S && (time_s < rollback_s + 60 || went_on) {
            out.push_str(&format!(
                "{stamp} ERROR db pool: max_connections reached (5 of 5 in use)\n"
            ));
        }
    }
    out
}

#[test]
fn a_rollback_after_which_the_errors_went_on_clears_what_it_took_out() {
    for went_on in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let repo_path = dir.path().join("orders");
        let repo = service_repo(&repo_path);
        let culprit = night_of_changes(&repo);
        let commit = repo
            .revparse_single(&culprit)
            .unwrap()
            .peel_to_commit()
            .unwrap();
        let before_it = commit.parent(0).unwrap().id().to_string();
        let log = dir.path().join("app.log");
        std::fs::write(&log, logs_with_rollback(&culprit, &before_it, went_on)).unwrap();
        let report = changes_json(&repo_path, &log, dir.path());
        let suspects = report["suspects"].as_array().unwrap();
        let top = &suspects[0];
        assert_eq!(top["sha"], culprit.as_str(), "{report:#}");
        let reasons = top["reasons"].to_string();
        if went_on {
            // The pool change was taken out and nothing changed: not it.
            assert_eq!(top["explains"], false, "{reasons}");
            assert!(reasons.contains("and the errors went on"), "{reasons}");
            let verdict = report["verdict"].as_str().unwrap();
            assert!(verdict.starts_with("no change"), "{verdict}");
            // Changes the rollback kept ran on: the window is not cleared.
            assert!(!verdict.contains("older than the window"), "{verdict}");
        } else {
            assert_eq!(top["explains"], true, "{reasons}");
            assert!(reasons.contains("and the errors stopped"), "{reasons}");
            // The commits the rollback kept ran on while the errors stopped.
            let kept = suspects
                .iter()
                .find(|s| s["subject"] == "invoices: render with the new template")
                .unwrap();
            assert!(kept["reasons"]
                .to_string()
                .contains("still running after the rollback"));
        }
    }
}
