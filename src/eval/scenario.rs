//! One incident scenario on disk, checked: `incident.toml` (name, service,
//! optional onset and per-file line formats), `logs/*.log`, optional
//! `metrics/*.json` (saved Prometheus answers), optional `repo.bundle`, and
//! `answer.toml` (culprit, root-cause template patterns, fix files). Every
//! problem is an error naming the file and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use super::EvalError;

/// `incident.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentToml {
    pub name: String,
    pub service: String,
    /// Free text: what kind of failure this is.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// RFC 3339; default: the first signal of the logs.
    #[serde(default)]
    pub onset: Option<String>,
    /// How far before the onset commits are suspects (e.g. `24h`, `3d`).
    #[serde(default)]
    pub changes_window: Option<String>,
    /// File name under `logs/` → Loghub-style line format.
    #[serde(default)]
    pub line_formats: BTreeMap<String, String>,
}

/// `answer.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerToml {
    culprit: String,
    #[serde(default)]
    root_cause: Vec<String>,
    #[serde(default)]
    fix_files: Vec<String>,
    #[serde(default)]
    notes: Option<String>,
}

/// The commit that caused the incident, or none in this repo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Culprit {
    None,
    Commit(String),
}

/// A loaded, checked scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub dir: PathBuf,
    pub incident: IncidentToml,
    pub onset_ms: Option<i64>,
    pub window_ms: i64,
    pub culprit: Culprit,
    pub root_cause: Vec<Regex>,
    pub fix_files: Vec<String>,
    /// `logs/*.log`, sorted, each with its line format.
    pub logs: Vec<(PathBuf, Option<String>)>,
    /// `metrics/*.json`, sorted.
    pub metrics: Vec<PathBuf>,
    pub bundle: Option<PathBuf>,
}

/// The scenario folders under `paths`: each path is a scenario (it holds
/// `incident.toml`) or a folder of them.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, EvalError> {
    let mut found = Vec::new();
    for path in paths {
        if path.join("incident.toml").is_file() {
            found.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path)
            .map_err(|e| EvalError::at(path, format!("cannot read: {e}")))?;
        let mut inner: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("incident.toml").is_file())
            .collect();
        if inner.is_empty() {
            return Err(EvalError::at(
                path,
                "holds no incident.toml, nor folders that do".into(),
            ));
        }
        inner.sort();
        found.extend(inner);
    }
    Ok(found)
}

/// Reads and checks the scenario in `dir`.
pub fn load(dir: &Path) -> Result<Scenario, EvalError> {
    let incident_path = dir.join("incident.toml");
    let incident: IncidentToml = read_toml(&incident_path)?;
    let answer_path = dir.join("answer.toml");
    let answer: AnswerToml = read_toml(&answer_path)?;
    let _ = answer.notes;
    let onset_ms = incident
        .onset
        .as_deref()
        .map(|text| {
            crate::changes::parse_time(text)
                .map_err(|e| EvalError::at(&incident_path, format!("onset {text:?}: {e}")))
        })
        .transpose()?;
    let window_ms = match &incident.changes_window {
        Some(text) => crate::changes::parse_window(text)
            .map_err(|e| EvalError::at(&incident_path, format!("changes_window: {e}")))?,
        None => crate::changes::DEFAULT_WINDOW_MS,
    };
    let culprit = match answer.culprit.trim() {
        "none" => Culprit::None,
        sha if sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()) => {
            Culprit::Commit(sha.to_ascii_lowercase())
        }
        other => {
            return Err(EvalError::at(
                &answer_path,
                format!("culprit {other:?}: expected \"none\" or a full 40-hex commit sha"),
            ))
        }
    };
    let root_cause = answer
        .root_cause
        .iter()
        .map(|pattern| {
            Regex::new(pattern)
                .map_err(|e| EvalError::at(&answer_path, format!("root_cause {pattern:?}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let logs_dir = dir.join("logs");
    let log_files = files_with_extension(&logs_dir, "log")?;
    if log_files.is_empty() {
        return Err(EvalError::at(&logs_dir, "holds no *.log file".into()));
    }
    for (file, format) in &incident.line_formats {
        if !log_files
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == file.as_str()))
        {
            return Err(EvalError::at(
                &incident_path,
                format!("line_formats names {file:?}, which is not a file in logs/"),
            ));
        }
        crate::ingest::parse::LineFormat::compile(format)
            .map_err(|e| EvalError::at(&incident_path, format!("line_formats.{file:?}: {e}")))?;
    }
    let logs = log_files
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let format = incident.line_formats.get(&name).cloned();
            (path, format)
        })
        .collect();
    let metrics_dir = dir.join("metrics");
    let metrics = if metrics_dir.is_dir() {
        files_with_extension(&metrics_dir, "json")?
    } else {
        Vec::new()
    };
    let bundle = Some(dir.join("repo.bundle")).filter(|p| p.is_file());
    if bundle.is_none() && culprit != Culprit::None {
        return Err(EvalError::at(
            &answer_path,
            "names a culprit commit, but the scenario has no repo.bundle".into(),
        ));
    }
    Ok(Scenario {
        dir: dir.to_path_buf(),
        incident,
        onset_ms,
        window_ms,
        culprit,
        root_cause,
        fix_files: answer.fix_files,
        logs,
        metrics,
        bundle,
    })
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, EvalError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| EvalError::at(path, format!("cannot read: {e}")))?;
    toml::from_str(&text)
        .map_err(|e| EvalError::at(path, e.to_string().lines().collect::<Vec<_>>().join(" ")))
}

fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>, EvalError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| EvalError::at(dir, format!("cannot read: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == extension))
        .collect();
    files.sort();
    Ok(files)
}
