//! On the shared secrets corpus every listed secret is removed and no negative
//! line changes, also when the line is a string inside a JSON log line (whose
//! mask must leave the JSON valid); an extra corpus of other kinds (written for lookout) checks that
//! the rules generalize; `lookout redact --json` reports findings per line.

use std::path::Path;
use std::process::Stdio;

use lookout::ingest::{RedactionCounts, Redactor};

fn check_corpus(path: &Path) -> (usize, usize, Vec<String>) {
    let redactor = Redactor::new();
    let (mut secrets_total, mut negatives_total, mut failures) = (0, 0, Vec::new());
    for line in std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = entry["line"].as_str().unwrap();
        let out = redactor.redact(text, &mut RedactionCounts::default());
        let secrets: Vec<&str> = entry["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        if secrets.is_empty() {
            negatives_total += 1;
            if out != text {
                failures.push(format!(
                    "negative changed ({}): {text}\n  -> {out}",
                    entry["note"]
                ));
            }
        }
        // The same line as a JSON log writes it, inside a string (its
        // quotes and backslashes escaped): the mask must leave valid JSON.
        let embedded = serde_json::json!({ "msg": text }).to_string();
        let embedded_out = redactor.redact(&embedded, &mut RedactionCounts::default());
        let embedded_msg = match serde_json::from_str::<serde_json::Value>(&embedded_out) {
            Ok(value) => value["msg"].as_str().unwrap_or("").to_string(),
            Err(e) => {
                failures.push(format!("JSON broken ({e}): {embedded_out}"));
                String::new()
            }
        };
        for secret in secrets {
            secrets_total += 1;
            if out.contains(secret) {
                failures.push(format!(
                    "secret kept ({}): {secret}\n  in {out}",
                    entry["kind"]
                ));
            }
            if embedded_msg.contains(secret) {
                failures.push(format!(
                    "secret kept inside a JSON string ({}): {secret}\n  in {embedded_out}",
                    entry["kind"]
                ));
            }
        }
    }
    (secrets_total, negatives_total, failures)
}

#[test]
fn shared_corpus_every_secret_removed_no_negative_changed() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/secrets/corpus.jsonl");
    if !corpus.is_file() {
        eprintln!("shared corpus not present at {}: skipped", corpus.display());
        return;
    }
    let (secrets, negatives, failures) = check_corpus(&corpus);
    eprintln!(
        "shared corpus: {secrets} secrets, {negatives} negatives, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn extra_corpus_of_other_kinds_generalizes() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/redact_extra.jsonl");
    let (secrets, negatives, failures) = check_corpus(&corpus);
    eprintln!(
        "extra corpus: {secrets} secrets, {negatives} negatives, {} failures",
        failures.len()
    );
    assert!(secrets >= 12 && negatives >= 6);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_cli_reports_findings_per_line_and_survives_invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = crate::support::lookout(dir.path())
        .args(["redact", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        b"user=a password=hunter2hunter2\nclean line \xff\nkey AKIAX5T6A6WKVLSD5377\n",
    )
    .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["findings"]["secret_kv"], 1);
    assert!(!lines[0]["line"].as_str().unwrap().contains("hunter2"));
    assert_eq!(lines[1]["findings"], serde_json::json!({}));
    assert_eq!(lines[2]["line"], "key [REDACTED:aws_access_key]");
}
