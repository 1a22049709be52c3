//! `lookout summarize|runbook|postmortem`: a draft from log files or the demo,
//! by the configured LLM (streamed) or, without one, the offline analyst;
//! saved in the incident folder and printed — the `llm::draft` flow the
//! workbench runs too. `--dry-run` shows exactly what would be sent, and sends nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::audit::entry::SourceOpen;
use crate::audit::{AuditLog, Details};
use crate::incident::{folder::new_incident_id, IncidentFolder};
use crate::ingest::lines::read_lines;
use crate::ingest::Engine;
use crate::llm::draft::{self, DraftInput, DraftKind};
use crate::source::demo::{DemoIncident, DEMO_INCIDENT_ID};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Log files to analyse (each is a source).
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
    /// Analyse the embedded demo incident instead.
    #[arg(long, conflicts_with = "sources")]
    pub demo: bool,
    /// Print JSON: {"kind", "producer", "path", "text", "note"}.
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
    let mut engine = Engine::new(settings.config.engine.clone());
    let default_id = if args.demo {
        let demo = DemoIncident::embedded()?;
        demo.feed(&mut engine, None);
        DEMO_INCIDENT_ID.to_string()
    } else {
        if args.sources.is_empty() {
            return Err(BadInput("give log files to analyse, or --demo".into()).into());
        }
        for (index, path) in args.sources.iter().enumerate() {
            let lines = read_lines(path).map_err(|e| BadInput(e.to_string()))?;
            for batch in lines.chunks(crate::ingest::BATCH_LINES) {
                engine.push_lines(index as u16, batch, 0);
            }
        }
        engine.flush();
        new_incident_id()
    };
    let id = settings.config.incident.id.clone().unwrap_or(default_id);
    let folder = IncidentFolder::open(&settings.config.incident.base_dir, &id)?;
    let mut audit = AuditLog::open(&folder.audit_path(), settings.level)?;
    for source in &args.sources {
        audit.append(SourceOpen::default().entry(source.display().to_string()))?;
    }
    let mut llm = settings.config.llm.clone();
    llm.base_url = args.llm_base_url.clone().or(llm.base_url);
    llm.model = args.llm_model.clone().unwrap_or(llm.model);
    let service = if args.demo {
        "checkout-api".to_string()
    } else {
        "logs".to_string()
    };
    let input = DraftInput::from_engine(kind, &engine, &id, &service);
    if args.dry_run {
        let request = draft::request_for(&input, &llm, engine.redactor(), &mut Default::default())?;
        println!(
            "POST {}
{}",
            request.endpoint, request.body
        );
        eprintln!(
            "dry run: nothing sent (sha256 {}, redactions {:?})",
            request.sha256, request.redactions.0
        );
        return Ok(ExitCode::SUCCESS);
    }
    let pending = draft::prepare(
        input,
        &llm,
        engine.redactor(),
        &mut Default::default(),
        &mut audit,
    )?;
    let streaming = !args.json && pending.request.is_some();
    let outcome = match &pending.request {
        Some(request) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            Some(
                runtime.block_on(crate::llm::client::stream(&llm, request, |chunk| {
                    if streaming {
                        print!("{chunk}");
                        let _ = std::io::Write::flush(&mut std::io::stdout());
                    }
                })),
            )
        }
        None => None,
    };
    let produced = draft::finish(pending, outcome, &engine, &folder, &mut audit)?;
    let path = produced.saved.clone().map_err(anyhow::Error::msg)?;
    if args.json {
        print_json_pretty(&serde_json::json!({
            "kind": kind.name(), "producer": produced.producer, "note": produced.note,
            "path": path, "text": produced.text,
        }))?;
    } else {
        if !streaming || produced.is_offline() {
            print!("{}", produced.text);
        } else {
            println!();
        }
        eprintln!("saved to {} ({})", path.display(), produced.producer);
    }
    if produced.is_partial() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
