//! `lookout redact [FILE|-]`: the redactor on its own — redacted lines, or
//! with `--json` one object per line with the findings by kind.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_line, BadInput};
use super::GlobalArgs;
use crate::ingest::lines::read_lines;
use crate::ingest::{RedactionCounts, Redactor};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// File to redact; `-` or nothing for stdin. Invalid UTF-8 is replaced, not fatal.
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
    /// One JSON object per input line: {"line": redacted, "findings": {"kind": count}}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let _ = global;
    let path = args.file.unwrap_or_else(|| PathBuf::from("-"));
    let lines = read_lines(&path).map_err(|e| BadInput(e.to_string()))?;
    let redactor = Redactor::new();
    let mut total = RedactionCounts::default();
    let mut out = std::io::stdout().lock();
    for line in lines {
        let mut counts = RedactionCounts::default();
        let redacted = redactor.redact(&line, &mut counts);
        if args.json {
            let findings: BTreeMap<&str, u64> =
                counts.0.iter().map(|(k, n)| (k.as_str(), *n)).collect();
            print_json_line(&serde_json::json!({"line": redacted, "findings": findings}))?;
        } else {
            writeln!(out, "{redacted}")?;
        }
        total.merge(&counts);
    }
    if !args.json {
        let summary: Vec<String> = total.0.iter().map(|(k, n)| format!("{k}={n}")).collect();
        eprintln!(
            "redacted {} value(s){}",
            total.total(),
            if summary.is_empty() {
                String::new()
            } else {
                format!(": {}", summary.join(", "))
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
