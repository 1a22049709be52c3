//! The Level-1 proposal flow in the workbench: prepare (validate, apply in
//! memory, policy) → show → on `y`, stage a local branch and write the PR draft.
//! Every step is audited before its result is shown.

use std::path::{Path, PathBuf};

use crate::audit::{AuditEntry, AuditLog};
use crate::incident::IncidentFolder;
use crate::propose::pr_draft::{self, Proposal};
use crate::propose::{self, stage, Prepared, ProposeConfig};
use crate::tui::app::State;

/// Where the workbench's proposal comes from (the demo: its infra repo and fix).
#[derive(Debug, Clone)]
pub struct ProposalSource {
    pub repo: PathBuf,
    pub diff: String,
    pub title: String,
}

/// What the Proposal overlay shows.
#[derive(Debug, Clone)]
pub struct ProposalView {
    pub prepared: Prepared,
    pub side_by_side: bool,
    pub scroll: u16,
    pub staged: Option<String>,
}

/// `p`: prepare and show, or explain why not.
pub fn open(
    state: &mut State,
    source: Option<&ProposalSource>,
    config: &ProposeConfig,
    audit: &mut AuditLog,
) {
    if let Err(err) = state.level.ensure_may_stage() {
        state.message = Some(err.to_string());
        return;
    }
    let Some(source) = source else {
        state.message = Some(
            "no proposal source here: use `lookout propose --repo PATH --patch FILE --level 1`"
                .into(),
        );
        return;
    };
    match propose::prepare(
        &source.repo,
        &source.diff,
        &source.title,
        &state.incident_id,
        state.level,
        config,
    ) {
        Ok(prepared) => {
            let a = &prepared.assessment;
            let entry = AuditEntry::new("user", "proposal.check", prepared.branch.clone()).with_details(serde_json::json!({
                "proposal": prepared.branch, "risk": a.risk.as_str(), "rules": a.rules, "blocked": a.blocked, "two_person": a.two_person,
            }));
            if let Err(err) = audit.append(entry) {
                state.message = Some(format!("audit failed, proposal not shown: {err}"));
                return;
            }
            state.proposal = Some(ProposalView {
                prepared,
                side_by_side: false,
                scroll: 0,
                staged: None,
            });
        }
        Err(err) => state.message = Some(format!("proposal not usable: {err}")),
    }
}

/// `y` in the overlay: stage it (never when blocked), then write the PR draft.
pub fn confirm(
    state: &mut State,
    source: Option<&ProposalSource>,
    folder: &IncidentFolder,
    audit: &mut AuditLog,
) {
    let (Some(view), Some(source)) = (state.proposal.as_mut(), source) else {
        return;
    };
    if view.prepared.assessment.blocked || view.staged.is_some() {
        return;
    }
    let prepared = &view.prepared;
    let files: Vec<String> = prepared.files.iter().map(|f| f.path.clone()).collect();
    let summary = format!(
        "Proposed fix for incident {}: {}.",
        prepared.incident, prepared.title
    );
    let proposal = Proposal {
        title: &prepared.title,
        summary: &summary,
        incident: &prepared.incident,
        branch: &prepared.branch,
        files: &files,
        assessment: &prepared.assessment,
        rollback: "Revert the commit and redeploy the previous configuration.",
        test_plan:
            "Apply in staging; watch the incident's signals and the 5xx rate for 15 minutes.",
    };
    let staged = match stage::stage(
        &source.repo,
        &prepared.patch,
        &prepared.branch,
        &pr_draft::commit_message(&proposal),
    ) {
        Ok(staged) => staged,
        Err(err) => {
            state.message = Some(format!("not staged: {err}"));
            return;
        }
    };
    let draft_name = format!(
        "pr-{}.md",
        staged.branch.rsplit('/').next().unwrap_or("proposal")
    );
    let draft_path = folder.path().join(&draft_name);
    let entry = AuditEntry::new("user", "proposal.stage", staged.branch.clone()).with_details(serde_json::json!({
        "proposal": prepared.branch, "branch": staged.branch, "commit": staged.commit, "risk": prepared.assessment.risk.as_str(),
        "two_person": prepared.assessment.two_person, "repo": source.repo.display().to_string(),
    }));
    if let Err(err) = audit.append(entry) {
        state.message = Some(format!(
            "staged {} but the audit append failed: {err}",
            staged.branch
        ));
        return;
    }
    let draft = pr_draft::render(
        &Proposal {
            branch: &staged.branch,
            ..proposal
        },
        &draft_path.display().to_string(),
    );
    let saved = folder
        .write_draft(&draft_name, &draft)
        .map(|_| draft_path.display().to_string());
    state.message = Some(match saved {
        Ok(path) => format!(
            "staged local branch {} — PR draft {path}; nothing was pushed",
            staged.branch
        ),
        Err(err) => format!(
            "staged local branch {} but the PR draft failed: {err}",
            staged.branch
        ),
    });
    view.staged = Some(staged.branch);
}

/// The demo's proposal: its infra repo (written once into the incident folder) and fix.
pub fn demo_source(folder: &Path) -> Result<ProposalSource, String> {
    let repo = folder.join("infra-repo");
    if !repo.join(".git").exists() {
        let demo = crate::source::demo::DemoIncident::embedded().map_err(|e| e.to_string())?;
        demo.materialize_infra_repo(&repo)
            .map_err(|e| e.to_string())?;
    }
    Ok(ProposalSource {
        repo,
        diff: crate::source::demo::FIX_PATCH.to_string(),
        title: "Restore the checkout DB pool size".to_string(),
    })
}
