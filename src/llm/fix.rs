//! A drafted fix for `lookout propose --from-incident` (and `p` in the
//! workbench): the LLM gets the evidence pack, the top suspect changes and the
//! current content of the files they touched (bounded, redacted) through
//! `prompts/propose.md`; the diff is taken from its fenced block and goes
//! through `propose::flow::prepare` exactly like `--patch`. A diff that does
//! not apply (or is refused) gets ONE repair round with the error. Offline, or
//! when both answers fail, the analyst reverts the top suspect commit in memory
//! (`propose::revert`) — or says that no change in the repo explains it.
//!
//! The stream is the caller's (`stream`), so the CLI can block on it; every
//! request is redacted and audited (`llm.request`) before `stream` sees it,
//! and every answer is audited (`llm.call`, then `draft.write` with its
//! citation check) before it is used.

use std::path::Path;

use serde_json::json;

use super::client::{self, Outcome, PreparedRequest};
use super::{draft, prompts, LlmConfig};
use crate::audit::entry::{DraftWrite, LlmRequest};
use crate::audit::{AuditError, AuditSink, Details};
use crate::incident::pack::ItemKind;
use crate::incident::{CitationReport, EvidencePack, IncidentFolder, SuspectChange};
use crate::ingest::redact::{Placeholders, RedactionCounts, Redactor};
use crate::level::Level;
use crate::propose::flow::{self, PrepareError, Prepared, ProposalInput};
use crate::propose::pr_draft::PrTexts;
use crate::propose::{revert, ProposeConfig};

/// Suspects whose files the prompt shows.
const SUSPECTS_SHOWN: usize = 3;
/// Bytes of one file's content the prompt carries at most.
const FILE_BYTES: usize = 8 * 1024;
/// Bytes of file content the prompt carries in all.
const CODE_BYTES: usize = 24 * 1024;

/// What the fix is drafted from.
pub struct FixContext<'a> {
    pub repo: &'a Path,
    /// The evidence pack, built with `suspects`.
    pub pack: &'a EvidencePack,
    /// Ranked suspects (best first) from the service's repository.
    pub suspects: &'a [SuspectChange],
    pub incident: &'a str,
    pub service: &'a str,
    pub level: Level,
}

/// The fix, ready to show and (on confirmation, at Level 1) to stage.
#[derive(Debug, Clone)]
pub enum Fix {
    Proposed(Box<Drafted>),
    /// No change in the repository explains the incident: nothing to propose.
    Nothing {
        reason: String,
    },
}

#[derive(Debug, Clone)]
pub struct Drafted {
    pub prepared: Prepared,
    /// `llm:<model>` or `offline-analyst`.
    pub producer: String,
    /// Why the analyst's revert was proposed instead of an LLM diff, if it was.
    pub note: Option<String>,
    /// The LLM answer's citation check (None for the analyst's revert).
    pub citations: Option<CitationReport>,
    /// LLM requests sent (0, 1, or 2 with the repair round).
    pub requests: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("{0}")]
    Prompt(#[from] prompts::PromptError),
    #[error(transparent)]
    Request(#[from] client::LlmError),
    #[error("audit failed, nothing further sent, shown or saved: {0}")]
    Audit(#[from] AuditError),
    /// The analyst's revert could not be prepared (the repo, policy, the audit).
    #[error("{0}")]
    Prepare(#[from] PrepareError),
}

/// Drafts the fix. `stream` sends one prepared request and returns its outcome.
pub fn draft_fix(
    ctx: &FixContext,
    llm: &LlmConfig,
    propose: &ProposeConfig,
    redactor: &Redactor,
    audit: &mut dyn AuditSink,
    folder: &IncidentFolder,
    mut stream: impl FnMut(&PreparedRequest) -> Outcome,
) -> Result<Fix, FixError> {
    let mut placeholders = Placeholders::default();
    let mut note = None;
    let mut requests = 0;
    if llm.base_url.is_some() {
        let code = code_excerpt(ctx, redactor);
        let mut repair: Option<String> = None;
        // The first answer and at most one repair round.
        for round in 0..2 {
            let request = send(
                ctx,
                llm,
                redactor,
                &mut placeholders,
                audit,
                &code,
                repair.as_deref(),
            )?;
            requests += 1;
            let outcome = stream(&request);
            audit.append(
                draft::call_record("propose", &request, &outcome).entry(request.endpoint.clone()),
            )?;
            if let Some(error) = &outcome.error {
                note = Some(format!("the LLM call failed ({error})"));
                break;
            }
            let citations = ctx.pack.check(&outcome.text);
            save_answer(
                &outcome.text,
                &request.model,
                &citations,
                ctx.pack,
                folder,
                audit,
            )?;
            let top = ctx.suspects.first().map(|s| s.id.as_str());
            let input = ProposalInput {
                repo: ctx.repo,
                diff: &outcome.text,
                plan: None,
                title: &title_of(&outcome.text, ctx.incident),
                slug: None,
                incident: ctx.incident,
                level: ctx.level,
                texts: Some(PrTexts::from_answer(
                    &outcome.text,
                    ctx.incident,
                    "the drafted fix",
                    top,
                )),
            };
            match flow::prepare(&input, propose, audit) {
                Ok(prepared) => {
                    return Ok(Fix::Proposed(Box::new(Drafted {
                        prepared,
                        producer: format!("llm:{}", request.model),
                        note: None,
                        citations: Some(citations),
                        requests,
                    })))
                }
                Err(err @ PrepareError::Audit(_)) => return Err(err.into()),
                Err(err) => {
                    let what = if round == 0 {
                        "the LLM's diff"
                    } else {
                        "the repaired diff"
                    };
                    note = Some(format!("{what} failed: {err}"));
                    repair = Some(err.to_string());
                }
            }
        }
    }
    analyst_revert(ctx, propose, audit, note, requests)
}

/// Renders, redacts and audits one request (`repair`: the previous error).
fn send(
    ctx: &FixContext,
    llm: &LlmConfig,
    redactor: &Redactor,
    placeholders: &mut Placeholders,
    audit: &mut dyn AuditSink,
    code: &str,
    repair: Option<&str>,
) -> Result<PreparedRequest, FixError> {
    let values = json!({
        "context": ctx.pack.text, "incident": ctx.incident, "service": ctx.service,
        "code": code, "repair": repair.unwrap_or_default(),
    });
    let dir = llm.prompt_dir.as_deref();
    let system = prompts::render("system", dir, &values)?;
    let user = prompts::render("propose", dir, &values)?;
    let request = client::prepare(llm, &system, &user, redactor, placeholders)?;
    let record = LlmRequest {
        kind: if repair.is_some() {
            "propose.repair"
        } else {
            "propose"
        }
        .to_string(),
        model: request.model.clone(),
        prompt_sha256: request.sha256.clone(),
        prompt_bytes: request.body.len(),
        redactions: request.redactions.0.clone(),
    };
    audit.append(record.entry(request.endpoint.clone()))?;
    Ok(request)
}

/// HEAD's content of the files the top suspects touched, bounded and redacted.
pub fn code_excerpt(ctx: &FixContext, redactor: &Redactor) -> String {
    let Ok(git) = git2::Repository::open(ctx.repo) else {
        return String::new();
    };
    let Ok(tree) = git.head().and_then(|h| h.peel_to_tree()) else {
        return String::new();
    };
    let mut out = String::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut counts = RedactionCounts::default();
    for path in ctx
        .suspects
        .iter()
        .take(SUSPECTS_SHOWN)
        .flat_map(|s| &s.files)
    {
        if seen.contains(&path.as_str()) || out.len() >= CODE_BYTES {
            continue;
        }
        seen.push(path);
        let Some(blob) = tree
            .get_path(Path::new(path))
            .ok()
            .and_then(|entry| git.find_blob(entry.id()).ok())
        else {
            continue; // deleted since, or not a file
        };
        if blob.is_binary() {
            continue;
        }
        let text = String::from_utf8_lossy(blob.content());
        let mut cut: String = text
            .chars()
            .take(FILE_BYTES.min(CODE_BYTES - out.len()))
            .collect();
        if cut.len() < text.len() {
            cut.push_str("\n… (cut)\n");
        }
        let redacted = redactor.redact(&cut, &mut counts);
        out.push_str(&format!("### {path} (at HEAD)\n```\n{redacted}\n```\n"));
    }
    out
}

/// The commit title: the answer's first heading, else a generic one.
fn title_of(answer: &str, incident: &str) -> String {
    answer
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("# "))
        .map(|l| l.trim_start_matches('#').trim().chars().take(72).collect())
        .unwrap_or_else(|| format!("Fix for incident {incident}"))
}

/// The LLM's answer, audited (`draft.write` with its citations) and saved as `propose.md`.
fn save_answer(
    text: &str,
    model: &str,
    citations: &CitationReport,
    pack: &EvidencePack,
    folder: &IncidentFolder,
    audit: &mut dyn AuditSink,
) -> Result<(), FixError> {
    let written = DraftWrite {
        kind: "propose".to_string(),
        producer: format!("llm:{model}"),
        bytes: text.len(),
        citations: Some(draft::counts(citations)),
        pack_tokens: pack.tokens,
        retried: None,
    };
    audit.append(written.entry(folder.path().join("propose.md").display().to_string()))?;
    // The answer is kept for the reader; failing to save it does not stop the fix.
    let _ = folder.write_draft("propose.md", text);
    Ok(())
}

/// The analyst's fix: revert the top suspect, or say nothing explains it.
fn analyst_revert(
    ctx: &FixContext,
    propose: &ProposeConfig,
    audit: &mut dyn AuditSink,
    note: Option<String>,
    requests: usize,
) -> Result<Fix, FixError> {
    let Some(top) = ctx
        .suspects
        .iter()
        .max_by(|a, b| a.score.total_cmp(&b.score))
    else {
        let why = if ctx.pack.repository_read {
            "no change in this repository explains the incident: it has no suspect commit before the onset"
        } else {
            "no change in this repository explains the incident: no suspect changes were given"
        };
        return Ok(Fix::Nothing {
            reason: why.to_string(),
        });
    };
    let reverted = match revert::revert(ctx.repo, &top.id) {
        Ok(reverted) => reverted,
        Err(err) => {
            return Ok(Fix::Nothing {
                reason: format!("the top suspect [{}] cannot be reverted: {err}", top.id),
            })
        }
    };
    let evidence: Vec<String> = ctx
        .pack
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Signal | ItemKind::MetricChange))
        .map(|i| i.id.clone())
        .collect();
    let title = format!("Revert \"{}\"", reverted.subject);
    let slug = format!("revert-{}", &reverted.sha[..7.min(reverted.sha.len())]);
    let input = ProposalInput {
        repo: ctx.repo,
        diff: &reverted.diff,
        plan: None,
        title: &title,
        slug: Some(&slug),
        incident: ctx.incident,
        level: ctx.level,
        texts: Some(PrTexts::revert(
            ctx.incident,
            &top.id,
            &reverted.sha,
            &reverted.subject,
            &evidence,
        )),
    };
    let prepared = flow::prepare(&input, propose, audit)?;
    Ok(Fix::Proposed(Box::new(Drafted {
        prepared,
        producer: draft::OFFLINE_PRODUCER.to_string(),
        note,
        citations: None,
        requests,
    })))
}
