//! `lookout scoreboard`: what lookout did, in numbers, from every incident's audit log.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::audit::scoreboard::{compute, report_lines};
use crate::source::prometheus::parse_duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Base directory holding .lookout/incidents (default: the config's incident.base_dir).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Only what happened in this last stretch, e.g. 24h, 7d (records by time;
    /// verification always covers whole logs).
    #[arg(long, value_name = "DUR")]
    pub since: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let base = match args.dir {
        Some(dir) => dir,
        None => {
            crate::config::load(&global.overrides())?
                .config
                .incident
                .base_dir
        }
    };
    let since_ms = match &args.since {
        Some(since) => {
            Some(crate::source::now_ms() - parse_duration(since).map_err(BadInput)? as i64 * 1000)
        }
        None => None,
    };
    let board = compute(&base, since_ms)?;
    if args.json {
        print_json_pretty(&board)?;
    } else {
        let mut out = std::io::stdout().lock();
        for line in report_lines(&board, &base) {
            writeln!(out, "{line}")?;
        }
    }
    let all_ok = board.per_incident.iter().all(|i| i.verification == "ok");
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
