//! What the headless co-pilot commands (`summarize`, `runbook`, `postmortem`,
//! `ask`, `propose --from-incident`) read an incident from — log files, the
//! demo, or a configured service's files — and how they run one draft through
//! `llm::draft` (prepare → stream → one smaller retry on a too-long rejection
//! → finish), printing the stream as it arrives.

use std::path::{Path, PathBuf};

use super::output::BadInput;
use crate::audit::entry::SourceOpen;
use crate::audit::{AuditLog, AuditSink, Details};
use crate::config::Config;
use crate::incident::folder::new_incident_id;
use crate::incident::SuspectChange;
use crate::ingest::lines::read_lines;
use crate::ingest::Engine;
use crate::llm::draft::{self, Draft, DraftInput};
use crate::llm::LlmConfig;
use crate::source::demo::{DemoIncident, DEMO_INCIDENT_ID};
use crate::source::file::{expand_inputs, Input};

/// Where the incident's logs come from.
#[derive(Debug, Clone, clap::Args)]
pub struct IncidentArgs {
    /// Log files to analyse (each is a source).
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
    /// Analyse the embedded demo incident instead.
    #[arg(long, conflicts_with = "sources")]
    pub demo: bool,
}

/// The incident as read.
pub struct Loaded {
    pub engine: Engine,
    /// The incident id: the config's, else the demo's, else one from the time.
    pub id: String,
    pub service: String,
    /// The files read (each audited as `source.open` by [`Loaded::audit_sources`]).
    pub files: Vec<PathBuf>,
}

impl Loaded {
    pub fn audit_sources(&self, audit: &mut dyn AuditSink) -> anyhow::Result<()> {
        for file in &self.files {
            audit.append(SourceOpen::default().entry(file.display().to_string()))?;
        }
        Ok(())
    }
}

/// Reads the files, the demo, or the files of `--service NAME`.
/// The incident as read, with its folder and audit log open and every file
/// it read audited: what each co-pilot command starts from.
pub struct Opened {
    pub loaded: Loaded,
    pub folder: crate::incident::IncidentFolder,
    pub audit: AuditLog,
}

pub fn open(
    args: &IncidentArgs,
    service: Option<&str>,
    config: &Config,
    level: crate::level::Level,
) -> anyhow::Result<Opened> {
    let loaded = load(args, service, config)?;
    let (folder, mut audit) = super::common::open_incident(config, &loaded.id, level)?;
    loaded.audit_sources(&mut audit)?;
    Ok(Opened {
        loaded,
        folder,
        audit,
    })
}

pub fn load(args: &IncidentArgs, service: Option<&str>, config: &Config) -> anyhow::Result<Loaded> {
    let mut engine = Engine::new(config.engine.clone());
    let (default_id, service_name, files) = if args.demo {
        let demo = DemoIncident::embedded()?;
        demo.feed(&mut engine, None);
        (
            DEMO_INCIDENT_ID.to_string(),
            "checkout-api".to_string(),
            Vec::new(),
        )
    } else {
        let files = if !args.sources.is_empty() {
            args.sources.clone()
        } else if let Some(name) = service {
            service_files(name, config)?
        } else {
            return Err(
                BadInput("give log files to analyse, --demo, or --service NAME".into()).into(),
            );
        };
        for (index, path) in files.iter().enumerate() {
            let lines = read_lines(path).map_err(|e| BadInput(e.to_string()))?;
            for batch in lines.chunks(crate::ingest::BATCH_LINES) {
                engine.push_lines(index as u16, batch, 0);
            }
        }
        engine.flush();
        (
            new_incident_id(),
            service.unwrap_or("logs").to_string(),
            files,
        )
    };
    Ok(Loaded {
        engine,
        id: config.incident.id.clone().unwrap_or(default_id),
        service: service_name,
        files,
    })
}

/// The files (paths, directories, globs) of a configured service.
fn service_files(name: &str, config: &Config) -> anyhow::Result<Vec<PathBuf>> {
    let service = config
        .services
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| {
            BadInput(format!(
                "--service {name}: no [[service]] of that name in the config"
            ))
        })?;
    if service.files.is_empty() {
        return Err(BadInput(format!(
            "--service {name}: it has no `files` to read headless (give log files instead)"
        ))
        .into());
    }
    let inputs =
        expand_inputs(&service.files).map_err(|e| BadInput(format!("--service {name}: {e}")))?;
    Ok(inputs
        .into_iter()
        .filter_map(|input| match input {
            Input::File(path) => Some(path),
            Input::Stdin => None,
        })
        .collect())
}
/// [`open`], then the suspect changes of `--service NAME`'s repo
/// ([`service_suspects`]): what `ask` and the drafts start from.
pub fn open_with_suspects(
    args: &IncidentArgs,
    service: Option<&str>,
    config: &Config,
    level: crate::level::Level,
) -> anyhow::Result<(Opened, Option<Vec<SuspectChange>>)> {
    let mut opened = open(args, service, config, level)?;
    let suspects = service_suspects(service, config, &opened.loaded.engine, &mut opened.audit)?;
    Ok((opened, suspects))
}

/// The suspect changes of `--service NAME`'s `repo`, ranked against the
/// incident (its `changes_window`, else 24 h, before the onset), the read
/// audited: what `ask` and the drafts put in the evidence pack. None when no
/// service or no repo is configured (the pack then says no repository was read).
fn service_suspects(
    service: Option<&str>,
    config: &Config,
    engine: &Engine,
    audit: &mut dyn AuditSink,
) -> anyhow::Result<Option<Vec<SuspectChange>>> {
    let Some(configured) = service.and_then(|name| config.services.iter().find(|s| s.name == name))
    else {
        return Ok(None);
    };
    let Some(repo) = &configured.repo else {
        return Ok(None);
    };
    let window_ms = match &configured.changes_window {
        Some(window) => crate::changes::parse_window(window)
            .map_err(|e| BadInput(format!("service {}: changes_window: {e}", configured.name)))?,
        None => crate::changes::DEFAULT_WINDOW_MS,
    };
    let report = rank_history(repo, engine, window_ms, audit)?;
    Ok(Some(report.suspect_changes()))
}

/// Ranks `repo`'s commits in the window before the incident's onset; the
/// read is audited before anything of it is shown or sent.
pub fn rank_history(
    repo: &Path,
    engine: &Engine,
    window_ms: i64,
    audit: &mut dyn AuditSink,
) -> anyhow::Result<crate::changes::ChangesReport> {
    let report =
        crate::changes::analyse_engine(repo, engine, None, window_ms, crate::source::now_ms())
            .map_err(|e| BadInput(e.to_string()))?;
    audit.append(report.audit_entry(repo))?;
    Ok(report)
}

/// The configured LLM with the command line's overrides.
pub fn llm_config(config: &Config, base_url: Option<&str>, model: Option<&str>) -> LlmConfig {
    let mut llm = config.llm.clone();
    llm.base_url = base_url.map(String::from).or(llm.base_url);
    llm.model = model.map(String::from).unwrap_or(llm.model);
    llm
}

/// Runs one draft: prepare, stream (printed when `print` is set), retry once
/// with a smaller pack if the server says the request is too long, finish.
pub fn run_draft(
    input: DraftInput,
    llm: &LlmConfig,
    engine: &Engine,
    folder: &crate::incident::IncidentFolder,
    audit: &mut dyn AuditSink,
    print: bool,
) -> anyhow::Result<Draft> {
    let mut placeholders = Default::default();
    let mut pending = draft::prepare(input, llm, engine.redactor(), &mut placeholders, audit)?;
    let Some(request) = pending.request.clone() else {
        return Ok(draft::finish(pending, None, folder, audit)?);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let stream = |request: &crate::llm::client::PreparedRequest| {
        runtime.block_on(crate::llm::client::stream(llm, request, |chunk| {
            if print {
                print!("{chunk}");
                let _ = std::io::Write::flush(&mut std::io::stdout());
            }
        }))
    };
    let mut outcome = stream(&request);
    // One more request at most: `retry_smaller` never retries a retry.
    if let Some(retry) = draft::retry_smaller(
        &pending,
        &outcome,
        llm,
        engine.redactor(),
        &mut placeholders,
        audit,
    )? {
        if let Some(reason) = &retry.retried {
            eprintln!("lookout: {reason}");
        }
        pending = retry;
        if let Some(request) = pending.request.clone() {
            outcome = stream(&request);
        }
    }
    Ok(draft::finish(pending, Some(outcome), folder, audit)?)
}
