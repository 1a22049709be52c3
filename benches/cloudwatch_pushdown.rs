//! CloudWatch summary: requests and bytes with Insights push-down vs a naive
//! full pull, for a 100,000-event group in moto, counted by the fault proxy in
//! pass-through mode; then a bounded follow over the same group, showing the
//! de-dup size and the process's peak memory. Prints figures, asserts nothing.
//! Without moto it says so and exits 0.
//!
//! moto runs Insights queries but ignores `stats`, so lookout falls back there
//! (measured as is). To measure the push-down path itself, a second run lets
//! the proxy answer the `stats` query the way Insights would — rows computed
//! from the seeded events, in the documented GetQueryResults shape — while
//! the sample query still goes to moto. That stand-in is labelled below.
//!
//! Run: `cargo bench --bench cloudwatch_pushdown` (LOOKOUT_MOTO_SERVER picks the server).

#[path = "../tests/it/support/fault_proxy.rs"]
mod fault_proxy;
#[path = "../tests/it/support/moto.rs"]
mod moto;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use fault_proxy::FaultProxy;
use lookout::source::cloudwatch::insights::Counts;

const GROUP: &str = "/bench/checkout-api";
const STREAMS: usize = 4;
const PER_STREAM: usize = 25_000;
/// 25,000 events 120 ms apart: each stream spans 50 minutes.
const STEP_MS: i64 = 120;

fn line(stream: usize, i: usize) -> String {
    let level = match i % 20 {
        0 => "ERROR",
        5 | 10 | 15 => "WARN",
        _ => "INFO",
    };
    format!("{level} pod-{stream} request {i} served in {} ms", i % 997)
}

fn main() {
    let Some(moto) = moto::start() else {
        println!("cloudwatch_pushdown: moto is not available (set LOOKOUT_MOTO_SERVER or put moto_server on PATH); nothing measured");
        return;
    };
    let start_ms = lookout::source::now_ms() - 55 * 60_000;
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            println!("cloudwatch_pushdown: no tokio runtime ({err}); nothing measured");
            return;
        }
    };
    let seeded = Instant::now();
    let mut counts = Counts::new(1);
    runtime.block_on(async {
        let client = moto.logs_client().await;
        let _ = client.create_log_group().log_group_name(GROUP).send().await;
        for s in 0..STREAMS {
            let stream = format!("pod-{s}");
            let _ = client
                .create_log_stream()
                .log_group_name(GROUP)
                .log_stream_name(&stream)
                .send()
                .await;
            for chunk in (0..PER_STREAM).collect::<Vec<_>>().chunks(10_000) {
                let events: Vec<InputLogEvent> = chunk
                    .iter()
                    .filter_map(|&i| {
                        let t = start_ms + i as i64 * STEP_MS + s as i64;
                        counts.add_event(t, &line(s, i));
                        InputLogEvent::builder()
                            .timestamp(t)
                            .message(line(s, i))
                            .build()
                            .ok()
                    })
                    .collect();
                let put = client
                    .put_log_events()
                    .log_group_name(GROUP)
                    .log_stream_name(&stream)
                    .set_log_events(Some(events))
                    .send()
                    .await;
                if let Err(err) = put {
                    println!("cloudwatch_pushdown: seeding failed: {err}");
                    return;
                }
            }
        }
    });
    println!(
        "seeded {} events in {:?} ({} one-minute bins × levels)",
        counts.total(),
        seeded.elapsed(),
        counts.by_minute_level.len()
    );
    let proxy = FaultProxy::start(moto.port);
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(err) => {
            println!("cloudwatch_pushdown: no temp dir ({err})");
            return;
        }
    };
    println!(
        "\n{:<58} {:>8} {:>12} {:>10} {:>8}  path",
        "run", "requests", "bytes down", "bytes up", "time"
    );
    let runs: [(&str, &[&str]); 3] = [
        ("naive: every event (tail, no summary)", &[]),
        (
            "naive summary: FilterLogEvents pull, counted locally",
            &["--summary", "--since", "2h", "--no-insights"],
        ),
        (
            "push-down summary against moto (ignores stats)",
            &["--summary", "--since", "2h"],
        ),
    ];
    for (name, extra) in runs {
        measure(&proxy, dir.path(), name, extra);
    }
    // The stand-in: the proxy answers the stats query as Insights would.
    let stats_body = Arc::new(stats_answer(&counts));
    let body = Arc::clone(&stats_body);
    proxy.set_responder(Some(Arc::new(move |target: &str, request: &[u8]| {
        let request = String::from_utf8_lossy(request);
        if target.ends_with(".StartQuery") && request.contains("stats count") {
            return Some(r#"{"queryId":"bench-stats"}"#.to_string());
        }
        if target.ends_with(".GetQueryResults") && request.contains("bench-stats") {
            return Some(body.as_str().to_string());
        }
        None
    })));
    measure(
        &proxy,
        dir.path(),
        "push-down summary, stats answered as Insights would (*)",
        &["--summary", "--since", "2h"],
    );
    proxy.set_responder(None);
    println!("(*) moto cannot run `stats`: the proxy answered the counts query with the {} rows Insights would return ({} bytes); the samples query went to moto.", counts.by_minute_level.len(), stats_body.len());

    follow_memory(&proxy, dir.path());
}

/// Runs lookout through the proxy and prints one row of the table.
fn measure(proxy: &FaultProxy, dir: &std::path::Path, name: &str, extra: &[&str]) {
    proxy.reset_stats();
    let started = Instant::now();
    let out = lookout(proxy, dir, extra).output();
    let elapsed = started.elapsed();
    let Ok(out) = out else {
        println!("{name}: lookout did not run");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let path = if extra.contains(&"--summary") {
        serde_json::from_str::<serde_json::Value>(stdout.trim())
            .ok()
            .map(|v| {
                format!(
                    "{} (total {})",
                    v["path"].as_str().unwrap_or("?"),
                    v["total"]
                )
            })
            .unwrap_or_else(|| "no summary".into())
    } else {
        format!("{} events", stdout.lines().count())
    };
    println!(
        "{name:<58} {:>8} {:>12} {:>10} {:>7.1}s  {path}",
        proxy.requests(),
        proxy.bytes_down(),
        proxy.bytes_up(),
        elapsed.as_secs_f64()
    );
    if !out.status.success() {
        println!("  lookout failed: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// A bounded polling follow over the whole group: peak RSS and the de-dup size.
fn follow_memory(proxy: &FaultProxy, dir: &std::path::Path) {
    proxy.reset_stats();
    let child = lookout(
        proxy,
        dir,
        &["--follow", "--no-live-tail", "--duration", "8s"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn();
    let Ok(mut child) = child else {
        println!("follow: lookout did not run");
        return;
    };
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let out = child.wait_with_output();
    let stderr = out
        .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
        .unwrap_or_default();
    let dedup = stderr
        .lines()
        .find(|l| l.contains("de-dup remembers"))
        .unwrap_or("(no de-dup line)");
    println!(
        "\nfollow (polling, 8 s) over the 100k group: {} requests, {} bytes down, peak RSS {} MB\n  {dedup}",
        proxy.requests(),
        proxy.bytes_down(),
        peak_kb / 1024
    );
}

fn lookout(proxy: &FaultProxy, dir: &std::path::Path, extra: &[&str]) -> Command {
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
            &proxy.url,
            // moto has no iam:SimulatePrincipalPolicy: the credential guard
            // cannot verify, and would refuse to start without this.
            "--unverified-credentials",
        ])
        .args(extra);
    command
}

/// The GetQueryResults answer Insights gives the counts query: one row per
/// (bin, level) with `bin(1m)`, `level` (absent when none matched) and `n`.
fn stats_answer(counts: &Counts) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second].000");
    let rows: Vec<serde_json::Value> = counts
        .by_minute_level
        .iter()
        .map(|((start, level), n)| {
            let bin = time::OffsetDateTime::from_unix_timestamp(start / 1000)
                .ok()
                .and_then(|t| t.format(format).ok())
                .unwrap_or_default();
            let mut row = vec![serde_json::json!({"field": "bin(1m)", "value": bin})];
            if level != "unknown" {
                row.push(serde_json::json!({"field": "level", "value": level}));
            }
            row.push(serde_json::json!({"field": "n", "value": n.to_string()}));
            serde_json::Value::Array(row)
        })
        .collect();
    serde_json::json!({
        "results": rows,
        "statistics": {"recordsMatched": counts.total(), "recordsScanned": counts.total(), "bytesScanned": counts.total() * 60},
        "status": "Complete",
    })
    .to_string()
}
