//! `lookout tail FILE|DIR|GLOB|- …`: follow logs in the workbench, or headless
//! (`--no-tui --json`) as one JSON record per line for scripts.

use std::process::ExitCode;

use serde::Serialize;
use tokio::sync::mpsc;

use super::output::{print_json_line, BadInput};
use super::tail_cloudwatch::CloudwatchArgs;
use super::GlobalArgs;
use crate::audit::entry::SourceOpen;
use crate::audit::Details;
use crate::incident::folder::new_incident_id;
use crate::ingest::{Engine, Record};
use crate::source::file::{expand_inputs, spawn_follow, Input};
use crate::source::{stdin, SourceEvent, SourceInfo, SourceState};
use crate::tui;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, directories (every file in them), globs (quote them), or `-` for stdin.
    #[arg(value_name = "FILE|DIR|GLOB|-")]
    pub inputs: Vec<String>,
    /// Print instead of opening the workbench.
    #[arg(long)]
    pub no_tui: bool,
    /// With --no-tui: one JSON object per record (seq, time_ms, level, source, template, text, flags).
    #[arg(long)]
    pub json: bool,
    /// Read to the end and stop instead of following.
    #[arg(long)]
    pub no_follow: bool,
    /// A saved Prometheus `/api/v1/query_range` answer (JSON) to chart and
    /// check for change points beside the logs; repeatable.
    #[arg(long = "metrics-file", value_name = "FILE")]
    pub metrics_files: Vec<std::path::PathBuf>,
    #[command(flatten)]
    pub cloudwatch: CloudwatchArgs,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    seq: u64,
    time_ms: Option<i64>,
    level: &'static str,
    source: &'a str,
    template: String,
    text: &'a str,
    lossy_utf8: bool,
    truncated: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    if args.cloudwatch.cloudwatch.is_some() {
        return super::tail_cloudwatch::run(args.cloudwatch, args.json, global);
    }
    if args.inputs.is_empty() {
        return Err(BadInput(
            "give at least one FILE, DIR, GLOB or - (stdin); or --cloudwatch GROUP".into(),
        )
        .into());
    }
    let inputs = expand_inputs(&args.inputs).map_err(|e| BadInput(e.to_string()))?;
    if !args.no_tui {
        tui::require_terminal("lookout tail")?;
    }
    let settings = super::workbench::Settings::resolve(global)?;
    let id = settings
        .config
        .incident
        .id
        .clone()
        .unwrap_or_else(new_incident_id);
    let (folder, mut audit) = super::common::open_incident(&settings.config, &id, settings.level)?;
    for input in &inputs {
        let subject = match input {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "stdin".to_string(),
        };
        audit.append(
            SourceOpen {
                command: Some("tail".to_string()),
                ..SourceOpen::default()
            }
            .entry(subject),
        )?;
    }
    let mut metrics = Vec::new();
    for file in &args.metrics_files {
        let series = crate::source::prometheus::load_answer_file(file)
            .map_err(|e| BadInput(format!("--metrics-file {e}")))?;
        // Audited before its points can be shown.
        audit.append(
            SourceOpen {
                command: Some("tail".into()),
                kind: Some("metrics-file".into()),
                ..SourceOpen::default()
            }
            .entry(file.display().to_string()),
        )?;
        metrics.extend(series);
    }
    let follow = !args.no_follow;
    let mut engine = Engine::new(settings.config.engine.clone());
    if args.no_tui {
        for series in metrics {
            engine.push_metric(series);
        }
        return headless(inputs, follow, engine, args.json);
    }
    let sources = source_infos(&inputs);
    let session = tui::Session {
        engine,
        level: settings.level,
        service: "tail".to_string(),
        sources,
        theme: settings.theme,
        mouse: settings.config.ui.mouse,
        folder,
        audit: crate::audit::AuditWriter::spawn(audit)?,
        service_repo: None,
        propose_config: settings.config.propose.clone(),
        llm_config: settings.config.llm.clone(),
        credentials_unverified: false,
        cloudwatch: None,
        changes_repo: None,
    };
    tui::run(session, move |tx| {
        send_metrics(metrics, tx.clone());
        start(inputs, follow, tx);
    })?;
    Ok(ExitCode::SUCCESS)
}

fn source_infos(inputs: &[Input]) -> Vec<SourceInfo> {
    inputs
        .iter()
        .map(|input| match input {
            Input::File(path) => crate::source::file::info(path),
            Input::Stdin => SourceInfo {
                kind: "stdin".into(),
                name: "stdin".into(),
            },
        })
        .collect()
}

/// Sends the metrics files' series to the workbench, once.
fn send_metrics(metrics: Vec<crate::ingest::MetricSeries>, tx: mpsc::Sender<SourceEvent>) {
    if metrics.is_empty() {
        return;
    }
    tokio::spawn(async move {
        for series in metrics {
            if tx.send(SourceEvent::Metric(series)).await.is_err() {
                return;
            }
        }
    });
}

/// Starts every input's reader; source indices follow the input order.
fn start(inputs: Vec<Input>, follow: bool, tx: mpsc::Sender<SourceEvent>) {
    for (index, input) in inputs.into_iter().enumerate() {
        match input {
            Input::File(path) => {
                spawn_follow(vec![path], index as u16, follow, tx.clone());
            }
            Input::Stdin => {
                stdin::spawn(index as u16, tx.clone());
            }
        }
    }
}

/// Prints records as they complete; stops when every source is done (or never, when following).
fn headless(
    inputs: Vec<Input>,
    follow: bool,
    mut engine: Engine,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let names: Vec<String> = source_infos(&inputs).into_iter().map(|i| i.name).collect();
    let (tx, mut rx) = mpsc::channel::<SourceEvent>(1024);
    let mut remaining = inputs.len();
    start(inputs, follow, tx);
    let mut printed_seq: Option<u64> = None;
    while let Some(event) = rx.blocking_recv() {
        match &event {
            SourceEvent::State { source, state } => match state {
                SourceState::Done => remaining = remaining.saturating_sub(1),
                SourceState::Failed(reason) => {
                    eprintln!(
                        "lookout: {}: {reason}",
                        names
                            .get(usize::from(*source))
                            .map(String::as_str)
                            .unwrap_or("?")
                    );
                }
                _ => {}
            },
            other => other.feed(&mut engine, crate::clock::now_ms()),
        }
        // Records are complete once no continuation can still arrive in this burst.
        if rx.is_empty() {
            engine.flush();
            printed_seq = print_new(&engine, printed_seq, &names, json)?;
        }
        if remaining == 0 {
            break;
        }
    }
    engine.flush();
    print_new(&engine, printed_seq, &names, json)?;
    Ok(ExitCode::SUCCESS)
}

fn print_new(
    engine: &Engine,
    after: Option<u64>,
    names: &[String],
    json: bool,
) -> anyhow::Result<Option<u64>> {
    let store = engine.store();
    let first_seq = store.get(0).map(|r| r.seq).unwrap_or(0);
    let start = after
        .map(|s| (s + 1).saturating_sub(first_seq) as usize)
        .unwrap_or(0);
    let mut last = after;
    for index in start..store.len() {
        let Some(record) = store.get(index) else {
            break;
        };
        print_record(record, names, json)?;
        last = Some(record.seq);
    }
    Ok(last)
}

fn print_record(record: &Record, names: &[String], json: bool) -> anyhow::Result<()> {
    let source = names
        .get(usize::from(record.source))
        .map(String::as_str)
        .unwrap_or("?");
    if json {
        print_json_line(&JsonRecord {
            seq: record.seq,
            time_ms: record.time_ms,
            level: record.level.as_str(),
            source,
            template: format!("{:016x}", record.template),
            text: &record.text,
            lossy_utf8: record.flags.lossy_utf8,
            truncated: record.flags.truncated,
        })
    } else {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{:<5} {source}: {}",
            record.level.as_str().to_uppercase(),
            record.text
        )?;
        Ok(())
    }
}
