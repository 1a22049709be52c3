//! `lookout scoreboard`: what lookout did, in numbers, from every incident's audit log.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::print_json_pretty;
use super::GlobalArgs;
use crate::audit::scoreboard::{add_incident, find_logs, finish, load, Scoreboard};
use crate::audit::verify::verify;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Base directory holding .lookout/incidents (default: the config's incident.base_dir).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let base = match args.dir {
        Some(dir) => dir,
        None => crate::config::load(global)?.config.incident.base_dir,
    };
    let mut board = Scoreboard::default();
    for (incident, path) in find_logs(&base)? {
        let (records, read_error) = load(&path);
        let verdict = match (read_error, verify(&path)) {
            (Some(err), _) => format!("unreadable: {err}"),
            (None, Ok(report)) => report
                .problem
                .map(|p| format!("FAILED: {p}"))
                .unwrap_or_else(|| "ok".into()),
            (None, Err(err)) => format!("unreadable: {err}"),
        };
        add_incident(&mut board, &incident, &path, &records, verdict);
    }
    finish(&mut board);
    if args.json {
        print_json_pretty(&board)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "lookout scoreboard — {} incident(s) under {}",
        board.incidents,
        base.display()
    )?;
    writeln!(out, "proposals            {}", board.proposals)?;
    for (risk, n) in &board.proposals_by_risk {
        writeln!(out, "  risk {risk:<14} {n}")?;
    }
    writeln!(
        out,
        "blocked by policy    {} ({:.1}%)",
        board.blocked, board.blocked_percent
    )?;
    writeln!(out, "two-person required  {}", board.two_person_required)?;
    writeln!(
        out,
        "staged / abandoned   {} / {}",
        board.staged, board.abandoned
    )?;
    writeln!(
        out,
        "LLM calls            {} ({} prompt + {} completion tokens)",
        board.llm_calls, board.llm_prompt_tokens, board.llm_completion_tokens
    )?;
    let redactions: Vec<String> = board
        .redactions_by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    writeln!(
        out,
        "redactions           {}",
        if redactions.is_empty() {
            "none".into()
        } else {
            redactions.join(", ")
        }
    )?;
    let drafts: Vec<String> = board
        .drafts_by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    writeln!(
        out,
        "drafts               {}",
        if drafts.is_empty() {
            "none".into()
        } else {
            drafts.join(", ")
        }
    )?;
    let secs = |v: Option<f64>| v.map(|s| format!("{s:.1} s")).unwrap_or_else(|| "—".into());
    writeln!(
        out,
        "first signal → first summary   {}",
        secs(board.first_signal_to_first_summary_secs)
    )?;
    writeln!(
        out,
        "first signal → first staged    {}",
        secs(board.first_signal_to_first_stage_secs)
    )?;
    writeln!(out, "audit verification:")?;
    for incident in &board.per_incident {
        writeln!(
            out,
            "  {:<28} {:>5} records  {}",
            incident.incident, incident.records, incident.verification
        )?;
    }
    let all_ok = board.per_incident.iter().all(|i| i.verification == "ok");
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
