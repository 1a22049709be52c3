//! `lookout audit verify|show`: check and read incident audit logs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::{print_json_line, BadInput};
use super::GlobalArgs;
use crate::audit::chain::read_records;
use crate::audit::scoreboard::find_logs;
use crate::audit::verify::verify;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Verify hash chains: detects edited, deleted, inserted, reordered and truncated
    /// records. Exits 0 when every log verifies, 1 when one does not, 2 on bad input.
    Verify {
        /// An audit.jsonl, an incident folder, or nothing: every incident under ./.lookout/incidents.
        path: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Print the records of an audit log.
    Show {
        /// An audit.jsonl or an incident folder; default: the newest incident.
        path: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let _ = global;
    match args.action {
        Action::Verify { path, json } => run_verify(path, json),
        Action::Show { path, json } => run_show(path, json),
    }
}

/// Resolves PATH (file, incident folder or nothing) to audit logs.
fn logs_for(path: Option<PathBuf>) -> anyhow::Result<Vec<PathBuf>> {
    let logs = match path {
        Some(path) if path.is_dir() => vec![path.join("audit.jsonl")],
        Some(path) => vec![path],
        None => find_logs(Path::new("."))?
            .into_iter()
            .map(|(_, p)| p)
            .collect(),
    };
    if logs.is_empty() {
        return Err(BadInput(
            "no audit logs found under ./.lookout/incidents (give a path)".into(),
        )
        .into());
    }
    for log in &logs {
        if !log.is_file() {
            return Err(BadInput(format!("{} is not an audit log file", log.display())).into());
        }
    }
    Ok(logs)
}

fn run_verify(path: Option<PathBuf>, json: bool) -> anyhow::Result<ExitCode> {
    let mut all_ok = true;
    let mut out = std::io::stdout().lock();
    for log in logs_for(path)? {
        let report =
            verify(&log).map_err(|e| BadInput(format!("cannot read {}: {e}", log.display())))?;
        all_ok &= report.ok();
        if json {
            print_json_line(&report)?;
        } else {
            match &report.problem {
                None => writeln!(
                    out,
                    "ok      {}  ({} records)",
                    log.display(),
                    report.records
                )?,
                Some(problem) => writeln!(out, "FAILED  {}  {problem}", log.display())?,
            }
        }
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_show(path: Option<PathBuf>, json: bool) -> anyhow::Result<ExitCode> {
    let logs = logs_for(path)?;
    let mut out = std::io::stdout().lock();
    for log in logs {
        let records = read_records(&log).map_err(|e| BadInput(e.to_string()))?;
        if !json {
            writeln!(out, "# {}", log.display())?;
        }
        for record in records {
            if json {
                print_json_line(&record)?;
            } else {
                let details = if record.details.is_null() {
                    String::new()
                } else {
                    record.details.to_string()
                };
                let details: String = details.chars().take(100).collect();
                writeln!(
                    out,
                    "{:>4}  {}  L{}  {:<8} {:<16} {}  {}",
                    record.seq,
                    record.time,
                    record.level,
                    record.actor,
                    record.action,
                    record.subject,
                    details
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
