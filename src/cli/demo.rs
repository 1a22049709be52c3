//! `lookout demo`: the embedded demo incident in the workbench.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use super::GlobalArgs;
use crate::audit::{AuditEntry, AuditLog};
use crate::incident::IncidentFolder;
use crate::ingest::Engine;
use crate::source::demo::{self, DemoIncident, Speed};
use crate::tui;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Replay speed: incident seconds per second (e.g. 10), or `max`.
    /// Default: the incident unfolds in about two minutes.
    #[arg(long, value_name = "N|max")]
    pub speed: Option<Speed>,
    /// Deterministic replay for tests: line arrival times are the incident's own.
    #[arg(long)]
    pub deterministic: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    tui::require_terminal("lookout demo")?;
    let settings = super::workbench::Settings::resolve(global)?;
    let incident =
        Arc::new(DemoIncident::embedded().context("loading the embedded demo incident")?);
    let incident_id = global
        .incident
        .clone()
        .unwrap_or_else(|| demo::DEMO_INCIDENT_ID.to_string());
    let folder = IncidentFolder::open(&settings.config.incident.base_dir, &incident_id)?;
    let mut audit = AuditLog::open(&folder.audit_path(), settings.level)?;
    // Opening a source is audited before any of its data can be shown.
    for source in &incident.sources {
        audit.append(
            AuditEntry::new("user", "source.open", format!("demo:{}", source.name))
                .with_details(serde_json::json!({"kind": source.kind})),
        )?;
    }
    let speed = args
        .speed
        .unwrap_or(Speed::Factor(incident.default_speed()));
    let session = tui::Session {
        engine: Engine::new(settings.config.engine.clone()),
        level: settings.level,
        service: incident.service.clone(),
        sources: incident.sources.clone(),
        theme: settings.theme,
        mouse: settings.config.ui.mouse,
        folder,
        audit,
    };
    let deterministic = args.deterministic;
    tui::run(session, move |tx| {
        tokio::spawn(demo::replay(incident, speed, deterministic, tx));
    })?;
    Ok(ExitCode::SUCCESS)
}
