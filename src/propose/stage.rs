//! Staging a proposal: ONE commit on a NEW branch `lookout/<incident>/<slug>`,
//! whose tree is HEAD's tree plus the patch, built in memory (TreeUpdateBuilder
//! over blobs written to the object database). The worktree, the index, HEAD and
//! every existing ref are never touched; the new ref is written last and never
//! overwrites (an existing name gets a `-2`, `-3`… suffix). This is the only
//! code in lookout that writes to a git repository, and git2 is built without
//! network transports: nothing can be pushed.

use std::path::Path;

use git2::{build::TreeUpdateBuilder, FileMode, Oid, Repository, Signature};
use serde::Serialize;

use super::patch::{apply, ChangeKind, Patch};

#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error("{path} is not a git repository with a commit at HEAD: {message}")]
    Repo { path: String, message: String },
    #[error(transparent)]
    Patch(#[from] super::patch::PatchError),
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    #[error("{0}")]
    Refused(String),
}

/// What staging created.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staged {
    pub branch: String,
    pub commit: String,
    pub files: Vec<String>,
}

/// The branch name for a proposal, made safe for git.
pub fn branch_name(incident: &str, slug: &str) -> String {
    let clean = |s: &str| {
        let cleaned: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let trimmed = cleaned.trim_matches('-').to_string();
        if trimmed.is_empty() {
            "proposal".to_string()
        } else {
            trimmed.chars().take(60).collect()
        }
    };
    format!("lookout/{}/{}", clean(incident), clean(slug))
}

/// Builds the new tree from HEAD's tree plus `patch` — nothing is written but blobs.
pub fn build_tree(repo: &Repository, patch: &Patch) -> Result<(Oid, Vec<String>), StageError> {
    let head = repo.head()?.peel_to_commit()?;
    let base = head.tree()?;
    let mut update = TreeUpdateBuilder::new();
    let mut files = Vec::new();
    for file in &patch.files {
        let read = |path: &str| -> Result<Option<String>, StageError> {
            match base.get_path(Path::new(path)) {
                Ok(entry) => {
                    let blob = repo.find_blob(entry.id())?;
                    let text = std::str::from_utf8(blob.content()).map_err(|_| {
                        StageError::Refused(format!("{path} at HEAD is not UTF-8 text"))
                    })?;
                    Ok(Some(text.to_string()))
                }
                Err(_) => Ok(None),
            }
        };
        let path = file.path().to_string();
        match file.kind {
            ChangeKind::Delete => {
                let old = file.old_path.clone().unwrap_or_else(|| path.clone());
                if read(&old)?.is_none() {
                    return Err(StageError::Refused(format!(
                        "{old} is deleted by the patch but does not exist at HEAD"
                    )));
                }
                update.remove(&old);
            }
            ChangeKind::Add => {
                if read(&path)?.is_some() {
                    return Err(StageError::Refused(format!(
                        "{path} is created by the patch but already exists at HEAD"
                    )));
                }
                let content = apply(file, None)?;
                update.upsert(&path, repo.blob(content.as_bytes())?, FileMode::Blob);
            }
            ChangeKind::Modify | ChangeKind::Rename => {
                let old = file.old_path.clone().unwrap_or_else(|| path.clone());
                let original = read(&old)?
                    .ok_or_else(|| StageError::Refused(format!("{old} does not exist at HEAD")))?;
                let content = apply(file, Some(&original))?;
                if old != path {
                    update.remove(&old);
                }
                update.upsert(&path, repo.blob(content.as_bytes())?, FileMode::Blob);
            }
        }
        files.push(path);
    }
    let tree = update.create_updated(repo, &base)?;
    Ok((tree, files))
}

/// Creates the commit and, last, the new branch ref.
pub fn stage(
    repo_path: &Path,
    patch: &Patch,
    branch: &str,
    message: &str,
) -> Result<Staged, StageError> {
    let repo = Repository::open(repo_path).map_err(|e| StageError::Repo {
        path: repo_path.display().to_string(),
        message: e.message().to_string(),
    })?;
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|e| StageError::Repo {
            path: repo_path.display().to_string(),
            message: e.message().to_string(),
        })?;
    let (tree_id, files) = build_tree(&repo, patch)?;
    let tree = repo.find_tree(tree_id)?;
    let signature = Signature::now("lookout", "lookout@localhost")?;
    // update_ref None: the commit object exists, but no ref (not HEAD, not a branch) moves.
    let commit = repo.commit(None, &signature, &signature, message, &tree, &[&head])?;
    let name = free_branch_name(&repo, branch);
    // force = false: never overwrite an existing ref, even in a race.
    repo.reference(
        &format!("refs/heads/{name}"),
        commit,
        false,
        "lookout: staged proposal (never pushed)",
    )?;
    Ok(Staged {
        branch: name,
        commit: commit.to_string(),
        files,
    })
}

fn free_branch_name(repo: &Repository, wanted: &str) -> String {
    let taken = |name: &str| repo.find_reference(&format!("refs/heads/{name}")).is_ok();
    if !taken(wanted) {
        return wanted.to_string();
    }
    (2..10_000)
        .map(|n| format!("{wanted}-{n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| format!("{wanted}-{}", std::process::id()))
}
