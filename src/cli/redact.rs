//! `lookout redact [FILE|-]`: the redactor on its own — redacted lines, or
//! with `--json` one object per line with the findings by kind.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::BadInput;
use super::GlobalArgs;
use crate::ingest::lines::read_lines;
use crate::ingest::{BatchScreen, RedactionCounts, Redactor, BATCH_LINES};

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
    // Buffered: a line-buffered stdout would cost a write per line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut screen = BatchScreen::default();
    for batch in lines.chunks(BATCH_LINES) {
        // One anchor screen per batch; only flagged lines go through the rules.
        let mut flagged = redactor
            .flag(batch.iter().map(String::as_str), &mut screen)
            .into_iter()
            .peekable();
        for (index, line) in batch.iter().enumerate() {
            let mut counts = RedactionCounts::default();
            let redacted = match flagged.next_if_eq(&index) {
                Some(_) => redactor.redact(line, &mut counts),
                None => Cow::Borrowed(line.as_str()),
            };
            if args.json {
                let findings: BTreeMap<&str, u64> =
                    counts.0.iter().map(|(k, n)| (k.as_str(), *n)).collect();
                let record = serde_json::json!({"line": redacted, "findings": findings});
                serde_json::to_writer(&mut out, &record)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{redacted}")?;
            }
            total.merge(&counts);
        }
    }
    out.flush()?;
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
