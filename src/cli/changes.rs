//! `lookout changes --repo PATH [FILE…|--demo]`: which change did this? The
//! commits of the service's repo that landed in a window before the onset,
//! ranked as suspects with their scores and reasons — or "no change in this
//! repo explains it".

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::changes::{self, ChangesReport};
use crate::ingest::lines::read_lines;
use crate::ingest::{Engine, EngineConfig};
use crate::source::demo::DemoIncident;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 the report was printed (whether or not a change explains the incident), 1 failure, 2 bad input.\n\nThe demo's repo: `lookout demo --repo DIR` writes it (`changes --demo --repo DIR` writes it too when DIR is missing or empty)."
)]
pub struct Args {
    /// The service's git repository (read-only). Default: the `repo` of `--service NAME`.
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// How far before the onset to look (e.g. 6h, 2d). Default: the service's
    /// `changes_window`, else 24h.
    #[arg(long, value_name = "DUR")]
    pub since: Option<String>,
    /// The onset (RFC 3339, e.g. 2024-11-01T03:04:00Z). Default: the first
    /// signal of the logs; without logs, now.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Log files whose signals give the onset and the words to match (`-` for stdin).
    #[arg(value_name = "FILE", conflicts_with = "demo")]
    pub files: Vec<PathBuf>,
    /// Use the embedded demo incident's logs.
    #[arg(long)]
    pub demo: bool,
    /// Loghub-style line format of the files (see `lookout templates --help`).
    #[arg(long, value_name = "FMT")]
    pub line_format: Option<String>,
    /// Print JSON: the report with every suspect's score, factors and reasons.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let service = service_config(global)?;
    let repo = args
        .repo
        .clone()
        .or_else(|| service.as_ref().and_then(|s| s.repo.clone()))
        .ok_or_else(|| BadInput("give --repo PATH (or --service NAME with a `repo`)".into()))?;
    let window_text = args
        .since
        .clone()
        .or_else(|| service.as_ref().and_then(|s| s.changes_window.clone()));
    let window_ms = match &window_text {
        Some(text) => changes::parse_window(text).map_err(BadInput)?,
        None => changes::DEFAULT_WINDOW_MS,
    };
    let until_ms = args
        .until
        .as_deref()
        .map(|text| {
            changes::parse_time(text).map_err(|e| BadInput(format!("--until {text:?}: {e}")))
        })
        .transpose()?;
    if let Some(format) = &args.line_format {
        crate::ingest::parse::LineFormat::compile(format).map_err(|e| BadInput(e.to_string()))?;
    }
    let mut engine = Engine::new(EngineConfig {
        line_format: args.line_format.clone(),
        ..EngineConfig::default()
    });
    if args.demo {
        let demo = DemoIncident::embedded().context("loading the embedded demo incident")?;
        ensure_demo_repo(&demo, &repo)?;
        demo.feed(&mut engine, None);
    } else {
        for (index, file) in args.files.iter().enumerate() {
            let lines = read_lines(file).map_err(|e| BadInput(e.to_string()))?;
            for batch in lines.chunks(crate::ingest::BATCH_LINES) {
                engine.push_lines(index as u16, batch, 0);
            }
        }
        engine.flush();
    }
    if !repo.exists() {
        return Err(BadInput(format!("--repo {}: no such directory", repo.display())).into());
    }
    let report =
        changes::analyse_engine(&repo, &engine, until_ms, window_ms, crate::source::now_ms())
            .map_err(|e| BadInput(e.to_string()))?;
    if args.json {
        print_json_pretty(&report)?;
    } else {
        print_text(&report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The `[[service]]` named by `--service`, if any.
fn service_config(global: &GlobalArgs) -> anyhow::Result<Option<crate::config::ServiceConfig>> {
    let Some(name) = &global.service else {
        return Ok(None);
    };
    let loaded = crate::config::load(&global.overrides())?;
    let service = loaded
        .config
        .services
        .into_iter()
        .find(|s| &s.name == name)
        .ok_or_else(|| BadInput(format!("--service {name:?}: no [[service]] of that name")))?;
    Ok(Some(service))
}

/// Writes the demo's repo to `dir` when it is missing or empty.
fn ensure_demo_repo(demo: &DemoIncident, dir: &Path) -> anyhow::Result<()> {
    let empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true);
    if empty {
        demo.materialize_infra_repo(dir)?;
        eprintln!("lookout: wrote the demo's infra repo to {}", dir.display());
    }
    Ok(())
}

/// `2024-11-01 03:04:30` (UTC).
pub fn date_time(time_ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::from_unix_timestamp(time_ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| time_ms.to_string())
}

fn print_text(report: &ChangesReport) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let onset = match report.onset_source {
        changes::OnsetSource::Given => "given",
        changes::OnsetSource::Signals => "first signal",
        changes::OnsetSource::EndOfLogs => "no signal: end of the logs",
        changes::OnsetSource::Now => "no logs: now",
    };
    writeln!(
        out,
        "{}: onset {} UTC ({onset}); {} commit(s) since {} UTC, {} after the onset",
        report.repo,
        date_time(report.onset_ms),
        report.commits_in_window,
        date_time(report.window_start_ms),
        report.commits_after_onset
    )?;
    writeln!(out, "{}", report.verdict)?;
    for suspect in &report.suspects {
        let mark = if suspect.explains {
            "✔ explains"
        } else {
            "  "
        };
        writeln!(
            out,
            "\n[{}] score {:>5.1} {mark:<10} {} UTC  {}  ({})",
            suspect.id,
            suspect.score,
            date_time(suspect.landed_ms),
            suspect.subject,
            suspect.author
        )?;
        for reason in &suspect.reasons {
            writeln!(out, "    - {reason}")?;
        }
        writeln!(out, "    files: {}", suspect.files.join(", "))?;
    }
    Ok(())
}
