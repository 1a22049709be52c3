//! The incident benchmark: a scenario is a folder (logs, metrics, a repo
//! bundle, an answer key); `run` replays it headless through the same code
//! the workbench uses — ingest, the changes ranking, the evidence pack, the
//! analyst — and scores what came out against the answer. Anyone can turn
//! their own past incidents into scenarios (docs/eval.md).

pub mod run;
pub mod scenario;

use std::path::{Path, PathBuf};

pub use run::{analyst_draft, run, run_with, totals, Drafted, ScenarioResult, Totals};
pub use scenario::{discover, load, Culprit, Scenario};

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct EvalError {
    pub path: PathBuf,
    pub message: String,
}

impl EvalError {
    pub fn at(path: &Path, message: String) -> EvalError {
        EvalError {
            path: path.to_path_buf(),
            message,
        }
    }
}

/// A directory under the system temp dir, removed when dropped: where a
/// scenario's bundle is unpacked (lookout writes nothing into the scenario).
#[derive(Debug)]
pub struct ScratchDir {
    path: PathBuf,
}

impl ScratchDir {
    pub fn new(label: &str) -> std::io::Result<ScratchDir> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let unique = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "lookout-{label}-{}-{unique}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir(&path)?;
        Ok(ScratchDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
