//! `lookout summarize|runbook|postmortem`: a draft from log files or the demo,
//! by the configured LLM (streamed) or, without one, the offline analyst;
//! its citations checked against the evidence pack that was sent; saved in
//! the incident folder and printed — the `llm::draft` flow the workbench runs
//! too. `--dry-run` shows exactly what would be sent, and sends nothing.

use std::process::ExitCode;

use super::incident_input::{self, IncidentArgs};
use super::output::print_json_pretty;
use super::GlobalArgs;
use crate::llm::draft::{self, Draft, DraftInput, DraftKind};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub incident: IncidentArgs,
    /// Print JSON: {"kind", "producer", "path", "text", "note", "citations": {"ok", "unknown", "uncited"}}.
    #[arg(long)]
    pub json: bool,
    /// OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (overrides llm.base_url).
    #[arg(long, value_name = "URL")]
    pub llm_base_url: Option<String>,
    /// Model name (overrides llm.model).
    #[arg(long, value_name = "MODEL")]
    pub llm_model: Option<String>,
    /// Print the exact request body that would be sent (after redaction) and stop.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(kind: DraftKind, args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let settings = crate::config::load(&global.overrides())?;
    // The repository (`--repo`, or the service's) gives the pack its suspect changes.
    let (
        incident_input::Opened {
            loaded,
            folder,
            mut audit,
        },
        report,
    ) = incident_input::open_with_suspects(
        &args.incident,
        global.service.as_deref(),
        &settings.config,
        settings.level,
    )?;
    let llm = incident_input::llm_config(
        &settings.config,
        args.llm_base_url.as_deref(),
        args.llm_model.as_deref(),
    );
    let suspects = report
        .as_ref()
        .map(crate::changes::ChangesReport::suspect_changes);
    let input = DraftInput::from_engine(
        kind,
        &loaded.engine,
        &loaded.id,
        &loaded.service,
        loaded.pack_input(report.as_ref(), suspects.as_deref()),
        &llm,
    )?;
    if args.dry_run {
        let request = draft::request_for(
            &input,
            &llm,
            loaded.engine.redactor(),
            &mut Default::default(),
        )?;
        println!("POST {}\n{}", request.endpoint, request.body);
        eprintln!(
            "dry run: nothing sent (sha256 {}, redactions {:?})",
            request.sha256, request.redactions.0
        );
        return Ok(ExitCode::SUCCESS);
    }
    let streaming = !args.json && llm.base_url.is_some();
    let produced =
        incident_input::run_draft(input, &llm, &loaded.engine, &folder, &mut audit, streaming)?;
    show(&produced, args.json, streaming)
}

/// Prints a finished draft (text or JSON) and its citation line; the exit code.
pub fn show(produced: &Draft, json: bool, streamed: bool) -> anyhow::Result<ExitCode> {
    let path = produced.saved.clone().map_err(anyhow::Error::msg)?;
    if json {
        print_json_pretty(&serde_json::json!({
            "kind": produced.kind.name(), "producer": produced.producer, "note": produced.note,
            "retried": produced.retried, "path": path, "text": produced.text,
            "citations": produced.citation_counts(),
        }))?;
    } else {
        if !streamed || produced.is_offline() {
            print!("{}", produced.text);
        } else {
            println!();
        }
        println!("\n{}", produced.citations);
        eprintln!("saved to {} ({})", path.display(), produced.producer);
    }
    if produced.is_partial() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
