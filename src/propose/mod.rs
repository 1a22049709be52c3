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
