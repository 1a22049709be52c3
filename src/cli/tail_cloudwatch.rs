//! `lookout tail --cloudwatch GROUP …`: events from a CloudWatch Logs group,
//! every page audited (operation, group, time range, count) before it is printed.

use std::process::ExitCode;
use std::time::Duration;

use super::output::{print_json_line, BadInput};
use super::GlobalArgs;
use crate::audit::{AuditEntry, AuditLog};
use crate::incident::{folder::new_incident_id, IncidentFolder};
use crate::ingest::Redactor;
use crate::source::cloudwatch::{Connection, Dedup, Filter, LogEvent, ReadOnlyLogs};
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
    /// Start this far back (e.g. 30m); default: the whole group.
    #[arg(long, value_name = "DUR", requires = "cloudwatch")]
    pub since: Option<String>,
    /// Keep polling for new events (de-duplicated by event id).
    #[arg(long, requires = "cloudwatch")]
    pub follow: bool,
    #[arg(long, value_name = "PROFILE", requires = "cloudwatch")]
    pub profile: Option<String>,
    #[arg(long, value_name = "REGION", requires = "cloudwatch")]
    pub region: Option<String>,
    /// A LocalStack/moto endpoint, e.g. http://127.0.0.1:5000.
    #[arg(long, value_name = "URL", requires = "cloudwatch")]
    pub endpoint_url: Option<String>,
}

pub fn run(args: CloudwatchArgs, json: bool, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::config::load(global)?;
    let aws = &loaded.config.aws;
    let group = args.cloudwatch.clone().unwrap_or_default();
    let start_ms = match &args.since {
        Some(since) => {
            Some(crate::source::now_ms() - parse_duration(since).map_err(BadInput)? as i64 * 1000)
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
        let redactor = Redactor::new();
        let mut dedup = Dedup::default();
        let mut filter = Filter { group: group.clone(), pattern: args.filter.clone(), start_ms, end_ms: None };
        loop {
            let mut token = None;
            let mut latest_ms = filter.start_ms;
            loop {
                let (events, next) = logs.filter_page(&filter, token).await?;
                let fresh: Vec<LogEvent> = events.into_iter().filter(|e| dedup.insert(&e.event_id)).collect();
                audit.append(AuditEntry::new("lookout", "source.read", format!("cloudwatch:{group}")).with_details(serde_json::json!({
                    "operation": "FilterLogEvents", "group": group, "start_ms": filter.start_ms, "pattern": filter.pattern, "events": fresh.len(),
                })))?;
                for event in &fresh {
                    print_event(&redactor, event, json)?;
                    latest_ms = Some(latest_ms.unwrap_or(0).max(event.timestamp_ms));
                }
                token = next;
                if token.is_none() {
                    break;
                }
            }
            // The next poll starts at the newest event seen (inclusive: ids de-duplicate).
            filter.start_ms = latest_ms;
            if !args.follow {
                return Ok::<_, anyhow::Error>(());
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    })?;
    Ok(ExitCode::SUCCESS)
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
