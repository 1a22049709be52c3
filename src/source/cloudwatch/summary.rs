//! Counts per time bin and level plus a few sample lines for a log group,
//! pushed down to Logs Insights (StartQuery + bounded GetQueryResults
//! polling) so a large group costs a few small answers; when Insights cannot
//! give usable counts (the query fails, times out, or the server ignores
//! `stats`, as moto does) the group is paged with FilterLogEvents and counted
//! here — and the summary says which path it took. Library code: the CLI's
//! `tail --summary` prints it; nothing here prints.

use std::time::{Duration, Instant};

use super::follow::AuditedReader;
use super::insights::{
    bin_minutes_for, counts_query, parse_counts, parse_samples, sample_query, Counts, ResultRow,
    Sample,
};
use super::{Filter, LogEvent, QueryState};

/// GetQueryResults polling: first wait, longest wait, most polls, most time.
const FIRST_POLL_WAIT: Duration = Duration::from_millis(300);
const MAX_POLL_WAIT: Duration = Duration::from_secs(2);
const MAX_POLLS: u32 = 120;
const MAX_QUERY_WAIT: Duration = Duration::from_secs(60);
/// FilterLogEvents pages read by the fallback (10M events at 10k a page).
const MAX_FALLBACK_PAGES: u32 = 1_000;

/// Which way the counts were obtained.
pub enum Path {
    Insights,
    Local { reason: String },
}

/// What a summary asks for.
pub struct SummaryRequest {
    /// Skip Insights and count locally.
    pub no_insights: bool,
    /// A FilterLogEvents pattern (forces the local path: Insights has its own syntax).
    pub filter: Option<String>,
    /// Sample lines to keep.
    pub samples: u32,
}

/// Counts per time bin and level, a few samples, the path taken, and notes
/// for the user (a failed sample query, a query that could not be stopped).
pub struct Summary {
    pub path: Path,
    pub counts: Counts,
    pub samples: Vec<Sample>,
    pub notes: Vec<String>,
}

/// Counts `reader`'s group over `start_ms..end_ms`: pushed down to Logs
/// Insights, else FilterLogEvents pages counted here. Every call is audited
/// by the reader before its answer is used.
pub async fn summarize(
    reader: &mut AuditedReader,
    args: &SummaryRequest,
    start_ms: i64,
    end_ms: i64,
) -> anyhow::Result<Summary> {
    let mut notes = Vec::new();
    let bin_minutes = bin_minutes_for(end_ms - start_ms);
    let pushed_down = if args.no_insights {
        Err("--no-insights".to_string())
    } else if args.filter.is_some() {
        // Filter patterns are FilterLogEvents syntax; Insights has its own.
        Err("--filter patterns are not translated to Insights".to_string())
    } else {
        let query = counts_query(bin_minutes);
        match run_query(reader, "counts", &query, start_ms, end_ms, &mut notes).await? {
            Ok(rows) => {
                parse_counts(&rows, bin_minutes).map_err(|e| format!("unusable answer: {e}"))
            }
            Err(reason) => Err(reason),
        }
    };
    let (path, counts, samples) = match pushed_down {
        Ok(counts) => {
            let query = sample_query(args.samples);
            let samples =
                match run_query(reader, "samples", &query, start_ms, end_ms, &mut notes).await? {
                    Ok(rows) => parse_samples(&rows),
                    Err(reason) => {
                        notes.push(format!("no samples ({reason})"));
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
    Ok(Summary {
        path,
        counts,
        samples,
        notes,
    })
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
    notes: &mut Vec<String>,
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
    ).await?;
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
        reader
            .record(
                "GetQueryResults",
                serde_json::json!({
                    "query": kind, "query_id": id, "status": results.state.as_str(),
                    "rows": results.rows.len(), "records_matched": results.records_matched,
                    "bytes_scanned": results.bytes_scanned, "start_ms": start_ms, "end_ms": end_ms,
                }),
            )
            .await?;
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
        Ok(stopped) => {
            reader
                .record(
                    "StopQuery",
                    serde_json::json!({"query": kind, "query_id": id, "stopped": stopped}),
                )
                .await?
        }
        Err(err) => notes.push(format!("could not stop query {id}: {err}")),
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
    args: &SummaryRequest,
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
        ).await?;
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
