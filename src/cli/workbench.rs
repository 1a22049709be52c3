//! `lookout` with no subcommand: the workbench for the configured sources —
//! and the settings every TUI command resolves the same way.

use std::process::ExitCode;

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
    let _ = Settings::resolve(global)?;
    anyhow::bail!("no sources configured: add [[service]] entries to lookout.toml, use `lookout tail FILE…`, or try `lookout demo`")
}
