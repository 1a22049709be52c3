//! One Level-1 proposal, the same for `lookout propose` and the workbench's
//! `p`/`y`, in two audited steps:
//!
//! 1. [`prepare`]: extract and validate the diff, apply it in memory to HEAD
//!    (writing nothing; either refusal is audited as `proposal.reject`), judge it
//!    with its optional Terraform plan by policy, and audit `proposal.check` —
//!    and `proposal.block` when policy blocks it — before the result is shown.
//! 2. [`stage_with_pr_draft`]: at Level 1 and never when blocked, commit it on a
//!    new local branch (`stage.rs`), audit `proposal.stage`, write the PR draft.
//!
//! The texts a reviewer reads (summary, rollback plan, test plan) are in
//! [`super::pr_draft`], once.

use std::path::{Path, PathBuf};

use super::patch::{self, Patch};
use super::plan::{self, ResourceChange};
use super::pr_draft::{self, PrTexts, Proposal};
use super::{policy, risk, stage, FileChange, ProposeConfig};
use crate::audit::entry::{ProposalBlock, ProposalCheck, ProposalReject, ProposalStage};
use crate::audit::{AuditError, AuditSink, Details};
use crate::incident::IncidentFolder;
use crate::level::Level;

/// What is proposed, from wherever it came (a file, the demo, an LLM answer).
#[derive(Debug, Clone)]
pub struct ProposalInput<'a> {
    /// The repository the diff is for.
    pub repo: &'a Path,
    /// A unified diff, or text holding ```diff blocks.
    pub diff: &'a str,
    /// A Terraform plan (`terraform show -json`): its name (for messages) and text.
    pub plan: Option<(&'a str, &'a str)>,
    /// Title of the commit and the PR.
    pub title: &'a str,
    /// The branch slug; the title when absent.
    pub slug: Option<&'a str>,
    pub incident: &'a str,
    pub level: Level,
    /// The PR draft's summary, rollback and test plan; None → the standard texts.
    pub texts: Option<PrTexts>,
}

/// What a redaction placeholder looks like in a diff: lookout never commits one.
const MASK: &str = "[REDACTED:";

/// A proposal checked and ready to show (and, after confirmation, to stage).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub title: String,
    pub incident: String,
    pub repo: PathBuf,
    /// The intended branch, and the proposal's id in the audit log.
    pub branch: String,
    pub level: Level,
    pub patch: Patch,
    pub files: Vec<FileChange>,
    pub assessment: risk::Assessment,
    /// What the PR draft says about the change.
    pub texts: PrTexts,
}

#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// Not a diff lookout can read.
    #[error("the proposed diff: {0}")]
    Diff(String),
    /// A diff that validation refuses (audited as `proposal.reject`).
    #[error("rejected: {0}")]
    Rejected(String),
    #[error("{0}")]
    Plan(String),
    /// The repository cannot be read, or the diff does not apply to its HEAD.
    #[error("{0}")]
    Repo(String),
    #[error("policy: {0}")]
    Policy(String),
    #[error("audit failed, nothing shown: {0}")]
    Audit(#[from] AuditError),
}

/// Step 1 (see the module comment). Writes only to the audit log.
pub fn prepare(
    input: &ProposalInput,
    config: &ProposeConfig,
    audit: &mut dyn AuditSink,
) -> Result<Prepared, PrepareError> {
    let parsed = patch::parse(&patch::extract_diff(input.diff))
        .map_err(|e| PrepareError::Diff(e.to_string()))?;
    let branch = stage::branch_name(input.incident, input.slug.unwrap_or(input.title));
    let refusal = match patch::validate(&parsed, config) {
        Err(err) => Some(err.to_string()),
        Ok(()) => writes_a_mask(&parsed),
    };
    if let Some(reason) = refusal {
        let reject = ProposalReject {
            proposal: branch.clone(),
            reason: reason.clone(),
        };
        audit.append(reject.entry(branch))?;
        return Err(PrepareError::Rejected(reason));
    }
    let changes: Vec<ResourceChange> = match input.plan {
        Some((name, text)) => {
            plan::parse(name, text).map_err(|e| PrepareError::Plan(e.to_string()))?
        }
        None => Vec::new(),
    };
    let files = match apply_to_head(input.repo, &parsed) {
        Ok(files) => files,
        Err(err) => {
            let reject = ProposalReject {
                proposal: branch.clone(),
                reason: err.to_string(),
            };
            audit.append(reject.entry(branch))?;
            return Err(err);
        }
    };
    let document = serde_json::json!({
        "incident": input.incident, "level": input.level.number(),
        "resource_changes": changes, "files": parsed.policy_files(),
    });
    let evaluation = policy::evaluate(&document, &config.policy_dirs)
        .map_err(|e| PrepareError::Policy(e.to_string()))?;
    let assessment = risk::assess(evaluation);
    let check = ProposalCheck {
        proposal: branch.clone(),
        risk: assessment.risk.as_str().to_string(),
        rules: assessment.rules.clone(),
        blocked: assessment.blocked,
        two_person: assessment.two_person,
        files: parsed.files.iter().map(|f| f.path().to_string()).collect(),
    };
    audit.append(check.entry(branch.clone()))?;
    if assessment.blocked {
        let block = ProposalBlock {
            proposal: branch.clone(),
            denies: assessment
                .denies
                .iter()
                .filter_map(|deny| serde_json::to_value(deny).ok())
                .collect(),
        };
        audit.append(block.entry(branch.clone()))?;
    }
    Ok(Prepared {
        title: input.title.to_string(),
        incident: input.incident.to_string(),
        repo: input.repo.to_path_buf(),
        branch,
        level: input.level,
        patch: parsed,
        files,
        assessment,
        texts: input
            .texts
            .clone()
            .unwrap_or_else(|| PrTexts::standard(input.incident, input.title)),
    })
}

/// Why a diff that adds a redaction placeholder to a file is refused: the
/// line held a secret lookout masked, and changing it is the human's job.
fn writes_a_mask(parsed: &Patch) -> Option<String> {
    parsed.files.iter().find_map(|file| {
        let adds_mask = file.hunks.iter().any(|hunk| {
            hunk.lines
                .iter()
                .any(|line| matches!(line, patch::HunkLine::Add(text) if text.contains(MASK)))
        });
        adds_mask.then(|| {
            format!(
                "{}: the diff would write a redaction placeholder ({MASK}…]) into the file; lookout never commits a mask, and a line holding a secret is the human's to change",
                file.path()
            )
        })
    })
}

/// HEAD's content and the proposed content of every file, read from the
/// repository's object database: nothing is written.
fn apply_to_head(repo: &Path, parsed: &Patch) -> Result<Vec<FileChange>, PrepareError> {
    let git = git2::Repository::open(repo)
        .map_err(|e| PrepareError::Repo(format!("{}: {}", repo.display(), e.message())))?;
    let tree = git
        .head()
        .and_then(|h| h.peel_to_tree())
        .map_err(|e| PrepareError::Repo(format!("{}: no HEAD: {}", repo.display(), e.message())))?;
    let mut files = Vec::new();
    for file in &parsed.files {
        let old_path = file
            .old_path
            .clone()
            .unwrap_or_else(|| file.path().to_string());
        let old = tree
            .get_path(Path::new(&old_path))
            .ok()
            .and_then(|entry| git.find_blob(entry.id()).ok())
            .map(|blob| String::from_utf8_lossy(blob.content()).into_owned());
        let new = match file.kind {
            patch::ChangeKind::Delete => String::new(),
            _ => {
                patch::apply(file, old.as_deref()).map_err(|e| PrepareError::Repo(e.to_string()))?
            }
        };
        files.push(FileChange {
            path: file.path().to_string(),
            old: old.unwrap_or_default(),
            new,
        });
    }
    Ok(files)
}

/// What staging created.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedProposal {
    pub staged: stage::Staged,
    pub pr_draft: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum StageRefused {
    #[error(transparent)]
    Level(#[from] crate::level::LevelError),
    #[error("blocked by policy: it cannot be staged")]
    Blocked,
    #[error("not staged: {0}")]
    Stage(#[from] stage::StageError),
    #[error("staged {branch} but the audit append failed: {source}")]
    Audit { branch: String, source: AuditError },
    #[error("staged local branch {branch} but the PR draft failed: {message}")]
    Draft { branch: String, message: String },
}

/// Step 2 (see the module comment): the caller has the user's confirmation.
pub fn stage_with_pr_draft(
    prepared: &Prepared,
    folder: &IncidentFolder,
    audit: &mut dyn AuditSink,
) -> Result<StagedProposal, StageRefused> {
    prepared.level.ensure_may_stage()?;
    if prepared.assessment.blocked {
        return Err(StageRefused::Blocked);
    }
    let files: Vec<String> = prepared.files.iter().map(|f| f.path.clone()).collect();
    let proposal = Proposal {
        title: &prepared.title,
        summary: &prepared.texts.summary,
        incident: &prepared.incident,
        branch: &prepared.branch,
        files: &files,
        assessment: &prepared.assessment,
        rollback: &prepared.texts.rollback,
        test_plan: &prepared.texts.test_plan,
    };
    let staged = stage::stage(
        &prepared.repo,
        &prepared.patch,
        &prepared.branch,
        &pr_draft::commit_message(&proposal),
    )?;
    let draft_name = format!(
        "pr-{}.md",
        staged.branch.rsplit('/').next().unwrap_or("proposal")
    );
    let draft_path = folder.path().join(&draft_name);
    let record = ProposalStage {
        proposal: prepared.branch.clone(),
        branch: staged.branch.clone(),
        commit: staged.commit.clone(),
        risk: prepared.assessment.risk.as_str().to_string(),
        two_person: prepared.assessment.two_person,
        repo: prepared.repo.display().to_string(),
        pr_draft: draft_path.display().to_string(),
    };
    audit
        .append(record.entry(staged.branch.clone()))
        .map_err(|source| StageRefused::Audit {
            branch: staged.branch.clone(),
            source,
        })?;
    let draft = pr_draft::render(
        &Proposal {
            branch: &staged.branch,
            ..proposal
        },
        &draft_path.display().to_string(),
    );
    folder
        .write_draft(&draft_name, &draft)
        .map_err(|err| StageRefused::Draft {
            branch: staged.branch.clone(),
            message: err.to_string(),
        })?;
    Ok(StagedProposal {
        staged,
        pr_draft: draft_path,
    })
}
