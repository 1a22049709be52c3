//! The offline analyst's fix: revert the top suspect commit, in memory. git2
//! computes the revert of the commit against HEAD into an index
//! (`Repository::revert_commit`), the index is written as a tree into the
//! object database only, and the proposal is the diff from HEAD's tree to it
//! — the worktree, the index file and every ref stay as they were. The diff
//! then goes through `flow::prepare` like any other.

use std::path::Path;

use git2::{DiffFormat, DiffOptions, Repository};

/// A revert ready to be proposed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revert {
    /// The reverted commit's full sha.
    pub sha: String,
    /// Its subject line.
    pub subject: String,
    /// The unified diff from HEAD that undoes it.
    pub diff: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RevertError {
    #[error("{repo}: {message}")]
    Repo { repo: String, message: String },
    #[error("{repo}: no commit {id} (ids are `C` and 7+ hex digits, or a sha)")]
    UnknownCommit { repo: String, id: String },
    #[error(
        "reverting {sha} conflicts with later changes to {paths}: a human must undo it by hand"
    )]
    Conflicts { sha: String, paths: String },
    #[error("reverting {sha} changes nothing at HEAD: it was undone already")]
    Empty { sha: String },
}

/// The diff that reverts commit `id` (`C1a2b3c` or a sha) on top of HEAD.
pub fn revert(repo: &Path, id: &str) -> Result<Revert, RevertError> {
    let name = repo.display().to_string();
    let fail = |e: git2::Error| RevertError::Repo {
        repo: name.clone(),
        message: e.message().to_string(),
    };
    let git = Repository::open(repo).map_err(fail)?;
    let hex = id.strip_prefix('C').unwrap_or(id);
    let unknown = || RevertError::UnknownCommit {
        repo: name.clone(),
        id: id.to_string(),
    };
    if hex.len() < 7 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(unknown());
    }
    let commit = git
        .revparse_single(hex)
        .and_then(|object| object.peel_to_commit())
        .map_err(|_| unknown())?;
    let sha = commit.id().to_string();
    let head = git.head().and_then(|h| h.peel_to_commit()).map_err(fail)?;
    let mut index = git.revert_commit(&commit, &head, 0, None).map_err(fail)?;
    if index.has_conflicts() {
        let mut paths: Vec<String> = index
            .conflicts()
            .map_err(fail)?
            .filter_map(Result::ok)
            .filter_map(|c| c.our.or(c.their).or(c.ancestor))
            .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
            .collect();
        paths.dedup();
        return Err(RevertError::Conflicts {
            sha,
            paths: paths.join(", "),
        });
    }
    // Written to the object database only: no ref, no worktree, no index file.
    let tree_id = index.write_tree_to(&git).map_err(fail)?;
    let tree = git.find_tree(tree_id).map_err(fail)?;
    let head_tree = head.tree().map_err(fail)?;
    let mut options = DiffOptions::new();
    options.context_lines(3);
    let diff = git
        .diff_tree_to_tree(Some(&head_tree), Some(&tree), Some(&mut options))
        .map_err(fail)?;
    let mut text = String::new();
    diff.print(DiffFormat::Patch, |_, _, line| {
        let content = String::from_utf8_lossy(line.content());
        match line.origin() {
            '+' | '-' | ' ' => text.push(line.origin()),
            _ => {}
        }
        text.push_str(&content);
        true
    })
    .map_err(fail)?;
    if text.trim().is_empty() {
        return Err(RevertError::Empty { sha });
    }
    Ok(Revert {
        sha,
        subject: commit
            .summary()
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_string(),
        diff: text,
    })
}
