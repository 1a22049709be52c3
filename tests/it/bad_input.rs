//! The bad-input matrix, end to end through the CLI: each input gets a clear
//! error naming it and what is wrong — short, never a quote of a huge input —
//! or is kept and flagged; nothing is lost. (Hostile diffs: tests/it/proposals.rs;
//! injection in logs and in LLM answers: tests/it/copilot.rs; tampered audit logs:
//! tests/it/audit.rs and tests/it/fault_audit.rs.)

use std::path::Path;
use std::process::Output;

fn run(dir: &Path, args: &[&str]) -> Output {
    crate::support::lookout(dir).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn binary_invalid_utf8_broken_json_and_a_10_mb_line_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Vec::new();
    log.extend_from_slice(b"2024-11-01T03:00:00Z INFO ok\n");
    log.extend_from_slice(b"\x00\x01\x02\xff\xfe binary \x1b[31m\n");
    log.extend_from_slice(b"caf\xe9 latin-1, not UTF-8\n");
    log.extend_from_slice(b"{\"level\": \"error\", \"msg\": \"cut off\n");
    log.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    log.push(b'\n');
    log.extend_from_slice(b"2024-11-01T03:00:01Z WARN after the huge line\n");
    std::fs::write(dir.path().join("bad.log"), &log).unwrap();
    let out = run(
        dir.path(),
        &["tail", "bad.log", "--no-tui", "--json", "--no-follow"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 6, "every line is a record");
    assert_eq!(records[1]["lossy_utf8"], true);
    assert_eq!(records[2]["lossy_utf8"], true);
    assert!(records[3]["text"].as_str().unwrap().contains("cut off"));
    assert_eq!(records[4]["truncated"], true);
    assert!(records[4]["text"].as_str().unwrap().len() < 100_000);
    assert!(records[5]["text"]
        .as_str()
        .unwrap()
        .contains("after the huge line"));
    let out = run(dir.path(), &["templates", "bad.log", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn hostile_plan_json_is_a_short_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, String, &str); 5] = [
        ("deep.json", "[".repeat(100_000), "not JSON"),
        (
            "cut.json",
            "{\"resource_changes\": [{\"change\": ".into(),
            "not JSON",
        ),
        (
            "shape.json",
            "{\"resource_changes\": 7}".into(),
            "not a Terraform plan",
        ),
        (
            "noactions.json",
            "{\"resource_changes\": [{\"address\": \"a.b\", \"change\": {}}]}".into(),
            "actions is missing",
        ),
        (
            "huge.json",
            format!("\"{}\"", "x".repeat(5_000_000)),
            "holds no diff",
        ),
    ];
    for (name, text, what) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = run(dir.path(), &["check", name]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(name) && err.contains(what), "{name}: {err}");
        assert!(
            err.len() < 1_000,
            "{name}: a short error, not a quote: {} bytes",
            err.len()
        );
    }
}

#[test]
fn hostile_config_files_are_short_errors_naming_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, String, &str); 4] = [
        (
            "deep.toml",
            format!("a = {}", "[".repeat(100_000)),
            "deep.toml",
        ),
        (
            "long.toml",
            format!("level = \"{}\"", "9".repeat(1_000_000)),
            "level",
        ),
        ("unknown.toml", "[llm]\nmodle = \"x\"\n".into(), "modle"),
        (
            "type.toml",
            "[llm]\ntimeout_secs = \"soon\"\n".into(),
            "timeout_secs",
        ),
    ];
    for (name, text, what) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = run(dir.path(), &["--config", name, "config"]);
        assert!(!out.status.success(), "{name}");
        let err = stderr(&out);
        assert!(err.contains(name) && err.contains(what), "{name}: {err}");
        assert!(err.len() < 1_000, "{name}: {} bytes of error", err.len());
    }
}
