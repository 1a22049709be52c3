//! Layering config files, env and flags, and remembering each value's origin.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::validate::validate;
use super::{Config, Overrides};
use crate::level::Level;

/// Where a value came from, for `lookout config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(PathBuf),
    Env(String),
    Flag(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => write!(f, "default"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Env(var) => write!(f, "env {var}"),
            Origin::Flag(flag) => write!(f, "flag {flag}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("config file {path}: cannot read it: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}: key `{key}` has value {value:?}: {reason}")]
    Value {
        origin: Origin,
        key: String,
        value: String,
        reason: String,
    },
}

/// The effective configuration and where every value came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub level: Level,
    /// Dotted key → origin, for every key that is not a default.
    pub origins: BTreeMap<String, Origin>,
    /// The files that were layered, lowest first.
    pub files: Vec<PathBuf>,
}

impl Loaded {
    pub fn origin(&self, key: &str) -> Origin {
        self.origins.get(key).cloned().unwrap_or(Origin::Default)
    }
}

/// Environment variables lookout reads, and the config key each sets.
pub const ENV_KEYS: [(&str, &str); 5] = [
    ("LOOKOUT_LEVEL", "level"),
    ("LOOKOUT_THEME", "ui.theme"),
    ("LOOKOUT_LLM_BASE_URL", "llm.base_url"),
    ("LOOKOUT_LLM_MODEL", "llm.model"),
    ("LOOKOUT_INCIDENT", "incident.id"),
];

/// Loads user config, repo config (or `--config`), env and flags, in that order.
pub fn load(global: &Overrides) -> Result<Loaded, ConfigError> {
    let mut merged = toml::Table::new();
    let mut origins = BTreeMap::new();
    let mut files = Vec::new();
    let repo_file = match &global.config {
        Some(path) => {
            if !path.is_file() {
                return Err(ConfigError::Read {
                    path: path.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no such file (given with --config)",
                    ),
                });
            }
            Some(path.clone())
        }
        None => find_repo_config(&std::env::current_dir().unwrap_or_default()),
    };
    for path in user_config_path()
        .into_iter()
        .filter(|p| p.is_file())
        .chain(repo_file)
    {
        let table = read_table(&path)?;
        // Validate each file alone, so an error names the file it is in.
        parse_config(&table, &Origin::File(path.clone()))?;
        merge(
            &mut merged,
            table,
            &Origin::File(path.clone()),
            "",
            &mut origins,
        );
        files.push(path);
    }
    for (var, key) in ENV_KEYS {
        if let Ok(value) = std::env::var(var) {
            set(
                &mut merged,
                key,
                &value,
                Origin::Env(var.to_string()),
                &mut origins,
            )?;
        }
    }
    let flags = [
        ("--level", "level", global.level.map(|l| l.to_string())),
        ("--theme", "ui.theme", global.theme.clone()),
        ("--incident", "incident.id", global.incident.clone()),
    ];
    for (flag, key, value) in flags {
        if let Some(value) = value {
            set(
                &mut merged,
                key,
                &value,
                Origin::Flag(flag.to_string()),
                &mut origins,
            )?;
        }
    }
    let origin_of_all = origins.get("level").cloned().unwrap_or(Origin::Default);
    let config = parse_config(&merged, &origin_of_all)?;
    validate(&config, &origins)?;
    Ok(Loaded {
        level: config.level.unwrap_or_default(),
        config,
        origins,
        files,
    })
}

/// `$XDG_CONFIG_HOME/lookout/config.toml`, else `~/.config/lookout/config.toml`.
pub fn user_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("lookout").join("config.toml"))
}

/// `lookout.toml` in `start` or a parent, stopping at the repository root.
pub fn find_repo_config(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join("lookout.toml");
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// One config file's text, checked exactly as `load` checks a file (syntax,
/// keys, values) — the entry point the config fuzzer drives.
pub fn check_file_text(path: &Path, text: &str) -> Result<Config, ConfigError> {
    let table = parse_table(path, text)?;
    let origin = Origin::File(path.to_path_buf());
    let config = parse_config(&table, &origin)?;
    let mut origins = BTreeMap::new();
    merge(&mut toml::Table::new(), table, &origin, "", &mut origins);
    validate(&config, &origins)?;
    Ok(config)
}

fn read_table(path: &Path) -> Result<toml::Table, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_table(path, &text)
}

fn parse_table(path: &Path, text: &str) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>()
        .map_err(|err| ConfigError::File {
            path: path.to_path_buf(),
            message: one_line(&err.to_string()),
        })
}

fn parse_config(table: &toml::Table, origin: &Origin) -> Result<Config, ConfigError> {
    toml::Value::Table(table.clone())
        .try_into::<Config>()
        .map_err(|err| match origin {
            Origin::File(path) => ConfigError::File {
                path: path.clone(),
                message: describe(&err, table),
            },
            other => ConfigError::File {
                path: PathBuf::from(other.to_string()),
                message: describe(&err, table),
            },
        })
}

/// serde's message plus the dotted key it is about, when the error carries one.
fn describe(err: &toml::de::Error, _table: &toml::Table) -> String {
    one_line(&err.to_string())
}

/// The parser's message on one line, at most ~300 characters: a hostile file
/// (one 100 KB line) must not turn the error into a 100 KB quote of itself.
fn one_line(text: &str) -> String {
    const MAX_CHARS: usize = 300;
    let line = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "|")
        .collect::<Vec<_>>()
        .join(" ");
    if line.chars().count() <= MAX_CHARS {
        return line;
    }
    // Head and tail: the parser names the key at the end of its message.
    let chars: Vec<char> = line.chars().collect();
    let head: String = chars[..MAX_CHARS / 2].iter().collect();
    let tail: String = chars[chars.len() - MAX_CHARS / 2..].iter().collect();
    format!("{head} … {tail}")
}

fn merge(
    into: &mut toml::Table,
    from: toml::Table,
    origin: &Origin,
    prefix: &str,
    origins: &mut BTreeMap<String, Origin>,
) {
    for (key, value) in from {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (into.get_mut(&key), value) {
            (Some(toml::Value::Table(existing)), toml::Value::Table(incoming)) => {
                merge(existing, incoming, origin, &path, origins);
            }
            (_, value) => {
                if let toml::Value::Table(table) = &value {
                    record_leaves(table, origin, &path, origins);
                } else {
                    origins.insert(path, origin.clone());
                }
                into.insert(key, value);
            }
        }
    }
}

fn record_leaves(
    table: &toml::Table,
    origin: &Origin,
    prefix: &str,
    origins: &mut BTreeMap<String, Origin>,
) {
    for (key, value) in table {
        let path = format!("{prefix}.{key}");
        match value {
            toml::Value::Table(inner) => record_leaves(inner, origin, &path, origins),
            _ => {
                origins.insert(path, origin.clone());
            }
        }
    }
}

/// Sets a dotted key from a string (env or flag), typed by the key.
fn set(
    table: &mut toml::Table,
    key: &str,
    raw: &str,
    origin: Origin,
    origins: &mut BTreeMap<String, Origin>,
) -> Result<(), ConfigError> {
    let value = if key == "level" {
        let level: Level =
            raw.parse()
                .map_err(|err: crate::level::LevelError| ConfigError::Value {
                    origin: origin.clone(),
                    key: key.to_string(),
                    value: raw.to_string(),
                    reason: err.to_string(),
                })?;
        toml::Value::Integer(i64::from(level.number()))
    } else {
        toml::Value::String(raw.to_string())
    };
    let mut parts: Vec<&str> = key.split('.').collect();
    let leaf = parts.pop().unwrap_or(key);
    let mut current = table;
    for part in parts {
        let entry = current
            .entry(part.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        match entry {
            toml::Value::Table(inner) => current = inner,
            _ => unreachable!("just made it a table"),
        }
    }
    current.insert(leaf.to_string(), value);
    origins.insert(key.to_string(), origin);
    Ok(())
}
