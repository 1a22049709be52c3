//! `lookout tail --cloudwatch GROUP --summary`: counts per time bin and level
//! plus a few sample lines. The counting is pushed down to Logs Insights
//! (StartQuery + bounded GetQueryResults polling) so a large group costs a
//! few small answers; when Insights cannot give usable counts (the query
//! fails, times out, or the server ignores `stats`, as moto does) lookout
//! pages FilterLogEvents and counts locally — and reports which path it took.

use std::time::{Duration, Instant};

use super::output::print_json_line;
use super::tail_cloudwatch::{AuditedReader, CloudwatchArgs};
use crate::ingest::Redactor;
use crate::source::cloudwatch::insights::{
    bin_minutes_for, counts_query, parse_counts, parse_samples, sample_query, Counts, ResultRow,
    Sample,
};
use crate::source::cloudwatch::{Filter, LogEvent, QueryState};

/// GetQueryResults polling: first wait, longest wait, most polls, most time.
const FIRST_POLL_WAIT: Duration = Duration::from_millis(300);
const MAX_POLL_WAIT: Duration = Duration::from_secs(2);
const MAX_POLLS: u32 = 120;
const MAX_QUERY_WAIT: Duration = Duration::from_secs(60);
/// FilterLogEvents pages read by the fallback (10M events at 10k a page).
const MAX_FALLBACK_PAGES: u32 = 1_000;

/// Which way the counts were obtained.
enum Path {
    Insights,
    Local { reason: String },
}

pub(super) async fn run(
    reader: &mut AuditedReader,
    args: &CloudwatchArgs,
    start_ms: i64,
    end_ms: i64,
    json: bool,
) -> anyhow::Result<()> {
    let bin_minutes = bin_minutes_for(end_ms - start_ms);
    let pushed_down = if args.no_insights {
        Err("--no-insights".to_string())
    } else if args.filter.is_some() {
        // Filter patterns are FilterLogEvents syntax; Insights has its own.
        Err("--filter patterns are not translated to Insights".to_string())
    } else {
        let query = counts_query(bin_minutes);
        match run_query(reader, "counts", &query, start_ms, end_ms).await? {
            Ok(rows) => {
                parse_counts(&rows, bin_minutes).map_err(|e| format!("unusable answer: {e}"))
            }
            Err(reason) => Err(reason),
        }
    };
    let (path, counts, samples) = match pushed_down {
        Ok(counts) => {
            let query = sample_query(args.samples);
            let samples = match run_query(reader, "samples", &query, start_ms, end_ms).await? {
                Ok(rows) => parse_samples(&rows),
                Err(reason) => {
                    eprintln!("cloudwatch: no samples ({reason})");
                    Vec::new()
                }
            };
            (Path::Insights, counts, samples)
        }
        Err(reason) => {
            let (counts, samples) =
                count_locally(reader, args, start_ms, end_ms, bin_minutes).await?;
            (Path::Local { reason }, counts, samples)
        }
    };
    match &path {
        Path::Insights => eprintln!("cloudwatch: summary via Logs Insights push-down"),
        Path::Local { reason } => eprintln!(
            "cloudwatch: summary via FilterLogEvents, counted locally (Insights not used: {reason})"
        ),
    }
    print_summary(reader, &path, &counts, &samples, start_ms, end_ms, json)
}

/// StartQuery, then GetQueryResults until the query is final (bounded in
/// polls and time; a query still running then is stopped). Ok(Err(reason))
/// when the query gave no result — the caller falls back.
async fn run_query(
    reader: &mut AuditedReader,
    kind: &str,
    query: &str,
    start_ms: i64,
    end_ms: i64,
) -> anyhow::Result<Result<Vec<ResultRow>, String>> {
    let group = reader.group.clone();
    let id = match reader
        .logs
        .start_query(&group, query, start_ms, end_ms)
        .await
    {
        Ok(id) => id,
        Err(err) => {
            reader.flush_notices();
            return Ok(Err(format!("StartQuery failed: {err}")));
        }
    };
    reader.record(
        "StartQuery",
        serde_json::json!({"query": kind, "query_id": id, "start_ms": start_ms, "end_ms": end_ms}),
    )?;
    let started = Instant::now();
    let mut wait = FIRST_POLL_WAIT;
    for _poll in 0..MAX_POLLS {
        let results = match reader.logs.get_query_results(&id).await {
            Ok(results) => results,
            Err(err) => {
                reader.flush_notices();
                return Ok(Err(format!("GetQueryResults failed: {err}")));
            }
        };
        reader.record(
            "GetQueryResults",
            serde_json::json!({
                "query": kind, "query_id": id, "status": results.state.as_str(),
                "rows": results.rows.len(), "records_matched": results.records_matched,
                "bytes_scanned": results.bytes_scanned, "start_ms": start_ms, "end_ms": end_ms,
            }),
        )?;
        match results.state {
            QueryState::Complete => return Ok(Ok(results.rows)),
            state if state.is_final() => {
                return Ok(Err(format!("the {kind} query ended {}", state.as_str())))
            }
            _ => {}
        }
        if started.elapsed() >= MAX_QUERY_WAIT {
            break;
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(MAX_POLL_WAIT);
    }
    match reader.logs.stop_query(&id).await {
        Ok(stopped) => reader.record(
            "StopQuery",
            serde_json::json!({"query": kind, "query_id": id, "stopped": stopped}),
        )?,
        Err(err) => eprintln!("cloudwatch: could not stop query {id}: {err}"),
    }
    Ok(Err(format!(
        "the {kind} query gave no result within {} s",
        started.elapsed().as_secs()
    )))
}

/// The fallback: every event of the range through FilterLogEvents, counted
/// here with the same level rule Insights would apply; the newest lines kept
/// as samples.
async fn count_locally(
    reader: &mut AuditedReader,
    args: &CloudwatchArgs,
    start_ms: i64,
    end_ms: i64,
    bin_minutes: i64,
) -> anyhow::Result<(Counts, Vec<Sample>)> {
    let filter = Filter {
        group: reader.group.clone(),
        pattern: args.filter.clone(),
        start_ms: Some(start_ms),
        end_ms: Some(end_ms),
    };
    let keep = args.samples as usize;
    let mut counts = Counts::new(bin_minutes);
    let mut newest: Vec<LogEvent> = Vec::new();
    let mut token = None;
    for _page in 0..MAX_FALLBACK_PAGES {
        let (events, next) = reader.logs.filter_page(&filter, token).await?;
        reader.record(
            "FilterLogEvents",
            serde_json::json!({"start_ms": start_ms, "end_ms": end_ms, "pattern": filter.pattern, "events": events.len(), "for": "summary"}),
        )?;
        for event in &events {
            counts.add_event(event.timestamp_ms, &event.message);
        }
        newest.extend(events);
        if newest.len() > keep.max(1) * 4 {
            keep_newest(&mut newest, keep);
        }
        token = next;
        if token.is_none() {
            break;
        }
    }
    keep_newest(&mut newest, keep);
    let samples = newest
        .into_iter()
        .map(|e| Sample {
            timestamp_ms: Some(e.timestamp_ms),
            stream: Some(e.stream),
            message: e.message,
        })
        .collect();
    Ok((counts, samples))
}

fn keep_newest(events: &mut Vec<LogEvent>, keep: usize) {
    events.sort_by_key(|e| std::cmp::Reverse(e.timestamp_ms));
    events.truncate(keep);
}

fn print_summary(
    reader: &AuditedReader,
    path: &Path,
    counts: &Counts,
    samples: &[Sample],
    start_ms: i64,
    end_ms: i64,
    json: bool,
) -> anyhow::Result<()> {
    let redactor = Redactor::new();
    let redact = |text: &str| redactor.redact(text, &mut Default::default()).into_owned();
    let (retried, throttled) = reader.retry_totals();
    let (path_name, reason) = match path {
        Path::Insights => ("insights", None),
        Path::Local { reason } => ("filter_log_events", Some(reason.as_str())),
    };
    if json {
        let bins: Vec<_> = counts
            .by_minute_level
            .iter()
            .map(|((start, level), n)| serde_json::json!({"start_ms": start, "level": level, "count": n}))
            .collect();
        let samples: Vec<_> = samples
            .iter()
            .map(|s| serde_json::json!({"time_ms": s.timestamp_ms, "stream": s.stream, "text": redact(&s.message)}))
            .collect();
        return print_json_line(&serde_json::json!({
            "group": reader.group, "path": path_name, "fallback_reason": reason,
            "start_ms": start_ms, "end_ms": end_ms, "bin_minutes": counts.bin_minutes,
            "total": counts.total(), "per_level": counts.per_level(), "bins": bins,
            "samples": samples, "requests": reader.requests,
            "retries": retried, "throttled": throttled,
        }));
    }
    match reason {
        None => println!("{}: counts pushed down to Logs Insights", reader.group),
        Some(reason) => println!(
            "{}: counts from a FilterLogEvents pull ({reason})",
            reader.group
        ),
    }
    let levels: Vec<String> = counts
        .per_level()
        .iter()
        .map(|(level, n)| format!("{level}={n}"))
        .collect();
    println!("total {}  {}", counts.total(), levels.join(" "));
    let mut current = None;
    let mut line = String::new();
    for ((start, level), n) in &counts.by_minute_level {
        if current != Some(*start) {
            if !line.is_empty() {
                println!("{line}");
            }
            line = format!("{} ", format_minute(*start));
            current = Some(*start);
        }
        line.push_str(&format!(" {level}={n}"));
    }
    if !line.is_empty() {
        println!("{line}");
    }
    for sample in samples {
        println!(
            "sample {} {}",
            sample.stream.as_deref().unwrap_or("-"),
            redact(&sample.message)
        );
    }
    Ok(())
}

/// `2026-11-25 14:05` (UTC) for a bin start.
fn format_minute(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| ms.to_string())
}
