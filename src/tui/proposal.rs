//! The Level-1 proposal in the workbench: `p` runs `propose::prepare` and shows
//! the result; `y` runs `propose::stage_with_pr_draft` — the same flow as
//! `lookout propose`, which audits every step before its result is shown.

use std::path::{Path, PathBuf};

use crate::audit::AuditLog;
use crate::incident::IncidentFolder;
use crate::propose::flow::{PrepareError, StageRefused};
use crate::propose::{self, Prepared, ProposalInput, ProposeConfig};
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

/// `p`: prepare and show, or explain why not. The library audits the
/// check (and a block or a rejection) before anything is shown.
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
    let input = ProposalInput {
        repo: &source.repo,
        diff: &source.diff,
        plan: None,
        title: &source.title,
        slug: None,
        incident: &state.incident_id,
        level: state.level,
        texts: None,
    };
    match propose::prepare(&input, config, audit) {
        Ok(prepared) => {
            state.proposal = Some(ProposalView {
                prepared,
                side_by_side: false,
                scroll: 0,
                staged: None,
            })
        }
        Err(err @ PrepareError::Audit(_)) => state.message = Some(err.to_string()),
        Err(err) => state.message = Some(format!("proposal not usable: {err}")),
    }
}

/// `y` in the overlay: stage it (never when blocked), then write the PR draft.
pub fn confirm(state: &mut State, folder: &IncidentFolder, audit: &mut AuditLog) {
    let Some(view) = state.proposal.as_mut() else {
        return;
    };
    if view.prepared.assessment.blocked || view.staged.is_some() {
        return;
    }
    match propose::stage_with_pr_draft(&view.prepared, folder, audit) {
        Ok(done) => {
            state.message = Some(format!(
                "staged local branch {} — PR draft {}; nothing was pushed",
                done.staged.branch,
                done.pr_draft.display()
            ));
            view.staged = Some(done.staged.branch);
        }
        Err(StageRefused::Draft { branch, message }) => {
            state.message = Some(format!(
                "staged local branch {branch} but the PR draft failed: {message}"
            ));
            view.staged = Some(branch);
        }
        Err(err) => state.message = Some(err.to_string()),
    }
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
