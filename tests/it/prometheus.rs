//! Against a real Prometheus with backfilled history: a step change in a series
//! becomes a change-point signal at the right time (± one step), and the read is
//! audited; a Prometheus that is down is a clear error.

use crate::support::prometheus;

const STEP_S: i64 = 60;

#[cfg_attr(
    not(has_prometheus),
    ignore = "prometheus/promtool not installed: run bash .ci/test-all.sh"
)]
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
    let server = prometheus::started(&history);
    let dir = tempfile::tempdir().unwrap();
    let end = start + 179 * STEP_S;
    let out = crate::support::lookout(dir.path())
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
    let out = crate::support::lookout(dir.path())
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

/// The workbench's Prometheus source, driven directly: what it sends.
mod workbench_source {
    use super::prometheus;
    use lookout::config::MetricQueryConfig;
    use lookout::source::prometheus::source::{spawn, MetricsPlan};
    use lookout::source::{SourceEvent, SourceState};
    use std::time::{Duration, Instant};

    fn shared_audit(dir: &std::path::Path) -> lookout::audit::AuditWriter {
        let log = lookout::audit::AuditLog::open(
            &dir.join("audit.jsonl"),
            lookout::level::Level::ReadOnly,
        )
        .unwrap();
        lookout::audit::AuditWriter::spawn(log).unwrap()
    }

    fn plan(url: String) -> MetricsPlan {
        MetricsPlan {
            url,
            queries: vec![MetricQueryConfig {
                name: "5xx rate".into(),
                query: "demo_error_rate".into(),
                unit: "%".into(),
                warn_above: Some(1.0),
                critical_above: Some(5.0),
            }],
            since_s: 6 * 3600,
            step_s: 5,
            service: "checkout-api".into(),
            deploy_query: None,
        }
    }

    /// Events until `stop` says so or 20 s pass.
    fn collect(
        plan: MetricsPlan,
        dir: &std::path::Path,
        stop: impl Fn(&[SourceEvent]) -> bool,
    ) -> Vec<SourceEvent> {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let audit = shared_audit(dir);
        runtime.block_on(async move {
            let (tx, mut rx) = tokio::sync::mpsc::channel(64);
            spawn(plan, 0, audit, tx);
            let deadline = Instant::now() + Duration::from_secs(20);
            let mut events = Vec::new();
            while !stop(&events) && Instant::now() < deadline {
                match tokio::time::timeout(Duration::from_millis(500), rx.recv()).await {
                    Ok(Some(event)) => events.push(event),
                    Ok(None) => break,
                    Err(_) => {}
                }
            }
            events
        })
    }

    fn idles(events: &[SourceEvent]) -> usize {
        events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    SourceEvent::State {
                        state: SourceState::Idle,
                        ..
                    }
                )
            })
            .count()
    }

    #[cfg_attr(
        not(has_prometheus),
        ignore = "prometheus/promtool not installed: run bash .ci/test-all.sh"
    )]
    #[test]
    fn polls_send_each_point_once_with_the_thresholds() {
        let now = super::now_s();
        let start = now - now % 3600 - 4 * 3600;
        let mut history = String::from("# TYPE demo_error_rate gauge\n");
        for i in 0..120 {
            history.push_str(&format!("demo_error_rate {} {}\n", i % 7, start + i * 60));
        }
        history.push_str("# EOF\n");
        let server = prometheus::started(&history);
        let dir = tempfile::tempdir().unwrap();
        // Two polls (5 s apart): the second may overlap the first by a step,
        // but no point is sent twice.
        let events = collect(plan(server.url.clone()), dir.path(), |e| idles(e) >= 2);
        assert!(idles(&events) >= 2, "{events:?}");
        let mut times = Vec::new();
        for event in &events {
            if let SourceEvent::Metric(series) = event {
                assert_eq!(series.name, "5xx rate");
                assert_eq!(
                    (series.warn_above, series.critical_above),
                    (Some(1.0), Some(5.0))
                );
                times.extend(series.points.iter().map(|p| p.time_ms));
            }
        }
        assert!(!times.is_empty());
        let mut unique = times.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), times.len(), "a point was sent twice");
        let audit = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
        assert!(audit.matches("query_range").count() >= 2);
    }

    #[test]
    fn prometheus_down_is_a_failed_state_not_a_crash() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let failed = |events: &[SourceEvent]| {
            events.iter().any(|e| {
                matches!(e, SourceEvent::State { state: SourceState::Failed(reason), .. }
                    if reason.contains("5xx rate: cannot reach Prometheus"))
            })
        };
        let events = collect(plan(format!("http://127.0.0.1:{port}")), dir.path(), failed);
        assert!(failed(&events), "{events:?}");
        assert!(!events.iter().any(|e| matches!(e, SourceEvent::Metric(_))));
    }
}

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
