//! Level 1: a diff (+ optional Terraform plan) → validation → Rego policy →
//! risk label → on confirmation, a commit on a new local branch + a PR draft.
//! PURE except `stage.rs`, which is the only code that writes to a git repo.

pub mod patch;
pub mod plan;
pub mod policy;
pub mod pr_draft;
pub mod risk;
pub mod stage;

use serde::{Deserialize, Serialize};

/// The `[propose]` section of the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProposeConfig {
    /// Directories of extra `*.rego` policies laid over the shipped ones.
    pub policy_dirs: Vec<std::path::PathBuf>,
    /// Allow diffs that change a file's executable bit.
    pub allow_exec_bit: bool,
    pub max_files: usize,
    pub max_lines: usize,
    pub max_bytes: usize,
}

impl Default for ProposeConfig {
    fn default() -> Self {
        ProposeConfig {
            policy_dirs: Vec::new(),
            allow_exec_bit: false,
            max_files: 50,
            max_lines: 5_000,
            max_bytes: 1024 * 1024,
        }
    }
}

/// The policy input document for a file given to `check`: a plan when it parses
/// as JSON, else a unified diff.
pub fn policy_input_for_file(
    name: &str,
    text: &str,
    incident: &str,
    level: crate::level::Level,
) -> Result<serde_json::Value, String> {
    if text.trim_start().starts_with('{') || text.trim_start().starts_with('[') {
        let changes = plan::parse(name, text).map_err(|e| e.to_string())?;
        return Ok(serde_json::json!({
            "incident": incident,
            "level": level.number(),
            "resource_changes": changes,
            "files": [],
        }));
    }
    let patch = patch::parse(text).map_err(|e| format!("{name}: {e}"))?;
    Ok(serde_json::json!({
        "incident": incident,
        "level": level.number(),
        "resource_changes": [],
        "files": patch.policy_files(),
    }))
}

/// One file of a prepared proposal: HEAD's content and the proposed content.
#[derive(Debug, Clone, PartialEq)]
pub struct FileChange {
    pub path: String,
    pub old: String,
    pub new: String,
}

/// A proposal checked and ready to show (and, after confirmation, to stage).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub title: String,
    pub incident: String,
    pub branch: String,
    pub patch: patch::Patch,
    pub files: Vec<FileChange>,
    pub assessment: risk::Assessment,
}

/// Parses, validates, applies in memory (reading HEAD, writing nothing) and
/// evaluates policy. Errors are user-facing sentences.
pub fn prepare(
    repo: &std::path::Path,
    diff_text: &str,
    title: &str,
    incident: &str,
    level: crate::level::Level,
    config: &ProposeConfig,
) -> Result<Prepared, String> {
    let parsed = patch::parse(&patch::extract_diff(diff_text))
        .map_err(|e| format!("the proposed diff: {e}"))?;
    patch::validate(&parsed, config).map_err(|e| format!("rejected: {e}"))?;
    let git =
        git2::Repository::open(repo).map_err(|e| format!("{}: {}", repo.display(), e.message()))?;
    let tree = git
        .head()
        .and_then(|h| h.peel_to_tree())
        .map_err(|e| format!("{}: no HEAD: {}", repo.display(), e.message()))?;
    let mut files = Vec::new();
    for file in &parsed.files {
        let old_path = file
            .old_path
            .clone()
            .unwrap_or_else(|| file.path().to_string());
        let old = tree
            .get_path(std::path::Path::new(&old_path))
            .ok()
            .and_then(|entry| git.find_blob(entry.id()).ok())
            .map(|blob| String::from_utf8_lossy(blob.content()).into_owned());
        let new = match file.kind {
            patch::ChangeKind::Delete => String::new(),
            _ => patch::apply(file, old.as_deref()).map_err(|e| e.to_string())?,
        };
        files.push(FileChange {
            path: file.path().to_string(),
            old: old.unwrap_or_default(),
            new,
        });
    }
    let input = serde_json::json!({"incident": incident, "level": level.number(), "resource_changes": [], "files": parsed.policy_files()});
    let evaluation = policy::evaluate(&input, &config.policy_dirs).map_err(|e| e.to_string())?;
    Ok(Prepared {
        title: title.to_string(),
        incident: incident.to_string(),
        branch: stage::branch_name(incident, title),
        patch: parsed,
        files,
        assessment: risk::assess(evaluation),
    })
}
