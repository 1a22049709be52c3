//! One co-pilot draft, the same for the CLI and the workbench, in two steps
//! around the streaming call (which the caller runs, on its own task or not):
//!
//! 1. [`prepare`]: render the prompts over the evidence pack, redact the
//!    request, and audit `llm.request` — before anything is sent.
//! 2. [`finish`]: audit `llm.call`, pick the offline analyst by one rule, check
//!    the text's citations against the pack that was sent, save the draft in
//!    the incident folder after auditing `draft.write` (with the citation counts).
//!
//! Between them, [`retry_smaller`]: a server that rejects the request as longer
//! than its window gets it once more with half the pack, and the reader is told.
//!
//! The rule for the fallback: the offline analyst answers when the LLM gave no
//! text — no endpoint is configured, or the call failed before the first token.
//! Text the LLM did send is kept, marked partial, with the reason.

use std::path::PathBuf;

use serde_json::json;

use super::ask::{self, Turn};
use super::client::{self, LlmError, Outcome, PreparedRequest};
use super::{offline, prompts, too_long, LlmConfig};
use crate::audit::entry::{CitationCounts, DraftWrite, LlmCall, LlmRequest};
use crate::audit::{AuditError, AuditSink, Details};
use crate::incident::{CitationReport, EvidencePack, IncidentFolder, PackInput};
use crate::ingest::redact::{Placeholders, Redactor};
use crate::ingest::Engine;

/// What the offline analyst's drafts are recorded as.
pub const OFFLINE_PRODUCER: &str = "offline-analyst";

/// The share of the pack a retry keeps after a too-long rejection.
pub const RETRY_PACK_FACTOR: f64 = 0.5;

/// Which draft. Each kind has a prompt template of its name and is saved as
/// `<name>.md` (answers as `ask-<n>.md`, one file per question).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    Summary,
    Runbook,
    Postmortem,
    /// A free-form question about the incident (`DraftInput::question`).
    Ask,
}

impl DraftKind {
    /// The drafts `s`/`r`/`m` and the CLI subcommands write.
    pub const ALL: [DraftKind; 3] = [
        DraftKind::Summary,
        DraftKind::Runbook,
        DraftKind::Postmortem,
    ];

    /// The prompt template, the audit `kind` and the file stem.
    pub fn name(self) -> &'static str {
        match self {
            DraftKind::Summary => "summary",
            DraftKind::Runbook => "runbook",
            DraftKind::Postmortem => "postmortem",
            DraftKind::Ask => "ask",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.md", self.name())
    }
}

/// What a draft is written from: the evidence pack (built for the request's
/// budget) and, for a question, the question and the earlier turns carried.
#[derive(Debug, Clone)]
pub struct DraftInput {
    pub kind: DraftKind,
    pub incident: String,
    pub service: String,
    pub pack: EvidencePack,
    /// `Ask` only: the question.
    pub question: Option<String>,
    /// `Ask` only: earlier turns of the conversation that fit, oldest first.
    pub earlier: Vec<Turn>,
}

impl DraftInput {
    /// A draft of `kind` over the engine's evidence pack built `around` its
    /// onset and suspects, sized by `llm.context_tokens` and
    /// `llm.context_window` around the rest of the prompt (the budget
    /// `around` carries is replaced).
    pub fn from_engine(
        kind: DraftKind,
        engine: &Engine,
        incident: &str,
        service: &str,
        around: PackInput<'_>,
        config: &LlmConfig,
    ) -> Result<Self, DraftError> {
        let mut input = DraftInput {
            kind,
            incident: incident.to_string(),
            service: service.to_string(),
            pack: EvidencePack::build(engine, &around),
            question: None,
            earlier: Vec::new(),
        };
        let budget = prompts::request_budget(kind.name(), config, &input.values(""))?;
        input.pack = input.pack.with_budget(budget.pack_tokens());
        Ok(input)
    }

    /// A draft of `kind` over an evidence pack already built (eval builds one
    /// per scenario): its leading items, as many as fit the model's window
    /// around the rest of the prompt — a prefix of the same pack, same ids.
    pub fn from_pack(
        kind: DraftKind,
        incident: &str,
        service: &str,
        pack: &EvidencePack,
        config: &LlmConfig,
    ) -> Result<Self, DraftError> {
        let mut input = DraftInput {
            kind,
            incident: incident.to_string(),
            service: service.to_string(),
            pack: pack.clone(),
            question: None,
            earlier: Vec::new(),
        };
        let budget = prompts::request_budget(kind.name(), config, &input.values(""))?;
        input.pack = pack.with_budget(budget.pack_tokens().min(pack.budget_tokens));
        Ok(input)
    }

    /// A question about the incident, carrying as many earlier turns as fit
    /// (see [`ask::fit_turns`]).
    pub fn ask(
        engine: &Engine,
        incident: &str,
        service: &str,
        around: PackInput<'_>,
        config: &LlmConfig,
        question: &str,
        earlier: &[Turn],
    ) -> Result<Self, DraftError> {
        let mut input =
            Self::from_engine(DraftKind::Ask, engine, incident, service, around, config)?;
        input.question = Some(question.trim().to_string());
        let room = prompts::request_budget("ask", config, &input.values(""))?.pack_tokens();
        input.earlier = ask::fit_turns(earlier, room);
        let budget = prompts::request_budget("ask", config, &input.values(""))?;
        input.pack = input.pack.with_budget(budget.pack_tokens());
        Ok(input)
    }

    /// The template values, with `context` as given.
    fn values(&self, context: &str) -> serde_json::Value {
        json!({
            "context": context, "incident": self.incident, "service": self.service,
            "question": self.question.clone().unwrap_or_default(),
            "history": ask::history_text(&self.earlier),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{0}")]
    Prompt(#[from] prompts::PromptError),
    #[error(transparent)]
    Request(#[from] LlmError),
    /// The audit log refused the record: nothing further is sent, shown or saved.
    #[error("audit failed, nothing further sent, shown or saved: {0}")]
    Audit(#[from] AuditError),
}

/// The system and user prompt for `input`.
pub fn prompts_for(input: &DraftInput, config: &LlmConfig) -> Result<(String, String), DraftError> {
    let values = input.values(&input.pack.text);
    let dir = config.prompt_dir.as_deref();
    let system = prompts::render("system", dir, &values)?;
    let user = prompts::render(input.kind.name(), dir, &values)?;
    Ok((system, user))
}

/// The redacted request exactly as it would be sent (`--dry-run` prints it).
pub fn request_for(
    input: &DraftInput,
    config: &LlmConfig,
    redactor: &Redactor,
    placeholders: &mut Placeholders,
) -> Result<PreparedRequest, DraftError> {
    let (system, user) = prompts_for(input, config)?;
    Ok(client::prepare(
        config,
        &system,
        &user,
        redactor,
        placeholders,
    )?)
}

/// A draft between [`prepare`] and [`finish`].
#[derive(Debug, Clone)]
pub struct Pending {
    pub input: DraftInput,
    /// The audited request to stream; `None` when no LLM is configured.
    pub request: Option<PreparedRequest>,
    /// Set on the second request after a too-long rejection: why, in words.
    pub retried: Option<String>,
}

/// Step 1: with an LLM configured, builds the redacted request and audits it
/// (never the prompt, only its hash). Without one, nothing is sent or audited.
pub fn prepare(
    input: DraftInput,
    config: &LlmConfig,
    redactor: &Redactor,
    placeholders: &mut Placeholders,
    audit: &mut dyn AuditSink,
) -> Result<Pending, DraftError> {
    if config.base_url.is_none() {
        return Ok(Pending {
            input,
            request: None,
            retried: None,
        });
    }
    let request = request_for(&input, config, redactor, placeholders)?;
    let record = LlmRequest {
        kind: input.kind.name().to_string(),
        model: request.model.clone(),
        prompt_sha256: request.sha256.clone(),
        prompt_bytes: request.body.len(),
        redactions: request.redactions.0.clone(),
    };
    audit.append(record.entry(request.endpoint.clone()))?;
    Ok(Pending {
        input,
        request: Some(request),
        retried: None,
    })
}

/// Between the steps: when the server rejected the first request as too long
/// for its window (or answered with an empty stream, `too_long::retry_reason`),
/// audits that call and prepares the same draft once more with
/// the pack shrunk by [`RETRY_PACK_FACTOR`]. `None`: finish with `outcome`.
pub fn retry_smaller(
    pending: &Pending,
    outcome: &Outcome,
    config: &LlmConfig,
    redactor: &Redactor,
    placeholders: &mut Placeholders,
    audit: &mut dyn AuditSink,
) -> Result<Option<Pending>, DraftError> {
    let (Some(request), Some(error)) = (&pending.request, &outcome.error) else {
        return Ok(None);
    };
    if pending.retried.is_some() || !outcome.text.is_empty() {
        return Ok(None);
    }
    let Some(why) = too_long::retry_reason(error) else {
        return Ok(None);
    };
    audit.append(
        call_record(pending.input.kind.name(), request, outcome).entry(request.endpoint.clone()),
    )?;
    let mut input = pending.input.clone();
    input.pack = match too_long::stated_overflow(error) {
        // The server said by how much: cut that, and a tenth of its window
        // more (its tokenizer and ours count differently), never below half
        // of the cut a blind halving would make.
        Some(overflow) => input.pack.with_budget(
            input
                .pack
                .tokens
                .saturating_sub(overflow.excess() + overflow.window / 10)
                .max(input.pack.tokens / 4),
        ),
        None => input.pack.shrink(RETRY_PACK_FACTOR),
    };
    let reason = format!(
        "{why}; retried once with a smaller evidence pack ({} → {} tokens)",
        pending.input.pack.tokens, input.pack.tokens
    );
    let mut retry = prepare(input, config, redactor, placeholders, audit)?;
    retry.retried = Some(reason);
    Ok(Some(retry))
}

/// What the co-pilot produced, as saved and shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub kind: DraftKind,
    /// The text as saved (an offline draft ends with its label).
    pub text: String,
    /// `llm:<model>` or `offline-analyst`.
    pub producer: String,
    /// Why the offline analyst answered, or how the LLM call failed.
    pub note: Option<String>,
    /// Why the request was sent twice (a too-long rejection), if it was.
    pub retried: Option<String>,
    /// The LLM call, when its text is the draft (partial or whole).
    pub outcome: Option<Outcome>,
    /// The text's citations checked against the pack that was sent.
    pub citations: CitationReport,
    /// Where it was saved, or why it could not be.
    pub saved: Result<PathBuf, String>,
}

impl Draft {
    pub fn is_offline(&self) -> bool {
        self.producer == OFFLINE_PRODUCER
    }

    /// The LLM call failed after some text arrived: the draft is partial.
    pub fn is_partial(&self) -> bool {
        self.outcome.as_ref().is_some_and(|o| o.error.is_some())
    }

    /// `{ok, unknown, uncited}` for `--json` and the audit.
    pub fn citation_counts(&self) -> CitationCounts {
        counts(&self.citations)
    }
}

/// The counts of a citation report, as `--json` and the audit carry them.
pub fn counts(report: &CitationReport) -> CitationCounts {
    CitationCounts {
        ok: report.ok,
        unknown: report.unknown.clone(),
        uncited: report.uncited,
    }
}

/// The offline analyst's text for `input`, from its pack alone.
fn offline_text(input: &DraftInput) -> String {
    match (input.kind, &input.question) {
        (DraftKind::Ask, Some(question)) => ask::offline_answer(question, &input.pack),
        (kind, _) => offline::draft_from_pack(kind.name(), &input.pack, &input.incident),
    }
}

/// Step 2: `outcome` is the streamed call of `pending.request` (`None` when
/// there was none). Audits the call, applies the fallback rule, checks the
/// citations, audits and saves.
pub fn finish(
    pending: Pending,
    outcome: Option<Outcome>,
    folder: &IncidentFolder,
    audit: &mut dyn AuditSink,
) -> Result<Draft, DraftError> {
    let Pending {
        input,
        request,
        retried,
    } = pending;
    let kind = input.kind;
    if let (Some(request), Some(outcome)) = (&request, &outcome) {
        audit.append(call_record(kind.name(), request, outcome).entry(request.endpoint.clone()))?;
    }
    let offline = |note: String| {
        let text = offline_text(&input);
        (
            format!("{text}\n_({note})_\n"),
            OFFLINE_PRODUCER.to_string(),
            Some(note),
            None,
        )
    };
    let (text, producer, note, outcome) = match (request, outcome) {
        (Some(request), Some(outcome)) => match &outcome.error {
            Some(error) if outcome.text.is_empty() => offline(format!(
                "LLM unavailable ({error}); produced without an LLM"
            )),
            Some(error) => (
                format!(
                    "{}\n\n> [partial — the LLM call failed: {error}]\n",
                    outcome.text
                ),
                format!("llm:{}", request.model),
                Some(error.to_string()),
                Some(outcome),
            ),
            None => (
                outcome.text.clone(),
                format!("llm:{}", request.model),
                None,
                Some(outcome),
            ),
        },
        (Some(_), None) => offline("the LLM call did not run; produced without an LLM".into()),
        (None, _) => offline("no LLM configured".to_string()),
    };
    let citations = input.pack.check(&text);
    let file_name = match kind {
        DraftKind::Ask => ask::file_name(folder),
        other => other.file_name(),
    };
    let written = DraftWrite {
        kind: kind.name().to_string(),
        producer: producer.clone(),
        bytes: text.len(),
        citations: Some(counts(&citations)),
        pack_tokens: input.pack.tokens,
        retried: retried.clone(),
    };
    audit.append(written.entry(folder.path().join(&file_name).display().to_string()))?;
    let saved = folder
        .write_draft(&file_name, &text)
        .map_err(|err| err.to_string());
    Ok(Draft {
        kind,
        text,
        producer,
        note,
        retried,
        outcome,
        citations,
        saved,
    })
}

/// The `llm.call` record of one streamed request (drafts, answers and fixes).
pub(crate) fn call_record(kind: &str, request: &PreparedRequest, outcome: &Outcome) -> LlmCall {
    LlmCall {
        kind: kind.to_string(),
        model: request.model.clone(),
        prompt_sha256: request.sha256.clone(),
        prompt_tokens: u64::from(outcome.prompt_tokens),
        completion_tokens: u64::from(outcome.completion_tokens),
        usage_reported: outcome.usage_reported,
        latency_ms: outcome.latency_ms,
        first_token_ms: outcome.first_token_ms,
        attempts: outcome.attempts,
        redactions: request.redactions.0.clone(),
        error: outcome.error.as_ref().map(|e| e.to_string()),
    }
}

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;
