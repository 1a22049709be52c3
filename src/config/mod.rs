//! Configuration: `lookout.toml` (per repo) over `~/.config/lookout/config.toml`,
//! then `LOOKOUT_*` env, then flags — validated into ready-built values.
//! `load` (in load.rs) does the layering and remembers where each value came from.

mod load;
mod validate;

pub use load::{check_file_text, load, ConfigError, Loaded, Origin};

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::ingest::EngineConfig;
use crate::llm::LlmConfig;
use crate::propose::ProposeConfig;

/// What the command line sets over the files and the environment. The CLI
/// fills it in from its flags; config knows nothing of the CLI.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// A config file used instead of the repository's `lookout.toml` (`--config`).
    pub config: Option<PathBuf>,
    pub level: Option<crate::level::Level>,
    pub theme: Option<String>,
    pub incident: Option<String>,
}

/// The whole effective configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Autonomy level: 0 read-only (default), 1 propose. 2 and 3 are refused.
    pub level: Option<crate::level::Level>,
    pub ui: UiConfig,
    pub engine: EngineConfig,
    pub llm: LlmConfig,
    pub propose: ProposeConfig,
    pub aws: AwsConfig,
    pub prometheus: PrometheusConfig,
    pub incident: IncidentConfig,
    #[serde(rename = "service")]
    pub services: Vec<ServiceConfig>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// A shipped theme name (`default`, `light`, `high-contrast`) or a path.
    pub theme: String,
    /// Mouse capture (wheel scrolls panes).
    pub mouse: bool,
    pub tick_ms: u64,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            theme: "default".to_string(),
            mouse: true,
            tick_ms: 100,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct AwsConfig {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PrometheusConfig {
    pub url: Option<String>,
    pub step_secs: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IncidentConfig {
    /// Base directory under which `.lookout/incidents/<id>/` lives.
    pub base_dir: PathBuf,
    /// Fixed incident id; default: one from the start time.
    pub id: Option<String>,
}

impl Default for IncidentConfig {
    fn default() -> Self {
        IncidentConfig {
            base_dir: PathBuf::from("."),
            id: None,
        }
    }
}

/// One `[[service]]`: what to read and where its repo is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceConfig {
    pub name: String,
    pub files: Vec<String>,
    pub cloudwatch_groups: Vec<String>,
    pub line_format: Option<String>,
    pub metrics: Vec<MetricQueryConfig>,
    /// PromQL whose series mark deploys: each series that appears (a new
    /// label set, e.g. `app_build_info{version="v7.4.9"}`) is a deploy at its
    /// first point, named by its `version` label.
    pub deploy_query: Option<String>,
    pub repo: Option<PathBuf>,
    /// How far before the onset `repo`'s commits are suspects (e.g. `24h`, `3d`); default 24h.
    pub changes_window: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MetricQueryConfig {
    pub name: String,
    pub query: String,
    pub unit: String,
    pub warn_above: Option<f64>,
    pub critical_above: Option<f64>,
}
