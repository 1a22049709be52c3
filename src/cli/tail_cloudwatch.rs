//! `lookout tail --cloudwatch GROUP …`: events from a CloudWatch Logs group,
//! every read audited (operation, group, time range, count) before its data is
//! printed. `--summary` hands over to `tail_summary.rs` (Insights push-down);
//! `--follow` streams with StartLiveTail when the endpoint offers it, else polls.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::output::{print_json_line, BadInput};
use super::GlobalArgs;
use crate::audit::{AuditEntry, AuditLog};
use crate::incident::{folder::new_incident_id, IncidentFolder};
use crate::ingest::Redactor;
use crate::source::cloudwatch::{
    Connection, Dedup, Filter, LogEvent, ReadOnlyLogs, RetryState, DEDUP_CAPACITY,
};
use crate::source::live_tail::{content_key, LiveTailMessage};
use crate::source::prometheus::parse_duration;

/// CloudWatch flags of `lookout tail`, flattened into its arguments.
#[derive(Debug, Clone, clap::Args, Default)]
pub struct CloudwatchArgs {
    /// Read this CloudWatch Logs group instead of files.
    #[arg(long, value_name = "GROUP")]
    pub cloudwatch: Option<String>,
    /// CloudWatch filter pattern.
    #[arg(long, value_name = "PATTERN", requires = "cloudwatch")]
    pub filter: Option<String>,
    /// Start this far back (e.g. 30m); default: the whole group (24h for --summary).
    #[arg(long, value_name = "DUR", requires = "cloudwatch")]
    pub since: Option<String>,
    /// Keep reading new events: StartLiveTail where available, else polling
    /// FilterLogEvents every 2 s (de-duplicated either way).
    #[arg(long, requires = "cloudwatch")]
    pub follow: bool,
    /// With --follow: poll FilterLogEvents even if live tail is available.
    #[arg(long, requires = "follow")]
    pub no_live_tail: bool,
    /// Stop after printing this many events (for scripts and tests).
    #[arg(long, value_name = "N", requires = "cloudwatch")]
    pub max_events: Option<u64>,
    /// With --follow: stop following after this long (e.g. 30s, 5m).
    #[arg(long, value_name = "DUR", requires = "follow")]
    pub duration: Option<String>,
    /// Counts per time bin and level plus a few samples, not the events:
    /// pushed down to Logs Insights, or counted locally when Insights cannot.
    #[arg(long, requires = "cloudwatch", conflicts_with = "follow")]
    pub summary: bool,
    /// With --summary: skip Insights and count from a FilterLogEvents pull.
    #[arg(long, requires = "summary")]
    pub no_insights: bool,
    /// With --summary: how many sample lines to show.
    #[arg(long, value_name = "N", default_value_t = 10, requires = "summary")]
    pub samples: u32,
    #[arg(long, value_name = "PROFILE", requires = "cloudwatch")]
    pub profile: Option<String>,
    #[arg(long, value_name = "REGION", requires = "cloudwatch")]
    pub region: Option<String>,
    /// A LocalStack/moto endpoint, e.g. http://127.0.0.1:5000.
    #[arg(long, value_name = "URL", requires = "cloudwatch")]
    pub endpoint_url: Option<String>,
}

/// The reader plus its audit log: every remote call goes through `record`,
/// which writes the audit entry and prints pending retry notices on stderr.
pub(super) struct AuditedReader {
    pub logs: ReadOnlyLogs,
    pub group: String,
    audit: AuditLog,
    retry: Arc<RetryState>,
    retries_seen: u64,
    /// Calls per operation, for the summary's report and the benchmark.
    pub requests: std::collections::BTreeMap<&'static str, u64>,
}

impl AuditedReader {
    /// Audits one completed remote read (before its data is shown).
    pub fn record(
        &mut self,
        operation: &'static str,
        mut details: serde_json::Value,
    ) -> anyhow::Result<()> {
        *self.requests.entry(operation).or_default() += 1;
        let retried = self.retry.retried();
        for notice in self.retry.take_notices() {
            eprintln!("{notice}");
        }
        if let Some(map) = details.as_object_mut() {
            map.insert("operation".into(), operation.into());
            map.insert("group".into(), self.group.clone().into());
            map.insert("retries".into(), (retried - self.retries_seen).into());
        }
        self.retries_seen = retried;
        self.audit.append(
            AuditEntry::new(
                "lookout",
                "source.read",
                format!("cloudwatch:{}", self.group),
            )
            .with_details(details),
        )?;
        Ok(())
    }

    /// Prints retry notices of a call that failed (it was not audited as a read).
    pub fn flush_notices(&self) {
        for notice in self.retry.take_notices() {
            eprintln!("{notice}");
        }
    }

    /// The totals shown at the end of a headless run.
    pub fn retry_totals(&self) -> (u64, u64) {
        (self.retry.retried(), self.retry.throttled())
    }
}

pub fn run(args: CloudwatchArgs, json: bool, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::config::load(global)?;
    let aws = &loaded.config.aws;
    let group = args.cloudwatch.clone().unwrap_or_default();
    let since_s = match &args.since {
        Some(since) => Some(
            parse_duration(since)
                .map_err(|e| BadInput(format!("--since {since:?}: {e}")))?
                .min(i64::MAX as u64 / 1000) as i64,
        ),
        None => None,
    };
    let follow_for = match &args.duration {
        Some(text) => {
            Some(Duration::from_secs(parse_duration(text).map_err(|e| {
                BadInput(format!("--duration {text:?}: {e}"))
            })?))
        }
        None => None,
    };
    let connection = Connection {
        profile: args.profile.clone().or(aws.profile.clone()),
        region: args.region.clone().or(aws.region.clone()),
        endpoint_url: args.endpoint_url.clone().or(aws.endpoint_url.clone()),
    };
    let id = loaded
        .config
        .incident
        .id
        .clone()
        .unwrap_or_else(new_incident_id);
    let folder = IncidentFolder::open(&loaded.config.incident.base_dir, &id)?;
    let mut audit = AuditLog::open(&folder.audit_path(), loaded.level)?;
    audit.append(AuditEntry::new(
        "user",
        "source.open",
        format!("cloudwatch:{group}"),
    ))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        super::doctor::guard_at_start(&connection, global, &mut audit).await?;
        let logs = ReadOnlyLogs::connect(&connection).await;
        let retry = logs.retry_state();
        let mut reader = AuditedReader {
            logs,
            group: group.clone(),
            audit,
            retry,
            retries_seen: 0,
            requests: Default::default(),
        };
        let now = crate::source::now_ms();
        let outcome = if args.summary {
            let start_ms = now - since_s.unwrap_or(24 * 3600) * 1000;
            super::tail_summary::run(&mut reader, &args, start_ms, now, json).await
        } else {
            let start_ms = since_s.map(|s| now - s * 1000);
            let bounds = Bounds {
                max_events: args.max_events,
                until: follow_for.map(|d| Instant::now() + d),
            };
            tail(&mut reader, &args, start_ms, bounds, json).await
        };
        if outcome.is_err() {
            // The error itself is printed by main; the retries before it here.
            reader.flush_notices();
        }
        let (retried, throttled) = reader.retry_totals();
        if retried > 0 {
            eprintln!("cloudwatch: {retried} call(s) retried, {throttled} throttled");
        }
        outcome
    })?;
    Ok(ExitCode::SUCCESS)
}

/// When a follow stops: after N events or at a deadline (both optional).
#[derive(Debug, Clone, Copy)]
struct Bounds {
    max_events: Option<u64>,
    until: Option<Instant>,
}

impl Bounds {
    fn reached(&self, printed: u64) -> bool {
        self.max_events.is_some_and(|max| printed >= max)
            || self.until.is_some_and(|t| Instant::now() >= t)
    }
}

/// Prints events once each, counting them against the bounds.
struct Printer {
    redactor: Redactor,
    dedup: Dedup,
    /// Live tail events have no id: then everything is keyed by content.
    by_content: bool,
    printed: u64,
    json: bool,
}

impl Printer {
    /// The events not seen before, in order.
    fn fresh(&mut self, events: Vec<LogEvent>) -> Vec<LogEvent> {
        events
            .into_iter()
            .filter(|e| {
                let key = if self.by_content {
                    content_key(e)
                } else {
                    e.event_id.clone()
                };
                self.dedup.insert(&key)
            })
            .collect()
    }

    /// Prints until the bounds say stop; returns false when they did.
    fn print(&mut self, events: &[LogEvent], bounds: &Bounds) -> anyhow::Result<bool> {
        for event in events {
            if bounds.reached(self.printed) {
                return Ok(false);
            }
            print_event(&self.redactor, event, self.json)?;
            self.printed += 1;
        }
        Ok(!bounds.reached(self.printed))
    }
}

/// How long polling waits between passes, and live tail between sessions.
const POLL_EVERY: Duration = Duration::from_secs(2);
const LIVE_TAIL_RESTART_AFTER: Duration = Duration::from_secs(1);
/// Live tail sessions opened in one run (each lasts up to 3 h at AWS).
const MAX_LIVE_TAIL_SESSIONS: u32 = 10_000;
/// Messages read from one live tail session (AWS sends about one a second).
const MAX_MESSAGES_PER_SESSION: u32 = 12_000;

async fn tail(
    reader: &mut AuditedReader,
    args: &CloudwatchArgs,
    start_ms: Option<i64>,
    bounds: Bounds,
    json: bool,
) -> anyhow::Result<()> {
    let live = args.follow && !args.no_live_tail;
    let mut printer = Printer {
        redactor: Redactor::new(),
        dedup: Dedup::default(),
        by_content: live,
        printed: 0,
        json,
    };
    let mut filter = Filter {
        group: reader.group.clone(),
        pattern: args.filter.clone(),
        start_ms,
        end_ms: None,
    };
    let outcome = follow(reader, args, &mut printer, &mut filter, bounds, live).await;
    if args.follow {
        // Memory while following is bounded by the de-dup cap: show where it stands.
        eprintln!(
            "cloudwatch: {} events printed; de-dup remembers {} ids (cap {DEDUP_CAPACITY})",
            printer.printed,
            printer.dedup.len()
        );
    }
    outcome
}

async fn follow(
    reader: &mut AuditedReader,
    args: &CloudwatchArgs,
    printer: &mut Printer,
    filter: &mut Filter,
    bounds: Bounds,
    live: bool,
) -> anyhow::Result<()> {
    if !pull_all(reader, printer, filter, &bounds).await? || !args.follow {
        return Ok(());
    }
    if live {
        match live_tail(reader, printer, filter, &bounds).await? {
            LiveOutcome::Done => return Ok(()),
            LiveOutcome::Unavailable(reason) => eprintln!(
                "cloudwatch: live tail unavailable ({reason}); following by polling FilterLogEvents every {} s",
                POLL_EVERY.as_secs()
            ),
        }
    } else {
        eprintln!(
            "cloudwatch: following by polling FilterLogEvents every {} s",
            POLL_EVERY.as_secs()
        );
    }
    loop {
        if bounds.reached(printer.printed) {
            return Ok(());
        }
        tokio::time::sleep(POLL_EVERY).await;
        if !pull_all(reader, printer, filter, &bounds).await? {
            return Ok(());
        }
    }
}

/// Pages FilterLogEvents from `filter.start_ms` to now, printing new events;
/// moves `filter.start_ms` to the newest event seen (inclusive: the de-dup
/// drops repeats). False when the bounds were reached.
async fn pull_all(
    reader: &mut AuditedReader,
    printer: &mut Printer,
    filter: &mut Filter,
    bounds: &Bounds,
) -> anyhow::Result<bool> {
    let mut token = None;
    let mut latest_ms = filter.start_ms;
    // Paging ends when the token does; the page cap only guards a server
    // that keeps handing out tokens (10M events at 10k a page).
    for _page in 0..1_000 {
        let (events, next) = reader.logs.filter_page(filter, token).await?;
        let fresh = printer.fresh(events);
        reader.record(
            "FilterLogEvents",
            serde_json::json!({"start_ms": filter.start_ms, "pattern": filter.pattern, "events": fresh.len()}),
        )?;
        for event in &fresh {
            latest_ms = Some(latest_ms.unwrap_or(0).max(event.timestamp_ms));
        }
        if !printer.print(&fresh, bounds)? {
            return Ok(false);
        }
        token = next;
        if token.is_none() {
            break;
        }
    }
    filter.start_ms = latest_ms;
    Ok(true)
}

enum LiveOutcome {
    /// The bounds were reached.
    Done,
    /// Live tail could not start: the reason (polling takes over).
    Unavailable(String),
}

/// Follows with StartLiveTail sessions (reopened when the service ends one).
/// After the first session opens, one FilterLogEvents pass closes the gap
/// between the initial pull and the session start.
async fn live_tail(
    reader: &mut AuditedReader,
    printer: &mut Printer,
    filter: &mut Filter,
    bounds: &Bounds,
) -> anyhow::Result<LiveOutcome> {
    let group = reader.group.clone();
    let arn = match reader.logs.group_arn(&group).await {
        Ok(Some(arn)) => arn,
        Ok(None) => return Ok(LiveOutcome::Unavailable(format!("no log group {group:?}"))),
        Err(err) => return Ok(LiveOutcome::Unavailable(err.to_string())),
    };
    reader.record("DescribeLogGroups", serde_json::json!({"arn": arn}))?;
    let mut announced = false;
    for session in 0..MAX_LIVE_TAIL_SESSIONS {
        let mut tail = match reader
            .logs
            .start_live_tail(&group, &arn, filter.pattern.as_deref())
            .await
        {
            Ok(tail) => tail,
            Err(err) if session == 0 => return Ok(LiveOutcome::Unavailable(err.to_string())),
            Err(err) => return Err(err.into()),
        };
        for _message in 0..MAX_MESSAGES_PER_SESSION {
            let next = match bounds.until {
                Some(until) => {
                    let left = until.saturating_duration_since(Instant::now());
                    match tokio::time::timeout(left, tail.next()).await {
                        Ok(next) => next,
                        Err(_elapsed) => return Ok(LiveOutcome::Done),
                    }
                }
                None => tail.next().await,
            };
            let message = match next {
                Ok(Some(message)) => message,
                Ok(None) => break,
                // A broken stream: reopen (the de-dup covers any overlap).
                Err(err) => {
                    eprintln!("cloudwatch: live tail interrupted ({err}); reopening");
                    break;
                }
            };
            match message {
                LiveTailMessage::Started { session_id } => {
                    reader.record(
                        "StartLiveTail",
                        serde_json::json!({"session": session_id, "pattern": filter.pattern}),
                    )?;
                    if !announced {
                        eprintln!("cloudwatch: following via StartLiveTail");
                        announced = true;
                        if !pull_all(reader, printer, filter, bounds).await? {
                            return Ok(LiveOutcome::Done);
                        }
                    }
                }
                LiveTailMessage::Update { events, sampled } => {
                    let fresh = printer.fresh(events);
                    reader.record(
                        "StartLiveTail",
                        serde_json::json!({"update": true, "events": fresh.len(), "sampled": sampled}),
                    )?;
                    if sampled {
                        eprintln!("cloudwatch: live tail is sampling (the group logs faster than it delivers); some events are not shown");
                    }
                    if !printer.print(&fresh, bounds)? {
                        return Ok(LiveOutcome::Done);
                    }
                }
            }
            if bounds.reached(printer.printed) {
                return Ok(LiveOutcome::Done);
            }
        }
        if bounds.reached(printer.printed) {
            return Ok(LiveOutcome::Done);
        }
        tokio::time::sleep(LIVE_TAIL_RESTART_AFTER).await;
    }
    Ok(LiveOutcome::Done)
}

fn print_event(redactor: &Redactor, event: &LogEvent, json: bool) -> anyhow::Result<()> {
    // Redacted like every other path before anything is shown.
    let text = redactor
        .redact(&event.message, &mut Default::default())
        .into_owned();
    if json {
        print_json_line(
            &serde_json::json!({"event_id": event.event_id, "time_ms": event.timestamp_ms, "stream": event.stream, "text": text}),
        )
    } else {
        println!("{} {}", event.stream, text);
        Ok(())
    }
}
