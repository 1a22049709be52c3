//! CloudWatch Logs against moto's server: 100,000 events across streams are
//! paged completely and in order, follow (polling and live tail) picks up new
//! events without duplicates, the summary falls back to a local count where
//! Insights ignores `stats` (and says so), faults injected by a proxy lose and
//! duplicate nothing, and moto's request recorder proves lookout sent only reads.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;

use crate::support::{fault_proxy, moto};

const GROUP: &str = "/prod/checkout-api";
const STREAMS: usize = 4;
const PER_STREAM: usize = 25_000;
/// An hour ago, fixed for the test run (AWS and moto refuse events older than 14 days).
fn base_ms() -> i64 {
    static BASE: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *BASE.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
            - 3_600_000
    })
}

async fn seed(
    client: &aws_sdk_cloudwatchlogs::Client,
    streams: usize,
    per_stream: usize,
    offset: usize,
) {
    let _ = client.create_log_group().log_group_name(GROUP).send().await;
    for s in 0..streams {
        let stream = format!("pod-{s}");
        let _ = client
            .create_log_stream()
            .log_group_name(GROUP)
            .log_stream_name(&stream)
            .send()
            .await;
        for chunk_start in (0..per_stream).step_by(10_000) {
            let events: Vec<InputLogEvent> = (chunk_start..(chunk_start + 10_000).min(per_stream))
                .map(|i| {
                    let n = offset + i;
                    InputLogEvent::builder()
                        .timestamp(base_ms() + (n * STREAMS + s) as i64)
                        .message(format!(
                            "{{\"level\":\"info\",\"msg\":\"request {n} served\",\"stream\":{s}}}"
                        ))
                        .build()
                        .unwrap()
                })
                .collect();
            client
                .put_log_events()
                .log_group_name(GROUP)
                .log_stream_name(&stream)
                .set_log_events(Some(events))
                .send()
                .await
                .unwrap();
        }
    }
}

fn tail(moto: &moto::Moto, dir: &std::path::Path, extra: &[&str]) -> Command {
    tail_at(&moto.url, GROUP, dir, extra)
}

/// Every CloudWatch Logs operation lookout may send (docs/safety.md, invariant 1).
const READS: [&str; 10] = [
    // The credential guard's two calls (tests/it/guard.rs), before any Logs read.
    "GetCallerIdentity",
    "SimulatePrincipalPolicy",
    "Logs_20140328.FilterLogEvents",
    "Logs_20140328.DescribeLogGroups",
    "Logs_20140328.DescribeLogStreams",
    "Logs_20140328.GetLogEvents",
    "Logs_20140328.StartQuery",
    "Logs_20140328.GetQueryResults",
    "Logs_20140328.StopQuery",
    "Logs_20140328.StartLiveTail",
];

fn tail_at(url: &str, group: &str, dir: &std::path::Path, extra: &[&str]) -> Command {
    let mut command = crate::support::lookout(dir);
    command
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .args([
            "tail",
            "--no-tui",
            "--json",
            "--cloudwatch",
            group,
            "--region",
            "us-east-1",
            "--endpoint-url",
            url,
            // moto has no iam:SimulatePrincipalPolicy: the guard cannot verify (tests/it/guard.rs).
            "--unverified-credentials",
        ])
        .args(extra);
    command
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn a_hundred_thousand_events_are_paged_completely_in_order_with_reads_only() {
    let moto = moto::started();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async { seed(&moto.logs_client().await, STREAMS, PER_STREAM, 0).await });
    moto.start_recording();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = tail(&moto, dir.path(), &[]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    eprintln!("{} events pulled in {:?}", events.len(), started.elapsed());
    assert_eq!(events.len(), STREAMS * PER_STREAM, "every event, once");
    let ids: std::collections::HashSet<&str> = events
        .iter()
        .map(|e| e["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), events.len(), "no duplicates");
    // FilterLogEvents orders events within each stream (moto returns stream after stream).
    for s in 0..STREAMS {
        let stream = format!("pod-{s}");
        let times: Vec<i64> = events
            .iter()
            .filter(|e| e["stream"] == stream.as_str())
            .map(|e| e["time_ms"].as_i64().unwrap())
            .collect();
        assert_eq!(times.len(), PER_STREAM);
        assert!(
            times.windows(2).all(|w| w[0] < w[1]),
            "{stream} in time order"
        );
    }
    let operations = moto.recorded_operations();
    assert!(!operations.is_empty());
    let reads = [
        "Logs_20140328.FilterLogEvents",
        "Logs_20140328.DescribeLogGroups",
        "Logs_20140328.DescribeLogStreams",
        "Logs_20140328.GetLogEvents",
        // The credential guard's reads, before the first page.
        "GetCallerIdentity",
        "SimulatePrincipalPolicy",
    ];
    for operation in &operations {
        assert!(
            reads.contains(&operation.as_str()),
            "lookout sent a non-read operation: {operation}"
        );
    }
    let audit = std::fs::read_dir(dir.path().join(".lookout/incidents"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("audit.jsonl");
    let pages = std::fs::read_to_string(audit)
        .unwrap()
        .matches("\"FilterLogEvents\"")
        .count();
    eprintln!(
        "{pages} FilterLogEvents pages, each audited; operations recorded: {}",
        operations.len()
    );
    let filter_calls = operations
        .iter()
        .filter(|op| op.as_str() == "Logs_20140328.FilterLogEvents")
        .count();
    assert_eq!(pages, filter_calls);
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn follow_picks_up_new_events_without_duplicates() {
    let moto = moto::started();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    runtime.block_on(seed(&client, 1, 50, 0));
    let dir = tempfile::tempdir().unwrap();
    let mut child = tail(&moto, dir.path(), &["--follow", "--no-live-tail"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let collect = |seen: &mut Vec<String>, want: usize| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while seen.len() < want && Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                seen.push(line);
            }
        }
    };
    collect(&mut seen, 50);
    runtime.block_on(seed(&client, 1, 30, 50));
    collect(&mut seen, 80);
    std::thread::sleep(Duration::from_secs(3));
    while let Ok(line) = rx.try_recv() {
        seen.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(seen.len(), 80, "50 + 30 new events, none twice");
}

/// Puts `count` events into one stream of `group`: every 20th an ERROR, every
/// 5th a WARN, the rest INFO, 100 ms apart from `start_ms`.
async fn seed_levels(
    client: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    stream: &str,
    range: std::ops::Range<usize>,
    start_ms: i64,
) {
    let _ = client.create_log_group().log_group_name(group).send().await;
    let _ = client
        .create_log_stream()
        .log_group_name(group)
        .log_stream_name(stream)
        .send()
        .await;
    let all: Vec<usize> = range.collect();
    for chunk in all.chunks(10_000) {
        let events: Vec<InputLogEvent> = chunk
            .iter()
            .map(|&i| {
                InputLogEvent::builder()
                    .timestamp(start_ms + i as i64 * 100)
                    .message(level_line(stream, i))
                    .build()
                    .unwrap()
            })
            .collect();
        client
            .put_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .set_log_events(Some(events))
            .send()
            .await
            .unwrap();
    }
}

fn level_line(stream: &str, i: usize) -> String {
    let level = if i.is_multiple_of(20) {
        "ERROR"
    } else if i.is_multiple_of(5) {
        "WARN"
    } else {
        "INFO"
    };
    format!("{level} {stream} line {i}")
}

fn audit_text(dir: &std::path::Path) -> String {
    let incident = std::fs::read_dir(dir.join(".lookout/incidents"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::read_to_string(incident.join("audit.jsonl")).unwrap()
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn summary_falls_back_to_a_local_count_where_insights_ignores_stats_and_says_so() {
    let moto = moto::started();
    let group = "/prod/summary";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    runtime.block_on(seed_levels(&client, group, "pod-0", 0..2_000, base_ms()));
    moto.start_recording();
    let dir = tempfile::tempdir().unwrap();
    let out = tail_at(
        &moto.url,
        group,
        dir.path(),
        &["--summary", "--since", "2h", "--samples", "3"],
    )
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("{summary}");
    // moto runs the query but ignores `stats`: lookout must notice and count itself.
    assert_eq!(summary["path"], "filter_log_events");
    let reason = summary["fallback_reason"].as_str().unwrap();
    assert!(reason.contains("did not run `stats`"), "{reason}");
    assert!(
        stderr.contains("summary via FilterLogEvents, counted locally"),
        "{stderr}"
    );
    assert_eq!(summary["total"], 2_000);
    assert_eq!(summary["per_level"]["error"], 100);
    assert_eq!(summary["per_level"]["warn"], 300);
    assert_eq!(summary["per_level"]["info"], 1_600);
    let binned: u64 = summary["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(binned, 2_000);
    assert_eq!(summary["bin_minutes"], 1);
    let samples = summary["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 3);
    assert_eq!(samples[0]["text"], "INFO pod-0 line 1999", "newest first");
    // Every call was a read, and every read is in the audit log.
    let operations = moto.recorded_operations();
    for operation in &operations {
        assert!(READS.contains(&operation.as_str()), "non-read: {operation}");
    }
    assert!(operations.contains(&"Logs_20140328.StartQuery".to_string()));
    let audit = audit_text(dir.path());
    for operation in ["StartQuery", "GetQueryResults", "FilterLogEvents"] {
        let audited = audit
            .matches(&format!("\"operation\":\"{operation}\""))
            .count();
        let sent = operations
            .iter()
            .filter(|o| o.ends_with(&format!(".{operation}")))
            .count();
        assert_eq!(audited, sent, "{operation}: audited {audited}, sent {sent}");
    }

    // Asked to skip Insights, lookout sends no query at all.
    moto.start_recording();
    let out = tail_at(
        &moto.url,
        group,
        dir.path(),
        &["--summary", "--since", "2h", "--no-insights"],
    )
    .output()
    .unwrap();
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["fallback_reason"], "--no-insights");
    assert_eq!(summary["total"], 2_000);
    // No query at all: only the guard's two calls and FilterLogEvents.
    assert!(moto.recorded_operations().iter().all(|o| matches!(
        o.as_str(),
        "Logs_20140328.FilterLogEvents" | "GetCallerIdentity" | "SimulatePrincipalPolicy"
    )));
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn follow_with_live_tail_picks_up_new_events_once_and_stops_at_its_bounds() {
    let moto = moto::started();
    let group = "/prod/live";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    let now = base_ms() + 3_000_000;
    runtime.block_on(seed_levels(&client, group, "pod-0", 0..50, now));
    let dir = tempfile::tempdir().unwrap();
    let mut child = tail_at(
        &moto.url,
        group,
        dir.path(),
        &["--follow", "--max-events", "80", "--duration", "60s"],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen: Vec<String> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.len() < 50 && Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            seen.push(line);
        }
    }
    assert_eq!(seen.len(), 50, "the existing events first");
    runtime.block_on(seed_levels(&client, group, "pod-0", 50..80, now));
    // --max-events 80 ends the run by itself.
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(500)) {
        seen.push(line);
    }
    let mut stderr = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    eprintln!("{stderr}");
    assert!(
        status.is_some_and(|s| s.success()),
        "stopped at --max-events: {stderr}"
    );
    let texts: Vec<String> = seen
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<String> = (0..80).map(|i| level_line("pod-0", i)).collect();
    let unique: std::collections::BTreeSet<&String> = texts.iter().collect();
    assert_eq!(texts.len(), 80, "80 events, none twice");
    assert_eq!(unique.len(), 80);
    assert_eq!(unique, expected.iter().collect());
    // moto ≥ 5.2.5 answers StartLiveTail; older ones make lookout poll.
    assert!(
        stderr.contains("following via StartLiveTail") || stderr.contains("live tail unavailable"),
        "the follow path is reported: {stderr}"
    );
    if stderr.contains("following via StartLiveTail") {
        assert!(audit_text(dir.path()).contains("\"operation\":\"StartLiveTail\""));
    }
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn faults_through_a_proxy_lose_and_duplicate_nothing_and_retries_are_visible() {
    use fault_proxy::{Fault, FaultProxy, Plan};
    let moto = moto::started();
    let group = "/prod/faults";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    // 25,000 events: three FilterLogEvents pages, so faults hit mid-paging.
    for stream in ["pod-0", "pod-1"] {
        runtime.block_on(seed_levels(&client, group, stream, 0..12_500, base_ms()));
    }
    let mut expected: Vec<String> = ["pod-0", "pod-1"]
        .iter()
        .flat_map(|s| (0..12_500).map(move |i| level_line(s, i)))
        .collect();
    expected.sort();
    let proxy = FaultProxy::start(moto.port);
    let plans = [
        (
            "throttled",
            Plan {
                fault: Fault::Throttle,
                every: 2,
                limit: 3,
            },
        ),
        (
            "slow",
            Plan {
                fault: Fault::Slow(Duration::from_millis(1_500)),
                every: 1,
                limit: 3,
            },
        ),
        (
            "reset",
            Plan {
                fault: Fault::Reset,
                every: 2,
                limit: 2,
            },
        ),
    ];
    for (name, plan) in plans {
        proxy.reset_stats();
        proxy.set_plan(Some(plan));
        let dir = tempfile::tempdir().unwrap();
        let out = tail_at(&proxy.url, group, dir.path(), &[])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        let mut texts: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        texts.sort();
        eprintln!(
            "{name}: {} events, {} requests, {} faults injected; stderr:\n{stderr}",
            texts.len(),
            proxy.requests(),
            proxy.faults()
        );
        assert!(proxy.faults() > 0, "{name}: the fault was injected");
        assert_eq!(
            texts.len(),
            expected.len(),
            "{name}: nothing lost or duplicated"
        );
        assert!(texts == expected, "{name}: exactly the seeded events");
        match name {
            "throttled" => {
                let faults = proxy.faults() as usize;
                assert_eq!(
                    stderr.matches("throttled, retrying").count(),
                    faults,
                    "{stderr}"
                );
                assert!(stderr.contains(&format!("{faults} throttled")), "{stderr}");
                assert!(audit_text(dir.path()).contains("\"retries\":1"));
            }
            "reset" => assert!(stderr.contains("retrying"), "{stderr}"),
            _ => {}
        }
    }
}

/// A stand-in for Logs Insights running `stats` (moto cannot): the proxy
/// answers the counts query — first `Running`, then `final_status` with rows
/// in the documented GetQueryResults shape; the sample query goes to moto.
fn stats_stand_in(final_status: &'static str) -> fault_proxy::Responder {
    let polls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    std::sync::Arc::new(move |target: &str, body: &[u8]| {
        let body = String::from_utf8_lossy(body);
        if target.ends_with(".StartQuery") && body.contains("stats count(*) as n by bin(1m), level")
        {
            return Some(r#"{"queryId":"stand-in-stats"}"#.into());
        }
        if !(target.ends_with(".GetQueryResults") && body.contains("stand-in-stats")) {
            return None;
        }
        if polls.fetch_add(1, std::sync::atomic::Ordering::Relaxed) == 0 {
            return Some(r#"{"results":[],"status":"Running"}"#.into());
        }
        Some(format!(
            r#"{{"results":[
                [{{"field":"bin(1m)","value":"2026-01-01 10:00:00.000"}},{{"field":"level","value":"ERROR"}},{{"field":"n","value":"7"}}],
                [{{"field":"bin(1m)","value":"2026-01-01 10:01:00.000"}},{{"field":"level","value":"info"}},{{"field":"n","value":"93"}}]
              ],"statistics":{{"recordsMatched":100.0,"recordsScanned":100.0,"bytesScanned":5000.0}},"status":"{final_status}"}}"#
        ))
    })
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn summary_takes_insights_counts_when_the_backend_runs_stats_and_falls_back_when_the_query_fails() {
    let moto = moto::started();
    let group = "/prod/pushdown";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    runtime.block_on(seed_levels(&client, group, "pod-0", 0..200, base_ms()));
    let proxy = fault_proxy::FaultProxy::start(moto.port);
    proxy.set_responder(Some(stats_stand_in("Complete")));
    let dir = tempfile::tempdir().unwrap();
    let args = ["--summary", "--since", "2h", "--samples", "2"];
    let out = tail_at(&proxy.url, group, dir.path(), &args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["path"], "insights", "{summary}");
    assert!(summary["fallback_reason"].is_null());
    assert!(
        stderr.contains("summary via Logs Insights push-down"),
        "{stderr}"
    );
    assert_eq!(summary["total"], 100);
    assert_eq!(summary["per_level"]["error"], 7);
    assert_eq!(summary["per_level"]["info"], 93);
    // Polled until Complete (Running first), then the sample query from moto.
    assert_eq!(summary["requests"]["GetQueryResults"], 3, "{summary}");
    assert_eq!(summary["requests"]["StartQuery"], 2);
    assert!(
        summary["requests"]["FilterLogEvents"].is_null(),
        "no event pull"
    );
    let samples = summary["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 2);
    assert_eq!(samples[0]["text"], "INFO pod-0 line 199");
    let audit = audit_text(dir.path());
    assert!(audit.contains("\"status\":\"Running\""));
    assert_eq!(
        audit.matches("\"operation\":\"GetQueryResults\"").count(),
        3
    );

    // A query that ends Failed: lookout counts locally and says why.
    proxy.set_responder(Some(stats_stand_in("Failed")));
    let out = tail_at(&proxy.url, group, dir.path(), &args)
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["path"], "filter_log_events");
    assert_eq!(summary["fallback_reason"], "the counts query ended Failed");
    assert_eq!(summary["total"], 200);
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn a_missing_group_is_named_in_the_error_for_tail_and_summary() {
    let moto = moto::started();
    let dir = tempfile::tempdir().unwrap();
    for extra in [&[][..], &["--summary"][..]] {
        let out = tail_at(&moto.url, "/prod/missing", dir.path(), extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(out.stdout.is_empty(), "nothing shown");
        assert!(
            stderr.contains("on /prod/missing: ResourceNotFoundException"),
            "{stderr}"
        );
        assert_eq!(
            stderr.matches("ResourceNotFoundException").count(),
            1,
            "said once: {stderr}"
        );
    }
}
