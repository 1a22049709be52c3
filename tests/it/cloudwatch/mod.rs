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

mod faults;
mod summary;

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
