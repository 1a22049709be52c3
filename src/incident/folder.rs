//! `.lookout/incidents/<id>/`: drafts, PR drafts and the audit log of one incident.
//!
//! Writes are atomic (temp file + rename) so a crash or a full disk never
//! leaves a half-written draft in place of a good one.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("incident id {0:?} is not usable: use letters, digits, '.', '_' and '-' only")]
    BadId(String),
    #[error("incident folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentFolder {
    id: String,
    root: PathBuf,
}

impl IncidentFolder {
    /// The folder of incident `id` under `base` (usually the current repo):
    /// `base/.lookout/incidents/<id>/`, created if missing.
    pub fn open(base: &Path, id: &str) -> Result<Self, FolderError> {
        validate_id(id)?;
        let root = base.join(".lookout").join("incidents").join(id);
        std::fs::create_dir_all(&root).map_err(|source| FolderError::Io {
            path: root.clone(),
            source,
        })?;
        Ok(IncidentFolder {
            id: id.to_string(),
            root,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The base directory holding `.lookout/incidents/` (this folder's grandparent's parent).
    pub fn base_dir(&self) -> PathBuf {
        self.root
            .ancestors()
            .nth(3)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    pub fn audit_path(&self) -> PathBuf {
        self.root.join("audit.jsonl")
    }

    /// Writes a draft (e.g. `summary.md`) atomically and returns its path.
    pub fn write_draft(&self, file_name: &str, contents: &str) -> Result<PathBuf, FolderError> {
        let target = self.root.join(file_name);
        let tmp = self.root.join(format!(".{file_name}.tmp"));
        let io = |source| FolderError::Io {
            path: target.clone(),
            source,
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&tmp, contents).map_err(io)?;
        std::fs::rename(&tmp, &target).map_err(io)?;
        Ok(target)
    }
}

/// A new incident id from the current UTC time: `inc-20241101-031200`.
pub fn new_incident_id() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "inc-{:04}{:02}{:02}-{:02}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

fn validate_id(id: &str) -> Result<(), FolderError> {
    let ok = !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(FolderError::BadId(id.to_string()))
    }
}
