//! `lookout summarize|runbook|postmortem`: a draft from log files or the demo,
//! saved in the incident folder and printed. This build drafts with the offline
//! analyst (deterministic, labelled as produced without an LLM).

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::audit::{AuditEntry, AuditLog};
use crate::incident::{folder::new_incident_id, IncidentFolder};
use crate::ingest::lines::read_lines;
use crate::ingest::Engine;
use crate::llm::offline;
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
    /// Print JSON: {"kind", "producer", "path", "text"}.
    #[arg(long)]
    pub json: bool,
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
            for line in read_lines(path).map_err(|e| BadInput(e.to_string()))? {
                engine.push_line(index as u16, line.as_bytes(), 0);
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
    let text = offline::draft(draft.name(), &engine, &id);
    let file_name = format!("{}.md", draft.name());
    audit.append(
        AuditEntry::new("lookout", "draft.write", folder.path().join(&file_name).display().to_string())
            .with_details(serde_json::json!({"kind": draft.name(), "producer": "offline-analyst", "bytes": text.len()})),
    )?;
    let path = folder.write_draft(&file_name, &text)?;
    if args.json {
        print_json_pretty(
            &serde_json::json!({"kind": draft.name(), "producer": "offline-analyst", "path": path, "text": text}),
        )?;
    } else {
        print!("{text}");
        eprintln!("saved to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
