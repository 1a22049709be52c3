//! `lookout tail --cloudwatch GROUP --summary`: prints what
//! `source::cloudwatch::summary` counted (per time bin and level, a few
//! sample lines) and which path it took: Logs Insights push-down or
//! FilterLogEvents counted locally.

use super::output::print_json_line;
use super::tail_cloudwatch::{AuditedReader, CloudwatchArgs};
use crate::ingest::Redactor;
use crate::source::cloudwatch::insights::{Counts, Sample};
use crate::source::cloudwatch::summary::{summarize, Path, SummaryRequest};

pub(super) async fn run(
    reader: &mut AuditedReader,
    args: &CloudwatchArgs,
    start_ms: i64,
    end_ms: i64,
    json: bool,
) -> anyhow::Result<()> {
    let request = SummaryRequest {
        no_insights: args.no_insights,
        filter: args.filter.clone(),
        samples: args.samples,
    };
    let summary = summarize(reader, &request, start_ms, end_ms).await?;
    for note in &summary.notes {
        eprintln!("cloudwatch: {note}");
    }
    match &summary.path {
        Path::Insights => eprintln!("cloudwatch: summary via Logs Insights push-down"),
        Path::Local { reason } => eprintln!(
            "cloudwatch: summary via FilterLogEvents, counted locally (Insights not used: {reason})"
        ),
    }
    print_summary(
        reader,
        &summary.path,
        &summary.counts,
        &summary.samples,
        start_ms,
        end_ms,
        json,
    )
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
