//! CloudWatch Logs against moto's server: 100,000 events across streams are
//! paged completely and in order, follow picks up new events without
//! duplicates, and moto's request recorder proves lookout sent only reads.

#[path = "support/moto.rs"]
mod moto;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;

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

fn lookout(moto: &moto::Moto, dir: &std::path::Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lookout"));
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "tail",
            "--no-tui",
            "--json",
            "--cloudwatch",
            GROUP,
            "--region",
            "us-east-1",
            "--endpoint-url",
            &moto.url,
            // moto has no iam:SimulatePrincipalPolicy: the guard cannot verify (tests/guard.rs).
            "--unverified-credentials",
        ])
        .args(extra);
    command
}

#[test]
fn a_hundred_thousand_events_are_paged_completely_in_order_with_reads_only() {
    let Some(moto) = moto::start() else { return };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async { seed(&moto.logs_client().await, STREAMS, PER_STREAM, 0).await });
    moto.start_recording();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = lookout(&moto, dir.path(), &[]).output().unwrap();
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

#[test]
fn follow_picks_up_new_events_without_duplicates() {
    let Some(moto) = moto::start() else { return };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    runtime.block_on(seed(&client, 1, 50, 0));
    let dir = tempfile::tempdir().unwrap();
    let mut child = lookout(&moto, dir.path(), &["--follow"])
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
