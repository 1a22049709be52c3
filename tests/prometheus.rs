//! Against a real Prometheus with backfilled history: a step change in a series
//! becomes a change-point signal at the right time (± one step), and the read is
//! audited; a Prometheus that is down is a clear error.

#[path = "support/prometheus.rs"]
mod prometheus;

use std::process::Command;

const STEP_S: i64 = 60;

#[test]
fn a_step_change_is_found_within_one_step() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let start = now - now % 3600 - 4 * 3600;
    let change_at = start + 90 * STEP_S;
    let mut history =
        String::from("# HELP demo_error_rate 5xx share in percent\n# TYPE demo_error_rate gauge\n");
    for i in 0..180 {
        let t = start + i * STEP_S;
        let value = if t < change_at {
            0.4 + (i % 5) as f64 * 0.05
        } else {
            35.0 + (i % 3) as f64
        };
        history.push_str(&format!(
            "demo_error_rate{{service=\"checkout-api\"}} {value} {t}\n"
        ));
    }
    history.push_str("# EOF\n");
    let Some(server) = prometheus::start(&history) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let end = start + 179 * STEP_S;
    let out = Command::new(env!("CARGO_BIN_EXE_lookout"))
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .args([
            "metrics",
            "--prometheus",
            &server.url,
            "--query",
            "demo_error_rate",
            "--since",
            "3h",
            "--step",
            "60s",
            "--json",
            "--name",
            "5xx",
        ])
        .args(["--to", &end.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["series"].as_array().unwrap().len(), 1);
    let changes = report["change_points"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{report}");
    let found_s = changes[0]["time_ms"].as_i64().unwrap() / 1000;
    assert!(
        (found_s - change_at).abs() <= STEP_S,
        "change found at {found_s}, expected {change_at} ± {STEP_S}"
    );
    let audit = std::fs::read_dir(dir.path().join(".lookout/incidents"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("audit.jsonl");
    let audit = std::fs::read_to_string(audit).unwrap();
    assert!(audit.contains("\"source.read\"") && audit.contains("query_range"));
}

#[test]
fn prometheus_down_is_a_clear_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lookout"))
        .current_dir(dir.path())
        .args([
            "metrics",
            "--prometheus",
            &format!("http://127.0.0.1:{port}"),
            "--query",
            "up",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot reach Prometheus"));
}
