//! `lookout metrics --prometheus URL --query PROMQL`: a range query, its series,
//! and any change points found in them. Every read is audited before it is shown.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::audit::entry::SourceRead;
use crate::audit::Details;
use crate::incident::folder::new_incident_id;
use crate::ingest::{Engine, EngineConfig, SignalKind};
use crate::source::prometheus::{parse_duration, Prometheus, Range};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Prometheus base URL (default: prometheus.url from the config).
    #[arg(long, value_name = "URL")]
    pub prometheus: Option<String>,
    /// PromQL expression.
    #[arg(long, value_name = "PROMQL")]
    pub query: String,
    /// How far back to look (e.g. 30m, 6h).
    #[arg(long, value_name = "DUR", default_value = "1h")]
    pub since: String,
    /// Range end as Unix seconds (default: now); start is end minus --since.
    #[arg(long, value_name = "UNIX_S")]
    pub to: Option<i64>,
    /// Resolution (e.g. 15s, 1m).
    #[arg(long, value_name = "DUR", default_value = "60s")]
    pub step: String,
    /// Name shown for the series.
    #[arg(long, default_value = "metric")]
    pub name: String,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::config::load(&global.overrides())?;
    let url = args
        .prometheus
        .clone()
        .or(loaded.config.prometheus.url.clone())
        .ok_or_else(|| {
            BadInput("give --prometheus URL (or prometheus.url in the config)".into())
        })?;
    let since = parse_duration(&args.since).map_err(BadInput)?;
    let step = parse_duration(&args.step).map_err(BadInput)?;
    let end_s = args.to.unwrap_or_else(|| crate::source::now_ms() / 1000);
    let range = Range {
        start_s: end_s - since as i64,
        end_s,
        step_s: step,
    };
    let client =
        Prometheus::new(&url, Duration::from_secs(30)).map_err(|e| BadInput(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let series = runtime.block_on(client.query_range(&args.name, "", &args.query, range))?;
    let id = loaded
        .config
        .incident
        .id
        .clone()
        .unwrap_or_else(new_incident_id);
    let (_folder, mut audit) = super::common::open_incident(&loaded.config, &id, loaded.level)?;
    let points: usize = series.iter().map(|s| s.points.len()).sum();
    audit.append(
        SourceRead::new(
            "query_range",
            serde_json::json!({
                "query": args.query, "start_s": range.start_s, "end_s": range.end_s, "step_s": step,
                "series": series.len(), "points": points,
            }),
        )
        .entry(url.clone()),
    )?;
    let mut engine = Engine::new(EngineConfig::default());
    for s in &series {
        engine.push_metric(s.clone());
    }
    let changes: Vec<_> = engine
        .signals()
        .iter()
        .filter(|s| s.kind == SignalKind::ChangePoint)
        .collect();
    if args.json {
        print_json_pretty(&serde_json::json!({"series": series, "change_points": changes}))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    for s in &series {
        let last = s.points.last().map(|p| p.value).unwrap_or(f64::NAN);
        writeln!(out, "{}  {} points, last {last}", s.name, s.points.len())?;
    }
    for change in changes {
        writeln!(
            out,
            "change point at {} (unix ms): {}",
            change.time_ms, change.title
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
