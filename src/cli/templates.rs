//! `lookout templates FILE…`: mine templates and print them (or per-line assignments).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::ingest::mine::files::mine_files_with_rules;
use crate::ingest::mine::MinerRules;
use crate::ingest::parse::LineFormat;
use crate::ingest::{Miner, TemplateId};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Log files to mine (each line is one message; use `-` for stdin).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Loghub-style line format; only <Content> is mined, e.g.
    /// "<Date> <Time> <Pid> <Level> <Component>: <Content>".
    #[arg(long, value_name = "FMT")]
    pub line_format: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Show only the N most frequent templates.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Also write `LineId,EventId,EventTemplate` (LineId 1-based, one row per input line) to this CSV.
    #[arg(long, value_name = "PRED.csv")]
    pub assignments: Option<PathBuf>,
}

#[derive(Serialize)]
struct TemplateRow<'a> {
    id: String,
    template: &'a str,
    count: u64,
    first_seen_ms: Option<i64>,
    last_seen_ms: Option<i64>,
    exemplars: &'a [String],
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let _ = global;
    let format = match &args.line_format {
        Some(fmt) => Some(LineFormat::compile(fmt).map_err(|e| BadInput(e.to_string()))?),
        None => None,
    };
    // The benches' leave-one-out search tries other thresholds through this variable.
    let rules = match std::env::var("LOOKOUT_MINER_RULES") {
        Ok(spec) => {
            MinerRules::parse(&spec).map_err(|e| BadInput(format!("LOOKOUT_MINER_RULES: {e}")))?
        }
        Err(_) => MinerRules::default(),
    };
    let mining = mine_files_with_rules(
        &args.files,
        format.as_ref(),
        args.assignments.is_some(),
        rules,
    )
    .map_err(|e| BadInput(e.to_string()))?;
    let miner = &mining.miner;
    if let (Some(path), Some(assigned)) = (&args.assignments, &mining.assigned) {
        write_assignments(path, miner, assigned)?;
    }
    let mut templates: Vec<_> = miner.templates().collect();
    templates.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
    templates.truncate(args.top.unwrap_or(usize::MAX));
    if args.json {
        let rows: Vec<TemplateRow> = templates
            .iter()
            .map(|t| TemplateRow {
                id: format!("{:016x}", t.id),
                template: &t.text,
                count: t.count,
                first_seen_ms: (t.first_seen_ms != i64::MAX).then_some(t.first_seen_ms),
                last_seen_ms: (t.last_seen_ms != i64::MIN).then_some(t.last_seen_ms),
                exemplars: &t.exemplars,
            })
            .collect();
        print_json_pretty(&serde_json::json!({"lines": mining.lines, "templates": rows}))?;
    } else {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{:>9}  {:<16}  template", "count", "id")?;
        for t in &templates {
            writeln!(out, "{:>9}  {:016x}  {}", t.count, t.id, t.text)?;
        }
        writeln!(out, "{} lines, {} templates", mining.lines, miner.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_assignments(path: &PathBuf, miner: &Miner, assigned: &[TemplateId]) -> anyhow::Result<()> {
    let mut csv = String::from("LineId,EventId,EventTemplate\n");
    for (index, id) in assigned.iter().enumerate() {
        let live = miner.resolve(*id);
        let text = miner.get(live).map(|t| t.text.as_str()).unwrap_or("");
        csv.push_str(&format!(
            "{},{:016x},\"{}\"\n",
            index + 1,
            live,
            text.replace('"', "\"\"")
        ));
    }
    std::fs::write(path, csv).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    Ok(())
}
