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

/// Where the incident's logs come from, and how it is framed: the same
/// options on every command that reads an incident (`changes`, the drafts,
/// `ask`, `propose --from-incident`), so they agree on its onset and suspects.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct IncidentArgs {
    /// Log files to analyse (each is a source; `-` for stdin).
    #[arg(value_name = "FILE")]
    pub sources: Vec<PathBuf>,
    /// Analyse the embedded demo incident instead.
    #[arg(long, conflicts_with = "sources")]
    pub demo: bool,
    /// The service's git repository, read-only: its commits before the onset
    /// are ranked as suspect changes (default: the `repo` of --service NAME).
    /// `propose` stages its branch here.
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// The onset (RFC 3339, e.g. 2024-11-01T03:04:00Z), for an incident
    /// replayed after the fact. Default: the first signal of the logs.
    #[arg(long, visible_alias = "until", value_name = "TIME")]
    pub onset: Option<String>,
    /// How far before the onset commits are suspects (e.g. 6h, 2d). Default:
    /// the service's `changes_window`, else 24h.
    #[arg(long, value_name = "DUR")]
    pub since: Option<String>,
    /// Loghub-style line format of the files (see `lookout templates --help`).
    #[arg(long, value_name = "FMT")]
    pub line_format: Option<String>,
    /// A saved Prometheus `/api/v1/query_range` answer (JSON) whose change
    /// points join the evidence; repeatable.
    #[arg(long = "metrics-file", value_name = "FILE")]
    pub metrics_files: Vec<PathBuf>,
}

impl IncidentArgs {
    /// Whether any option names an incident to read (commands that also work
    /// without one, like `propose --patch`, refuse them).
    pub fn names_an_incident(&self) -> bool {
        self.demo
            || !self.sources.is_empty()
            || self.onset.is_some()
            || self.since.is_some()
            || self.line_format.is_some()
            || !self.metrics_files.is_empty()
    }
}

/// The incident as read.
pub struct Loaded {
    pub engine: Engine,
    /// The incident id: the config's, else the demo's, else one from the time.
    pub id: String,
    pub service: String,
    /// The files read (each audited as `source.open` by [`Loaded::audit_sources`]).
    pub files: Vec<PathBuf>,
    /// The metrics files read (audited likewise).
    pub metrics_files: Vec<PathBuf>,
    /// `--onset`, when given.
    pub onset_ms: Option<i64>,
    /// How far before the onset commits are suspects.
    pub window_ms: i64,
    /// The repository whose commits are suspects: `--repo`, else the service's.
    pub repo: Option<PathBuf>,
}

impl Loaded {
    pub fn audit_sources(&self, audit: &mut dyn AuditSink) -> anyhow::Result<()> {
        for file in &self.files {
            audit.append(SourceOpen::default().entry(file.display().to_string()))?;
        }
        for file in &self.metrics_files {
            let open = SourceOpen {
                kind: Some("metrics-file".into()),
                ..SourceOpen::default()
            };
            audit.append(open.entry(file.display().to_string()))?;
        }
        Ok(())
    }

    /// What the evidence pack is built around: the onset the suspects were
    /// ranked against (else `--onset`, else the pack's own first signal) and
    /// the suspects, so the pack and the ranking speak of the same moment.
    pub fn pack_input<'a>(
        &self,
        report: Option<&crate::changes::ChangesReport>,
        suspects: Option<&'a [SuspectChange]>,
    ) -> crate::incident::PackInput<'a> {
        crate::incident::PackInput {
            onset_ms: report.map(|r| r.onset_ms).or(self.onset_ms),
            suspects,
            budget_tokens: 0,
        }
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
    load_logs(args, service, config, true)
}

/// [`load`]; without `logs_required`, no log files is no error (`changes`
/// ranks the commits before `--onset`, else before now).
pub fn load_logs(
    args: &IncidentArgs,
    service: Option<&str>,
    config: &Config,
    logs_required: bool,
) -> anyhow::Result<Loaded> {
    let configured =
        match service {
            Some(name) => Some(config.services.iter().find(|s| s.name == name).ok_or_else(
                || {
                    BadInput(format!(
                        "--service {name}: no [[service]] of that name in the config"
                    ))
                },
            )?),
            None => None,
        };
    let onset_ms = args
        .onset
        .as_deref()
        .map(|text| {
            crate::changes::parse_time(text).map_err(|e| BadInput(format!("--onset {text:?}: {e}")))
        })
        .transpose()?;
    let window_ms = match (
        &args.since,
        configured.and_then(|s| s.changes_window.as_ref()),
    ) {
        (Some(since), _) => {
            crate::changes::parse_window(since).map_err(|e| BadInput(format!("--since: {e}")))?
        }
        (None, Some(window)) => crate::changes::parse_window(window).map_err(|e| {
            BadInput(format!(
                "service {}: changes_window: {e}",
                service.unwrap_or_default()
            ))
        })?,
        (None, None) => crate::changes::DEFAULT_WINDOW_MS,
    };
    let mut engine_config = config.engine.clone();
    if let Some(format) = &args.line_format {
        crate::ingest::parse::LineFormat::compile(format)
            .map_err(|e| BadInput(format!("--line-format: {e}")))?;
        engine_config.line_format = Some(format.clone());
    }
    let mut engine = Engine::new(engine_config);
    if let Some(onset_ms) = onset_ms {
        engine.set_year_context(onset_ms);
    }
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
        } else if !logs_required && configured.is_none_or(|s| s.files.is_empty()) {
            Vec::new()
        } else if let Some(configured) = configured {
            service_files(configured)?
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
    for path in &args.metrics_files {
        let series = crate::source::prometheus::load_answer_file(path)
            .map_err(|e| BadInput(format!("--metrics-file {e}")))?;
        for one in series {
            engine.push_metric(one);
        }
    }
    Ok(Loaded {
        engine,
        id: config.incident.id.clone().unwrap_or(default_id),
        service: service_name,
        files,
        metrics_files: args.metrics_files.clone(),
        onset_ms,
        window_ms,
        repo: args
            .repo
            .clone()
            .or_else(|| configured.and_then(|s| s.repo.clone())),
    })
}

/// The files (paths, directories, globs) of a configured service.
fn service_files(service: &crate::config::ServiceConfig) -> anyhow::Result<Vec<PathBuf>> {
    let name = &service.name;
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
/// [`open`], then the suspect changes of its repository (`--repo`, else the
/// service's), ranked against the incident: what `ask` and the drafts start
/// from. The report is None when no repository is given or configured (the
/// pack then says no repository was read).
pub fn open_with_suspects(
    args: &IncidentArgs,
    service: Option<&str>,
    config: &Config,
    level: crate::level::Level,
) -> anyhow::Result<(Opened, Option<crate::changes::ChangesReport>)> {
    let mut opened = open(args, service, config, level)?;
    let report = match opened.loaded.repo.clone() {
        Some(repo) => Some(rank_history(&repo, &opened.loaded, &mut opened.audit)?),
        None => None,
    };
    Ok((opened, report))
}

/// Ranks `repo`'s commits in the window before the incident's onset (`--onset`,
/// else its first signal); the read is audited before anything of it is shown or sent.
pub fn rank_history(
    repo: &Path,
    loaded: &Loaded,
    audit: &mut dyn AuditSink,
) -> anyhow::Result<crate::changes::ChangesReport> {
    let report = rank(repo, loaded)?;
    audit.append(report.audit_entry(repo))?;
    Ok(report)
}

/// [`rank_history`] without the audit: `lookout changes` only prints.
pub fn rank(repo: &Path, loaded: &Loaded) -> anyhow::Result<crate::changes::ChangesReport> {
    if !repo.exists() {
        return Err(BadInput(format!("--repo {}: no such directory", repo.display())).into());
    }
    let report = crate::changes::analyse_engine(
        repo,
        &loaded.engine,
        loaded.onset_ms,
        loaded.window_ms,
        crate::source::now_ms(),
    )
    .map_err(|e| BadInput(e.to_string()))?;
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
