//! `lookout tail --cloudwatch GROUP …`: events from a CloudWatch Logs group,
//! every read audited (operation, group, time range, count) before its data is
//! printed. `--summary` hands over to `tail_summary.rs` (Insights push-down);
//! `--follow` streams with StartLiveTail when the endpoint offers it, else polls.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::output::{print_json_line, BadInput};
use super::GlobalArgs;
use crate::audit::entry::SourceOpen;
use crate::audit::Details;
use crate::incident::folder::new_incident_id;
use crate::ingest::Redactor;
pub(super) use crate::source::cloudwatch::follow::AuditedReader;
use crate::source::cloudwatch::follow::{Consumer, Follower, Progress, POLL_EVERY};
use crate::source::cloudwatch::{Connection, LogEvent, ReadOnlyLogs, DEDUP_CAPACITY};
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

pub fn run(args: CloudwatchArgs, json: bool, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::config::load(&global.overrides())?;
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
    let (_folder, mut audit) = super::common::open_incident(&loaded.config, &id, loaded.level)?;
    audit.append(SourceOpen::default().entry(format!("cloudwatch:{group}")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        super::doctor::guard_at_start(&connection, global, &mut audit).await?;
        let logs = ReadOnlyLogs::connect(&connection).await;
        let audit = crate::audit::AuditWriter::spawn(audit)?;
        let reader = AuditedReader::new(logs, &group, audit, true);
        let now = crate::source::now_ms();
        let (outcome, reader) = if args.summary {
            let mut reader = reader;
            let start_ms = now - since_s.unwrap_or(24 * 3600) * 1000;
            let outcome = super::tail_summary::run(&mut reader, &args, start_ms, now, json).await;
            (outcome, reader)
        } else {
            let start_ms = since_s.map(|s| now - s * 1000);
            let bounds = Bounds {
                max_events: args.max_events,
                until: follow_for.map(|d| Instant::now() + d),
            };
            tail(reader, &args, start_ms, bounds, json).await
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

/// Prints events, counting them against the bounds; progress goes to stderr.
struct Printer {
    redactor: Redactor,
    bounds: Bounds,
    printed: u64,
    json: bool,
}

impl Consumer for Printer {
    /// Prints until the bounds say stop; false when they did.
    async fn deliver(&mut self, events: Vec<LogEvent>) -> anyhow::Result<bool> {
        for event in &events {
            if self.bounds.reached(self.printed) {
                return Ok(false);
            }
            print_event(&self.redactor, event, self.json)?;
            self.printed += 1;
        }
        Ok(!self.bounds.reached(self.printed))
    }

    async fn progress(&mut self, progress: Progress) {
        match progress {
            Progress::CaughtUp => {}
            Progress::LiveTail => eprintln!("cloudwatch: following via StartLiveTail"),
            Progress::Polling {
                live_tail_failed: Some(reason),
            } => eprintln!(
                "cloudwatch: live tail unavailable ({reason}); following by polling FilterLogEvents every {} s",
                POLL_EVERY.as_secs()
            ),
            Progress::Polling {
                live_tail_failed: None,
            } => eprintln!(
                "cloudwatch: following by polling FilterLogEvents every {} s",
                POLL_EVERY.as_secs()
            ),
            Progress::Interrupted(err) => {
                eprintln!("cloudwatch: live tail interrupted ({err}); reopening")
            }
            Progress::Sampled => eprintln!("cloudwatch: live tail is sampling (the group logs faster than it delivers); some events are not shown"),
        }
    }

    fn finished(&self) -> bool {
        self.bounds.reached(self.printed)
    }

    fn until(&self) -> Option<Instant> {
        self.bounds.until
    }
}

/// Reads (and with --follow keeps reading) the group, printing every event
/// once; hands the reader back for the retry totals.
async fn tail(
    reader: AuditedReader,
    args: &CloudwatchArgs,
    start_ms: Option<i64>,
    bounds: Bounds,
    json: bool,
) -> (anyhow::Result<()>, AuditedReader) {
    let live = args.follow && !args.no_live_tail;
    let mut printer = Printer {
        redactor: Redactor::new(),
        bounds,
        printed: 0,
        json,
    };
    let mut follower = Follower::new(reader, args.filter.clone(), start_ms);
    let outcome = follower.run(&mut printer, args.follow, live).await;
    if args.follow {
        // Memory while following is bounded by the de-dup cap: show where it stands.
        eprintln!(
            "cloudwatch: {} events printed; de-dup remembers {} ids (cap {DEDUP_CAPACITY})",
            printer.printed,
            follower.dedup.len()
        );
    }
    (outcome, follower.reader)
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
