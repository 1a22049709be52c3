//! Level 1: a diff (+ optional Terraform plan) → validation → Rego policy →
//! risk label → on confirmation, a commit on a new local branch + a PR draft.
//! `flow.rs` is that sequence, audited, for the CLI and the workbench alike.
//! PURE except `stage.rs`, which is the only code that writes to a git repo.

pub mod flow;
pub mod patch;
pub mod plan;
pub mod policy;
pub mod pr_draft;
pub mod revert;
pub mod risk;
pub mod stage;

use serde::{Deserialize, Serialize};

pub use flow::{prepare, stage_with_pr_draft, Prepared, ProposalInput};

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
