//! `lookout ask "QUESTION"`: one question about an incident (log files, the
//! demo, or a configured service), answered from the evidence pack by the
//! configured LLM (streamed) or the offline analyst, its citations checked,
//! audited and saved like a draft — the `llm::draft` flow `a` runs in the workbench.

use std::process::ExitCode;

use super::copilot::show;
use super::incident_input::{self, IncidentArgs};
use super::output::BadInput;
use super::GlobalArgs;
use crate::llm::draft::DraftInput;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 answered, 1 the LLM's answer is partial (its call failed midway), 2 bad input."
)]
pub struct Args {
    /// The question, e.g. "why are payments retrying?".
    #[arg(value_name = "QUESTION")]
    pub question: String,
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
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    if args.question.trim().is_empty() {
        return Err(BadInput(
            "the question is empty: ask something, e.g. \"why are payments retrying?\"".into(),
        )
        .into());
    }
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
    let input = DraftInput::ask(
        &loaded.engine,
        &loaded.id,
        &loaded.service,
        loaded.pack_input(report.as_ref(), suspects.as_deref()),
        &llm,
        &args.question,
        &[],
    )?;
    let streaming = !args.json && llm.base_url.is_some();
    let answer =
        incident_input::run_draft(input, &llm, &loaded.engine, &folder, &mut audit, streaming)?;
    show(&answer, args.json, streaming)
}
