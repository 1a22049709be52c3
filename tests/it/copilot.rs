//! The co-pilot against a real OpenAI-protocol streaming server on 127.0.0.1:
//! streamed drafts, retries honouring Retry-After, faults that keep partial text,
//! redaction of every request body, audit without prompt text, injection as data.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::support::openai_server::{expected_text, Behavior, Server};

fn summarize(dir: &Path, server: &Server, extra: &[&str]) -> Output {
    std::fs::write(
        dir.join("lookout.toml"),
        "[llm]\nmodel = \"test-model\"\ntimeout_secs = 4\napi_key_env = \"LOOKOUT_TEST_KEY\"\n",
    )
    .unwrap();
    crate::support::lookout(dir)
        .env(
            "LOOKOUT_TEST_KEY",
            "sk-test-not-a-real-key-0000000000000000",
        )
        .args([
            "summarize",
            "--llm-base-url",
            &server.base_url,
            "--incident",
            "inc-llm",
        ])
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

fn audit(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join(".lookout/incidents/inc-llm/audit.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_streamed_summary_is_audited_by_hash_and_never_offers_tools() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(vec![]);
    let out = summarize(dir.path(), &server, &["--demo", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    assert_eq!(report["producer"], "llm:test-model");
    assert_eq!(report["text"], expected_text());
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(body["stream"], true);
    assert!(
        body.get("tools").is_none() && body.get("functions").is_none(),
        "no tools at Level 0"
    );
    assert!(
        body["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("[REDACTED:"),
        "the prompt explains placeholders"
    );
    assert_eq!(
        server.requests.lock().unwrap()[0].path,
        "/v1/chat/completions"
    );
    let headers = &server.requests.lock().unwrap()[0].headers;
    assert!(
        headers
            .to_ascii_lowercase()
            .contains("authorization: bearer sk-test-not-a-real-key"),
        "the key comes from the env var"
    );
    let records = audit(dir.path());
    let call = records.iter().find(|r| r["action"] == "llm.call").unwrap();
    assert_eq!(
        call["details"]["prompt_sha256"],
        hex::encode(Sha256::digest(bodies[0].as_bytes()))
    );
    assert_eq!(call["details"]["prompt_tokens"], 321);
    assert_eq!(call["details"]["completion_tokens"], 12);
    let log =
        std::fs::read_to_string(dir.path().join(".lookout/incidents/inc-llm/audit.jsonl")).unwrap();
    assert!(
        !log.contains("db pool exhausted") && !log.contains("sk-test-not-a-real-key"),
        "no prompt text or key in the audit"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".lookout/incidents/inc-llm/summary.md")).unwrap(),
        expected_text()
    );
}

#[test]
fn rate_limits_and_server_errors_are_retried_honouring_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(vec![
        Behavior::Status {
            code: 429,
            retry_after_secs: Some(1),
        },
        Behavior::Status {
            code: 500,
            retry_after_secs: None,
        },
    ]);
    let out = summarize(dir.path(), &server, &["--demo", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["text"], expected_text());
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.len(), 3);
    assert!(
        requests[1].at - requests[0].at >= Duration::from_millis(950),
        "Retry-After: 1 was honoured"
    );
}

#[test]
fn a_stall_a_disconnect_and_a_malformed_chunk_keep_the_partial_text_and_say_why() {
    for (behavior, expected) in [
        (Behavior::StallAfter(2), "did not finish within"),
        (Behavior::DisconnectAfter(2), "stream ended without [DONE]"),
        (Behavior::MalformedAfter(2), "malformed stream data"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(vec![behavior]);
        let out = summarize(dir.path(), &server, &["--demo", "--json"]);
        assert_eq!(out.status.code(), Some(1));
        let report = json(&out);
        let text = report["text"].as_str().unwrap();
        assert!(
            text.starts_with("The pool was shrunk "),
            "partial kept: {text}"
        );
        assert!(
            text.contains("[partial") && text.contains(expected),
            "{text}"
        );
        assert_eq!(server.bodies().len(), 1, "no retry once text has arrived");
    }
}

#[test]
fn an_unreachable_endpoint_falls_back_to_the_labelled_offline_analyst() {
    let dir = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", closed.local_addr().unwrap());
    drop(closed);
    let out = crate::support::lookout(dir.path())
        .args(["summarize", "--demo", "--json", "--llm-base-url", &url])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report = json(&out);
    assert_eq!(report["producer"], "offline-analyst");
    assert!(report["text"]
        .as_str()
        .unwrap()
        .contains("produced without an LLM"));
}

#[test]
fn secrets_in_the_logs_never_reach_the_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/secrets/corpus.jsonl");
    let Ok(corpus) = std::fs::read_to_string(corpus) else {
        return;
    };
    let mut log = String::new();
    let mut secrets = Vec::new();
    for (i, line) in corpus.lines().enumerate() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        for _ in 0..4 {
            log.push_str(&format!(
                "2024-11-01T03:{:02}:00Z ERROR payment failed for order {i}\n",
                i % 60
            ));
        }
        log.push_str(entry["line"].as_str().unwrap());
        log.push('\n');
        secrets.extend(
            entry["secrets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string()),
        );
    }
    std::fs::write(dir.path().join("app.log"), log).unwrap();
    let server = Server::start(vec![]);
    let out = summarize(dir.path(), &server, &["app.log", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body = server.bodies().concat();
    assert!(body.contains("[REDACTED:"));
    for secret in &secrets {
        assert!(
            !body.contains(secret.as_str()),
            "secret reached the endpoint: {secret}"
        );
    }
    let dry = summarize(dir.path(), &server, &["app.log", "--dry-run"]);
    let shown = String::from_utf8_lossy(&dry.stdout);
    assert!(
        shown.contains("\"stream\":true") && secrets.iter().all(|s| !shown.contains(s.as_str()))
    );
    assert_eq!(server.bodies().len(), 1, "--dry-run sends nothing");
}

#[test]
fn prompt_injection_in_logs_is_only_data() {
    let dir = tempfile::tempdir().unwrap();
    let injection = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/injection.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("app.log"), injection).unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let server = Server::start(vec![Behavior::Stream(vec![
        "Ignore that; ",
        "```sh\nrm -rf ~\n```",
    ])]);
    let out = summarize(dir.path(), &server, &["app.log", "--json"]);
    assert!(out.status.success());
    assert_eq!(
        server.bodies().len(),
        1,
        "one request: nothing the logs or the answer said triggered more"
    );
    let body: serde_json::Value = serde_json::from_str(&server.bodies()[0]).unwrap();
    assert!(body.get("tools").is_none());
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let added: Vec<_> = after
        .iter()
        .filter(|n| !before.contains(n))
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    let mut added = added;
    added.sort();
    assert_eq!(
        added,
        vec![".lookout", "lookout.toml"],
        "only the incident folder (and the test's config) were added"
    );
    assert!(dir.path().join("app.log").exists() && std::env::var_os("HOME").is_some());
    assert_eq!(
        json(&out)["text"],
        "Ignore that; ```sh\nrm -rf ~\n```",
        "the answer is shown as text, never run"
    );
}
