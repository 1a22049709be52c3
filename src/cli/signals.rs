//! `lookout signals FILE…`: what changed — new and bursting templates, error
//! surges — and the incident timeline, from log files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::ingest::lines::read_lines;
use crate::ingest::{Engine, EngineConfig};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Log files (each is a source; `-` for stdin).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Loghub-style line format (see `lookout templates --help`); default: auto-detect.
    #[arg(long, value_name = "FMT")]
    pub line_format: Option<String>,
    /// Print JSON: {"signals": [...], "timeline": [...]}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let _ = global;
    if let Some(format) = &args.line_format {
        crate::ingest::parse::LineFormat::compile(format).map_err(|e| BadInput(e.to_string()))?;
    }
    let mut engine = Engine::new(EngineConfig {
        line_format: args.line_format.clone(),
        ..EngineConfig::default()
    });
    for (index, file) in args.files.iter().enumerate() {
        let lines = read_lines(file).map_err(|e| BadInput(e.to_string()))?;
        for batch in lines.chunks(crate::ingest::BATCH_LINES) {
            engine.push_lines(index as u16, batch, 0);
        }
    }
    engine.flush();
    if args.json {
        print_json_pretty(&serde_json::json!({
            "lines": engine.lines_in(),
            "templates": engine.miner().len(),
            "signals": engine.signals(),
            "timeline": engine.timeline(),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} lines, {} templates, {} signals",
        engine.lines_in(),
        engine.miner().len(),
        engine.signals().len()
    )?;
    for phase in engine.timeline() {
        writeln!(out, "\n== {} (from {})", phase.name, clock(phase.start_ms))?;
        for id in &phase.signals {
            if let Some(signal) = engine.signals().iter().find(|s| &s.id == id) {
                writeln!(
                    out,
                    "{}  {:<4} score {:>6.1}  {}",
                    clock(signal.time_ms),
                    signal.id,
                    signal.score,
                    signal.title
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

use crate::clock::date_time as clock;
