//! `lookout ask` and the checked answer, against a real OpenAI-protocol
//! streaming server on 127.0.0.1: cited ids that are not in the pack are
//! reported unknown, uncited claims counted, a too-long rejection retried once
//! with a smaller pack, every request redacted and audited by hash; `--help`,
//! `--json` and the exit codes like the other commands.

use std::path::Path;
use std::process::Output;

use crate::support::openai_server::{Behavior, Server};
use sha2::{Digest, Sha256};

const SECRET: &str = "AKIAIOSFODNN7EXAMPLE";

fn lookout(dir: &Path, args: &[&str]) -> Output {
    std::fs::write(
        dir.join("lookout.toml"),
        "[llm]\nmodel = \"test-model\"\ntimeout_secs = 4\napi_key_env = \"LOOKOUT_TEST_KEY\"\n",
    )
    .unwrap();
    crate::support::lookout(dir)
        .args(args)
        .args(["--incident", "inc-ask"])
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

fn audit(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join(".lookout/incidents/inc-ask/audit.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A log with an error burst and a secret in one line.
fn write_log(dir: &Path) {
    let mut log = String::new();
    for minute in 0..30 {
        log.push_str(&format!(
            "2024-11-01T03:{minute:02}:00Z INFO payments request ok id={minute}\n"
        ));
    }
    log.push_str(&format!(
        "2024-11-01T03:30:00Z WARN payments config loaded aws_access_key_id={SECRET}\n"
    ));
    for second in 0..50 {
        log.push_str(&format!(
            "2024-11-01T03:31:{second:02}Z ERROR payments retrying charge after timeout attempt={second}\n"
        ));
    }
    std::fs::write(dir.join("app.log"), log).unwrap();
}

#[test]
fn an_unknown_id_and_an_uncited_claim_are_reported_in_text_json_and_audit() {
    let dir = tempfile::tempdir().unwrap();
    write_log(dir.path());
    let server = Server::start(vec![Behavior::Stream(vec![
        "Payments retry after timeouts [S1].\n\n",
        "The deploy caused it [S99].\n\n",
        "Retries rose because the pool shrank.\n",
    ])]);
    let url = server.base_url.clone();
    let args = [
        "ask",
        "why are payments retrying?",
        "app.log",
        "--llm-base-url",
        &url,
    ];
    let out = lookout(dir.path(), &[&args[..], &["--json"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer = json(&out);
    assert_eq!(answer["kind"], "ask");
    assert_eq!(answer["producer"], "llm:test-model");
    assert_eq!(answer["citations"]["ok"], 1);
    assert_eq!(answer["citations"]["unknown"], serde_json::json!(["S99"]));
    assert_eq!(answer["citations"]["uncited"], 2);
    // The question reached the model, inside the redacted, audited request.
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 1);
    assert!(bodies[0].contains("why are payments retrying?"));
    assert!(!bodies[0].contains(SECRET) && bodies[0].contains("[REDACTED:"));
    let records = audit(dir.path());
    let request = records
        .iter()
        .find(|r| r["action"] == "llm.request")
        .unwrap();
    assert_eq!(
        request["details"]["prompt_sha256"],
        hex::encode(Sha256::digest(bodies[0].as_bytes()))
    );
    let written = records
        .iter()
        .find(|r| r["action"] == "draft.write")
        .unwrap();
    assert_eq!(written["details"]["kind"], "ask");
    assert_eq!(
        written["details"]["citations"]["unknown"],
        serde_json::json!(["S99"])
    );
    // Text mode prints the citation line after the answer.
    let text = lookout(dir.path(), &args);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with("citations: ")
            && l.contains(" ok, ")
            && l.contains(" uncited claim")),
        "{stdout}"
    );
}

#[test]
fn a_too_long_rejection_is_said_and_retried_once_with_a_smaller_pack() {
    let dir = tempfile::tempdir().unwrap();
    write_log(dir.path());
    let too_long = r#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}"#;
    let server = Server::start(vec![
        Behavior::StatusBody {
            code: 400,
            body: too_long,
        },
        Behavior::StatusBody {
            code: 400,
            body: too_long,
        },
    ]);
    let url = server.base_url.clone();
    let out = lookout(
        dir.path(),
        &[
            "ask",
            "why are payments retrying?",
            "app.log",
            "--llm-base-url",
            &url,
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("rejected the request as too long"),
        "{stderr}"
    );
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 2, "one retry, never more");
    assert!(
        bodies[1].len() < bodies[0].len(),
        "the retry carries a smaller pack"
    );
    let answer = json(&out);
    assert_eq!(
        answer["producer"], "offline-analyst",
        "both refused: the analyst answers"
    );
    assert!(answer["retried"]
        .as_str()
        .unwrap()
        .contains("smaller evidence pack"));
    let actions: Vec<String> = audit(dir.path())
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions,
        [
            "source.open",
            "llm.request",
            "llm.call",
            "llm.request",
            "llm.call",
            "draft.write"
        ]
    );
}

#[test]
fn an_empty_stream_from_a_local_server_is_said_and_retried_once_smaller() {
    let dir = tempfile::tempdir().unwrap();
    write_log(dir.path());
    let server = Server::start(vec![
        Behavior::EmptyStream,
        Behavior::Stream(vec![
            "Payments retry because the pool ",
            "is exhausted [S1].",
        ]),
    ]);
    let url = server.base_url.clone();
    let out = lookout(
        dir.path(),
        &[
            "ask",
            "why are payments retrying?",
            "app.log",
            "--llm-base-url",
            &url,
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 2, "one retry, never more");
    assert!(bodies[1].len() < bodies[0].len(), "the retry is smaller");
    let answer = json(&out);
    assert_eq!(answer["producer"], "llm:test-model", "{answer}");
    assert!(
        answer["retried"]
            .as_str()
            .unwrap()
            .contains("ended the stream before any data"),
        "{answer}"
    );
}

#[test]
fn help_json_and_exit_codes_like_the_other_commands() {
    let dir = tempfile::tempdir().unwrap();
    let help = lookout(dir.path(), &["ask", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success() && text.contains("QUESTION") && text.contains("Exit codes"));
    // Offline: the analyst answers from the pack, in JSON, exit 0.
    let out = lookout(
        dir.path(),
        &["ask", "what happened to the pool?", "--demo", "--json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer = json(&out);
    assert_eq!(answer["producer"], "offline-analyst");
    assert!(answer["citations"]["ok"].as_u64().unwrap() > 0);
    assert_eq!(answer["citations"]["uncited"], 0);
    // Bad input: no source, an empty question, a missing file → 2, naming it.
    let none = lookout(dir.path(), &["ask", "why?"]);
    assert_eq!(none.status.code(), Some(2));
    let empty = lookout(dir.path(), &["ask", "  ", "--demo"]);
    assert_eq!(empty.status.code(), Some(2));
    let missing = lookout(dir.path(), &["ask", "why?", "nope.log"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.log"));
}

#[test]
fn with_a_service_repo_the_question_goes_out_with_its_suspect_changes_cited_by_id() {
    use crate::support::history::{commit, service_repo, LOGS_START_S};
    let dir = tempfile::tempdir().unwrap();
    write_log(dir.path());
    let repo_path = dir.path().join("payments-repo");
    let repo = service_repo(&repo_path);
    commit(
        &repo,
        &[("README.md", "# payments\n\nOn-call: #payments.\n")],
        LOGS_START_S + 300,
        "docs: on-call channel",
    );
    let culprit = commit(
        &repo,
        &[(
            "config/payments.toml",
            "[charge]\ntimeout_ms = 50\nretry_immediately = true\n",
        )],
        LOGS_START_S + 600,
        "payments: retry a charge at once after a 50 ms timeout",
    );
    std::fs::write(
        dir.path().join("lookout.toml"),
        format!(
            "[llm]\nmodel = \"test-model\"\ntimeout_secs = 4\napi_key_env = \"LOOKOUT_TEST_KEY\"\n\n\
             [[service]]\nname = \"payments\"\nfiles = [{:?}]\nrepo = {:?}\n",
            dir.path().join("app.log").display().to_string(),
            repo_path.display().to_string(),
        ),
    )
    .unwrap();
    let cited = format!("[C{}]", &culprit[..7]);
    // The scripted server streams `'static` text: the reply lives as long as the test binary.
    let reply: &'static str =
        Box::leak(format!("Charges retry after timeouts {cited}.\n").into_boxed_str());
    let server = Server::start(vec![Behavior::Stream(vec![reply])]);
    let out = crate::support::lookout(dir.path())
        .args([
            "ask",
            "what changed before the retries?",
            "--service",
            "payments",
        ])
        .args([
            "--llm-base-url",
            &server.base_url,
            "--json",
            "--incident",
            "inc-ask",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The prompt carries the ranked suspects, each under the id a draft cites.
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 1);
    assert!(
        bodies[0].contains("Suspect changes") && bodies[0].contains(&cited),
        "{}",
        bodies[0]
    );
    assert!(bodies[0].contains("payments: retry a charge at once"));
    // The answer's citation of the suspect resolves in the pack that was sent.
    let answer = json(&out);
    assert_eq!(answer["citations"]["ok"], 1, "{answer}");
    assert_eq!(answer["citations"]["unknown"], serde_json::json!([]));
    // The repository read is audited before the request that carries it.
    let records = audit(dir.path());
    let read = records
        .iter()
        .position(|r| r["details"]["operation"] == "changes")
        .expect("the repository read is audited");
    let request = records
        .iter()
        .position(|r| r["action"] == "llm.request")
        .unwrap();
    assert!(read < request, "{records:?}");
}
