//! `lookout` with no subcommand: the workbench of a `[[service]]` — its files
//! followed, its CloudWatch groups read and followed (after the credential
//! guard), its metric queries polled — and the settings every TUI command
//! resolves the same way.

use std::process::ExitCode;
use std::sync::Arc;

use super::output::BadInput;
use super::GlobalArgs;
use crate::audit::entry::SourceOpen;
use crate::audit::Details;
use crate::config::{Config, ServiceConfig};
use crate::level::Level;
use crate::source::cloudwatch::source::{self as cloudwatch_source, CloudwatchContext};
use crate::source::prometheus::source::{self as prometheus_source, MetricsPlan};
use crate::source::{SourceIds, SourceInfo};
use crate::tui::theme::Theme;

/// Config, level and theme, resolved from files, env and flags.
pub struct Settings {
    pub config: Config,
    pub level: Level,
    pub theme: Theme,
}

impl Settings {
    pub fn resolve(global: &GlobalArgs) -> anyhow::Result<Settings> {
        let loaded = crate::config::load(&global.overrides())?;
        let (config, level) = (loaded.config, loaded.level);
        let theme_name = config.ui.theme.clone();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let theme = Theme::load(&theme_name, no_color)?;
        Ok(Settings {
            config,
            level,
            theme,
        })
    }
}

/// Flags of the workbench itself (not of any subcommand).
#[derive(Debug, Clone, clap::Args)]
pub struct WorkbenchArgs {
    /// Workbench: how far back CloudWatch groups and metric queries are read at start (e.g. 30m, 6h).
    #[arg(long, value_name = "DUR", default_value = "30m")]
    pub since: String,
    /// Workbench: follow CloudWatch groups by polling FilterLogEvents, not StartLiveTail.
    #[arg(long)]
    pub no_live_tail: bool,
}

/// The service's `changes_window` (validated with the config), else 24 h.
fn changes_window_ms(service: &ServiceConfig) -> anyhow::Result<i64> {
    match &service.changes_window {
        Some(text) => Ok(crate::changes::parse_window(text)
            .map_err(|e| BadInput(format!("service {:?}: changes_window {e}", service.name)))?),
        None => Ok(crate::changes::DEFAULT_WINDOW_MS),
    }
}

/// Default step of metric queries when `prometheus.step_secs` is unset.
const DEFAULT_STEP_SECS: u64 = 15;

pub fn run(global: &GlobalArgs, args: &WorkbenchArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings::resolve(global)?;
    let since_s = crate::source::prometheus::parse_duration(&args.since)
        .map_err(|e| BadInput(format!("--since {:?}: {e}", args.since)))?
        .min(366 * 86_400);
    let service = pick_service(&settings.config, global)?;
    if service.files.is_empty()
        && service.cloudwatch_groups.is_empty()
        && service.metrics.is_empty()
        && service.deploy_query.is_none()
    {
        return Err(BadInput(format!(
            "service {:?} has nothing to read: give it `files`, `cloudwatch_groups`, [[service.metrics]] or `deploy_query`",
            service.name
        ))
        .into());
    }
    let inputs = crate::source::file::expand_inputs(&service.files)
        .map_err(|e| BadInput(format!("service {:?}: {e}", service.name)))?;
    let paths: Vec<std::path::PathBuf> = inputs
        .into_iter()
        .filter_map(|input| match input {
            crate::source::file::Input::File(path) => Some(path),
            crate::source::file::Input::Stdin => None,
        })
        .collect();
    let id = settings
        .config
        .incident
        .id
        .clone()
        .unwrap_or_else(crate::incident::folder::new_incident_id);
    let (folder, mut audit) = super::common::open_incident(&settings.config, &id, settings.level)?;
    // One runtime for the guard's calls and the workbench's, so pooled
    // connections never outlive the runtime they were made on.
    let runtime = crate::tui::runtime()?;
    // AWS sources configured: the credential guard runs (and may refuse) before
    // anything else happens, terminal or not.
    let connection = crate::source::cloudwatch::Connection {
        profile: settings.config.aws.profile.clone(),
        region: settings.config.aws.region.clone(),
        endpoint_url: settings.config.aws.endpoint_url.clone(),
    };
    let trust = if service.cloudwatch_groups.is_empty() {
        None
    } else {
        Some(runtime.block_on(super::doctor::guard_at_start(
            &connection,
            global,
            &mut audit,
        ))?)
    };
    crate::tui::require_terminal("lookout")?;
    // Sources in index order: files, groups, then the metric queries.
    let mut sources: Vec<SourceInfo> = paths.iter().map(|p| crate::source::file::info(p)).collect();
    for path in &paths {
        audit.append(
            SourceOpen {
                service: Some(service.name.clone()),
                ..SourceOpen::default()
            }
            .entry(path.display().to_string()),
        )?;
    }
    let first_group = sources.len();
    for group in &service.cloudwatch_groups {
        audit.append(
            SourceOpen {
                service: Some(service.name.clone()),
                since: Some(args.since.clone()),
                ..SourceOpen::default()
            }
            .entry(format!("cloudwatch:{group}")),
        )?;
        sources.push(cloudwatch_source::info(group));
    }
    let metrics_plan = metrics_plan(&settings.config, service, since_s);
    let metrics_index = sources.len();
    if let Some(plan) = &metrics_plan {
        audit.append(
            SourceOpen {
                service: Some(service.name.clone()),
                queries: Some(plan.queries.iter().map(|q| q.name.clone()).collect()),
                ..SourceOpen::default()
            }
            .entry(plan.url.clone()),
        )?;
        sources.push(prometheus_source::info());
    }
    let audit = crate::audit::AuditWriter::spawn(audit)?;
    let ids = Arc::new(SourceIds::starting_at(sources.len()));
    let cloudwatch = trust.map(|_| CloudwatchContext {
        logs: runtime.block_on(crate::source::cloudwatch::ReadOnlyLogs::connect(
            &connection,
        )),
        audit: audit.clone(),
        since_ms: crate::source::now_ms() - since_s as i64 * 1000,
        live: !args.no_live_tail,
        ids,
    });
    let mut engine_config = settings.config.engine.clone();
    engine_config.line_format = service.line_format.clone().or(engine_config.line_format);
    let session = crate::tui::Session {
        engine: crate::ingest::Engine::new(engine_config),
        level: settings.level,
        service: service.name.clone(),
        sources,
        theme: settings.theme,
        mouse: settings.config.ui.mouse,
        folder,
        audit: audit.clone(),
        service_repo: service.repo.clone(),
        propose_config: settings.config.propose.clone(),
        llm_config: settings.config.llm.clone(),
        credentials_unverified: trust == Some(crate::guard::Trust::Unverified),
        cloudwatch: cloudwatch.clone(),
        changes_repo: match &service.repo {
            Some(repo) => Some((repo.clone(), changes_window_ms(service)?)),
            None => None,
        },
    };
    let groups = service.cloudwatch_groups.clone();
    crate::tui::run_in(&runtime, session, move |tx| {
        crate::source::file::spawn_follow(paths, 0, true, tx.clone());
        if let Some(context) = &cloudwatch {
            for (offset, group) in groups.into_iter().enumerate() {
                let index = (first_group + offset) as crate::ingest::SourceIndex;
                cloudwatch_source::spawn(context, group, index, tx.clone());
            }
        }
        if let Some(plan) = metrics_plan {
            let index = metrics_index as crate::ingest::SourceIndex;
            prometheus_source::spawn(plan, index, audit, tx);
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `--service NAME`, or the only service there is.
fn pick_service<'a>(config: &'a Config, global: &GlobalArgs) -> anyhow::Result<&'a ServiceConfig> {
    let services = &config.services;
    let service = match (&global.service, services.len()) {
        (Some(name), _) => services.iter().find(|s| &s.name == name).ok_or_else(|| {
            let known: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
            BadInput(format!("no [[service]] named {name:?} in the config (known: {})", if known.is_empty() { "none".to_string() } else { known.join(", ") }))
        })?,
        (None, 1) => &services[0],
        (None, 0) => return Err(BadInput("no sources configured: add a [[service]] to lookout.toml (see lookout.example.toml), use `lookout tail FILE…`, or try `lookout demo`".into()).into()),
        (None, _) => return Err(BadInput("several [[service]] entries: pick one with --service NAME".into()).into()),
    };
    Ok(service)
}

/// The service's metric queries and where they go (config validation made
/// sure a service with queries has `prometheus.url`).
fn metrics_plan(config: &Config, service: &ServiceConfig, since_s: u64) -> Option<MetricsPlan> {
    if service.metrics.is_empty() && service.deploy_query.is_none() {
        return None;
    }
    Some(MetricsPlan {
        url: config.prometheus.url.clone()?,
        queries: service.metrics.clone(),
        service: service.name.clone(),
        deploy_query: service.deploy_query.clone(),
        since_s,
        step_s: config.prometheus.step_secs.unwrap_or(DEFAULT_STEP_SECS),
    })
}
