//! The Level-1 proposal in the workbench: `p` drafts the fix from the
//! incident against the service's `repo` (`llm::fix`, as `lookout propose
//! --from-incident` does, through `propose::prepare`) and shows it; `y` runs
//! `propose::stage_with_pr_draft` — the same flow as `lookout propose`, which
//! audits every step before its result is shown.

use std::path::Path;

use tokio::sync::mpsc::Sender;

use crate::audit::{AuditSink, AuditWriter};
use crate::incident::{EvidencePack, IncidentFolder, PackInput};
use crate::llm::fix::{self, Fix, FixContext};
use crate::llm::LlmConfig;
use crate::propose::flow::StageRefused;
use crate::propose::{self, Prepared, ProposeConfig};
use crate::tui::app::State;
use crate::tui::event::Event;

/// What the Proposal overlay shows.
#[derive(Debug, Clone)]
pub struct ProposalView {
    pub prepared: Prepared,
    pub side_by_side: bool,
    pub scroll: u16,
    pub staged: Option<String>,
}

/// `p` for a service with a repository: the fix is drafted from the incident
/// (the LLM's diff with one repair round, else the analyst's revert of the top
/// suspect), then shown like any proposal. What needs the engine (the ranked
/// history — the timeline's, when it has one —, the evidence pack) is taken here; the drafting — LLM requests,
/// applying the diff, policy — runs on a blocking thread and comes back as
/// `Event::FixDrafted`, so the workbench keeps answering keys meanwhile.
pub fn open_from_incident(state: &mut State, repo: Option<&Path>, job: FixJob, tx: &Sender<Event>) {
    if let Err(err) = state.level.ensure_may_stage() {
        state.message = Some(err.to_string());
        return;
    }
    let Some(repo) = repo else {
        state.message = Some(
            "no repository to draft a fix against: set `repo` for this service in lookout.toml \
             (or check a patch of your own: `lookout propose --repo PATH --patch FILE --level 1`)"
                .into(),
        );
        return;
    };
    if state.drafting_fix {
        state.message = Some("a fix is already being drafted".into());
        return;
    }
    let FixJob {
        llm,
        propose,
        mut audit,
        folder,
    } = job;
    // What changed: the timeline's ranking of this repo when it has one (read
    // off the loop and audited by `tui::changes` for the current onset), else
    // the history ranked here — audited before anything of it is shown or sent.
    let report = match state.changes.clone() {
        Some(report) => report,
        None => {
            let report = match crate::changes::analyse_engine(
                repo,
                &state.engine,
                None,
                crate::changes::DEFAULT_WINDOW_MS,
                crate::source::now_ms(),
            ) {
                Ok(report) => report,
                Err(err) => {
                    state.message = Some(format!("proposal: {err}"));
                    return;
                }
            };
            if let Err(err) = audit.append(report.audit_entry(repo)) {
                state.message = Some(format!("audit failed, proposal refused: {err}"));
                return;
            }
            report
        }
    };
    let ranked = report.suspect_changes();
    let suspects = report.explaining_changes();
    let values = serde_json::json!({
        "context": "", "incident": state.incident_id, "service": state.service, "code": "", "repair": "",
    });
    let budget = match crate::llm::prompts::request_budget("propose", &llm, &values) {
        Ok(budget) => budget.pack_tokens(),
        Err(err) => {
            state.message = Some(format!("proposal: {err}"));
            return;
        }
    };
    let pack = EvidencePack::build(
        &state.engine,
        &PackInput {
            onset_ms: None,
            suspects: Some(&ranked),
            budget_tokens: budget,
        },
    );
    let repo = repo.to_path_buf();
    let redactor = state.engine.redactor().clone();
    let incident = state.incident_id.clone();
    let service = state.service.clone();
    let level = state.level;
    let tx = tx.clone();
    state.drafting_fix = true;
    state.message = Some(match llm.base_url {
        Some(_) => "drafting the fix with the LLM…".into(),
        None => "drafting the fix (offline analyst)…".into(),
    });
    tokio::task::spawn_blocking(move || {
        let ctx = FixContext {
            repo: &repo,
            pack: &pack,
            suspects: &suspects,
            incident: &incident,
            service: &service,
            level,
        };
        let runtime = tokio::runtime::Handle::current();
        let stream = |request: &crate::llm::client::PreparedRequest| {
            runtime.block_on(crate::llm::client::stream(&llm, request, |_| {}))
        };
        let result = fix::draft_fix(&ctx, &llm, &propose, &redactor, &mut audit, &folder, stream)
            .map(Box::new)
            .map_err(|err| err.to_string());
        let _ = tx.blocking_send(Event::FixDrafted(result));
    });
}

/// What drafting a fix off the event loop takes along.
pub struct FixJob {
    pub llm: LlmConfig,
    pub propose: ProposeConfig,
    pub audit: AuditWriter,
    pub folder: IncidentFolder,
}

/// The drafted fix is back (`Event::FixDrafted`): show it, or say why not.
pub fn fix_drafted(state: &mut State, result: Result<Box<Fix>, String>) {
    state.drafting_fix = false;
    match result.map(|fix| *fix) {
        Ok(Fix::Proposed(drafted)) => {
            state.message = Some(match (&drafted.note, &drafted.citations) {
                (Some(note), _) => format!("fix by {} — {note}", drafted.producer),
                (None, Some(citations)) => format!("fix by {} — {citations}", drafted.producer),
                (None, None) => format!("fix by {}", drafted.producer),
            });
            state.proposal = Some(ProposalView {
                prepared: drafted.prepared,
                side_by_side: false,
                scroll: 0,
                staged: None,
            });
        }
        Ok(Fix::Nothing { reason }) => {
            state.message = Some(format!("nothing to propose: {reason}"))
        }
        Err(err) => state.message = Some(format!("proposal: {err}")),
    }
}

/// `y` in the overlay: stage it (never when blocked), then write the PR draft.
pub fn confirm(state: &mut State, folder: &IncidentFolder, audit: &mut dyn AuditSink) {
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
