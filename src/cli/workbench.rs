//! `lookout` with no subcommand: the workbench for the configured sources —
//! and the settings every TUI command resolves the same way.

use std::process::ExitCode;

use super::output::BadInput;
use super::GlobalArgs;
use crate::config::Config;
use crate::level::Level;
use crate::tui::theme::Theme;

/// Config, level and theme, resolved from files, env and flags.
pub struct Settings {
    pub config: Config,
    pub level: Level,
    pub theme: Theme,
}

impl Settings {
    pub fn resolve(global: &GlobalArgs) -> anyhow::Result<Settings> {
        let loaded = crate::config::load(global)?;
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

pub fn run(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings::resolve(global)?;
    let services = &settings.config.services;
    let service = match (&global.service, services.len()) {
        (Some(name), _) => services.iter().find(|s| &s.name == name).ok_or_else(|| {
            let known: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
            BadInput(format!("no [[service]] named {name:?} in the config (known: {})", if known.is_empty() { "none".to_string() } else { known.join(", ") }))
        })?,
        (None, 1) => &services[0],
        (None, 0) => return Err(BadInput("no sources configured: add a [[service]] to lookout.toml (see lookout.example.toml), use `lookout tail FILE…`, or try `lookout demo`".into()).into()),
        (None, _) => return Err(BadInput("several [[service]] entries: pick one with --service NAME".into()).into()),
    };
    if service.files.is_empty() {
        return Err(BadInput(format!(
            "service {:?} has no `files`; CloudWatch groups are read with `lookout tail --cloudwatch GROUP` and metrics with `lookout metrics`",
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
    let folder = crate::incident::IncidentFolder::open(&settings.config.incident.base_dir, &id)?;
    let mut audit = crate::audit::AuditLog::open(&folder.audit_path(), settings.level)?;
    // AWS sources configured: the credential guard runs (and may refuse) before
    // anything else happens, terminal or not.
    let trust = guard_aws_service(&settings.config, service, global, &mut audit)?;
    crate::tui::require_terminal("lookout")?;
    for path in &paths {
        audit.append(
            crate::audit::AuditEntry::new("user", "source.open", path.display().to_string())
                .with_details(serde_json::json!({"service": service.name})),
        )?;
    }
    let mut engine_config = settings.config.engine.clone();
    engine_config.line_format = service.line_format.clone().or(engine_config.line_format);
    let session = crate::tui::Session {
        engine: crate::ingest::Engine::new(engine_config),
        level: settings.level,
        service: service.name.clone(),
        sources: paths.iter().map(|p| crate::source::file::info(p)).collect(),
        theme: settings.theme,
        mouse: settings.config.ui.mouse,
        folder,
        audit,
        proposal_source: None,
        propose_config: settings.config.propose.clone(),
        llm_config: settings.config.llm.clone(),
        credentials_unverified: trust == Some(crate::guard::Trust::Unverified),
    };
    crate::tui::run(session, move |tx| {
        crate::source::file::spawn_follow(paths, 0, true, tx);
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The credential guard for a service with CloudWatch groups (`None` when the
/// service reads no AWS source).
fn guard_aws_service(
    config: &Config,
    service: &crate::config::ServiceConfig,
    global: &GlobalArgs,
    audit: &mut crate::audit::AuditLog,
) -> anyhow::Result<Option<crate::guard::Trust>> {
    if service.cloudwatch_groups.is_empty() {
        return Ok(None);
    }
    let connection = crate::source::cloudwatch::Connection {
        profile: config.aws.profile.clone(),
        region: config.aws.region.clone(),
        endpoint_url: config.aws.endpoint_url.clone(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let trust = runtime.block_on(super::doctor::guard_at_start(&connection, global, audit))?;
    Ok(Some(trust))
}
