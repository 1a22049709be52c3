//! `lookout demo`: the embedded demo incident in the workbench.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use super::GlobalArgs;
use crate::audit::entry::SourceOpen;
use crate::audit::Details;
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
    /// Replay the incident again and again until you quit (for soak runs:
    /// memory stays bounded by the retention caps).
    #[arg(long = "loop")]
    pub repeat: bool,
    /// Write the demo's infra repo (a night of commits: decoys and the bad change) to DIR
    /// and exit; then try `lookout changes --demo --repo DIR` or
    /// `lookout propose --from-incident --demo --repo DIR --level 1`.
    #[arg(long, visible_alias = "repo", value_name = "DIR")]
    pub write_infra_repo: Option<std::path::PathBuf>,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.write_infra_repo {
        let incident = DemoIncident::embedded().context("loading the embedded demo incident")?;
        if dir.exists()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(super::output::BadInput(format!(
                "{} exists and is not empty",
                dir.display()
            ))
            .into());
        }
        let repo = incident.materialize_infra_repo(dir)?;
        println!(
            "demo infra repo written to {repo}
what changed:   lookout changes --demo --repo {repo}
draft the fix:  lookout propose --from-incident --demo --repo {repo} --level 1",
            repo = repo.display(),
        );
        return Ok(ExitCode::SUCCESS);
    }
    tui::require_terminal("lookout demo")?;
    let settings = super::workbench::Settings::resolve(global)?;
    let incident =
        Arc::new(DemoIncident::embedded().context("loading the embedded demo incident")?);
    let incident_id = global
        .incident
        .clone()
        .unwrap_or_else(|| demo::DEMO_INCIDENT_ID.to_string());
    let (folder, mut audit) =
        super::common::open_incident(&settings.config, &incident_id, settings.level)?;
    // Opening a source is audited before any of its data can be shown.
    for source in &incident.sources {
        audit.append(
            SourceOpen {
                kind: Some(source.kind.to_string()),
                ..SourceOpen::default()
            }
            .entry(format!("demo:{}", source.name)),
        )?;
    }
    let speed = args
        .speed
        .unwrap_or(Speed::Factor(incident.default_speed()));
    let folder_path = folder.path().to_path_buf();
    // The demo's infra repo, in the incident folder: its suspects join the
    // timeline, and at Level 1 `p` drafts the fix from the incident as for any
    // service with a repo (offline: the revert of the commit that explains it).
    let demo_repo = tui::changes::demo_repo(folder_path.as_path()).map_err(anyhow::Error::msg)?;
    let session = tui::Session {
        engine: Engine::new(settings.config.engine.clone()),
        level: settings.level,
        service: incident.service.clone(),
        sources: incident.sources.clone(),
        theme: settings.theme,
        mouse: settings.config.ui.mouse,
        folder,
        audit: crate::audit::AuditWriter::spawn(audit)?,
        service_repo: Some(demo_repo.clone()),
        propose_config: settings.config.propose.clone(),
        llm_config: settings.config.llm.clone(),
        credentials_unverified: false,
        cloudwatch: None,
        // The demo's infra repo, in the incident folder: its suspects join the timeline.
        changes_repo: Some((demo_repo, crate::changes::DEFAULT_WINDOW_MS)),
    };
    let deterministic = args.deterministic;
    let repeat = args.repeat;
    tui::run(session, move |tx| {
        tokio::spawn(demo::replay(incident, speed, deterministic, repeat, tx));
    })?;
    Ok(ExitCode::SUCCESS)
}
