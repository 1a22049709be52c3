//! `lookout changes --repo PATH [FILE…|--demo]`: which change did this? The
//! commits of the service's repo that landed in a window before the onset,
//! ranked as suspects with their scores and reasons — or "no change in this
//! repo explains it".

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use super::incident_input::{self, IncidentArgs};
use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::changes::{self, ChangesReport};
use crate::source::demo::DemoIncident;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 the report was printed (whether or not a change explains the incident), 1 failure, 2 bad input.\n\nWithout logs the onset is --onset, else now.\n\nThe demo's repo: `lookout demo --repo DIR` writes it (`changes --demo --repo DIR` writes it too when DIR is missing or empty)."
)]
pub struct Args {
    /// The logs (their signals give the onset and the words to match), the
    /// repository and the window.
    #[command(flatten)]
    pub incident: IncidentArgs,
    /// Print JSON: the report with every suspect's score, factors and reasons.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let settings = crate::config::load(&global.overrides())?;
    // Without logs the onset is `--onset`, else now: the commits of the last window.
    let loaded = incident_input::load_logs(
        &args.incident,
        global.service.as_deref(),
        &settings.config,
        false,
    )?;
    let Some(repo) = loaded.repo.clone() else {
        return Err(BadInput("give --repo PATH (or --service NAME with a `repo`)".into()).into());
    };
    if args.incident.demo {
        let demo = DemoIncident::embedded().context("loading the embedded demo incident")?;
        ensure_demo_repo(&demo, &repo)?;
    }
    let report = incident_input::rank(&repo, &loaded)?;
    if args.json {
        print_json_pretty(&report)?;
    } else {
        print_text(&report)?;
    }
    Ok(ExitCode::SUCCESS)
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
