//! `lookout summarize|runbook|postmortem`: a draft from log files or the demo,
//! by the configured LLM (streamed) or, without one, the offline analyst;
//! saved in the incident folder and printed. `--dry-run` shows exactly what
//! would be sent, and sends nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::audit::{AuditEntry, AuditLog};
use crate::incident::{folder::new_incident_id, IncidentFolder};
use crate::ingest::lines::read_lines;
use crate::ingest::Engine;
use crate::source::demo::{DemoIncident, DEMO_INCIDENT_ID};

/// Which draft to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    Summary,
    Runbook,
    Postmortem,
}

impl Draft {
    pub fn name(self) -> &'static str {
        match self {
            Draft::Summary => "summary",
            Draft::Runbook => "runbook",
            Draft::Postmortem => "postmortem",
        }
    }
}

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

pub fn run(draft: Draft, args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let settings = crate::config::load(global)?;
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
        audit.append(AuditEntry::new(
            "user",
            "source.open",
            source.display().to_string(),
        ))?;
    }
    let mut llm = settings.config.llm.clone();
    llm.base_url = args.llm_base_url.clone().or(llm.base_url);
    llm.model = args.llm_model.clone().unwrap_or(llm.model);
    let service = if args.demo {
        "checkout-api".to_string()
    } else {
        "logs".to_string()
    };
    if args.dry_run {
        let (system, user) =
            crate::llm::draft::prompts_for(draft.name(), &engine, &id, &service, &llm)
                .map_err(anyhow::Error::msg)?;
        let request = crate::llm::client::prepare(
            &llm,
            &system,
            &user,
            engine.redactor(),
            &mut Default::default(),
        )?;
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
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let streaming = !args.json && llm.base_url.is_some();
    let produced = runtime
        .block_on(crate::llm::draft::produce(
            crate::llm::draft::DraftRequest {
                kind: draft.name(),
                incident: &id,
                service: &service,
            },
            &engine,
            &llm,
            &mut audit,
            &mut Default::default(),
            |chunk| {
                if streaming {
                    print!("{chunk}");
                    let _ = std::io::Write::flush(&mut std::io::stdout());
                }
            },
        ))
        .map_err(anyhow::Error::msg)?;
    let text = match &produced.note {
        Some(note) if produced.producer == "offline-analyst" => format!(
            "{}
_({note})_
",
            produced.text
        ),
        _ => produced.text.clone(),
    };
    let file_name = format!("{}.md", draft.name());
    audit.append(
        AuditEntry::new("lookout", "draft.write", folder.path().join(&file_name).display().to_string())
            .with_details(serde_json::json!({"kind": draft.name(), "producer": produced.producer, "bytes": text.len()})),
    )?;
    let path = folder.write_draft(&file_name, &text)?;
    if args.json {
        print_json_pretty(
            &serde_json::json!({"kind": draft.name(), "producer": produced.producer, "note": produced.note, "path": path, "text": text}),
        )?;
    } else {
        if !streaming || produced.producer == "offline-analyst" {
            print!("{text}");
        } else {
            println!();
        }
        eprintln!("saved to {} ({})", path.display(), produced.producer);
    }
    if produced.outcome.as_ref().is_some_and(|o| o.error.is_some()) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
