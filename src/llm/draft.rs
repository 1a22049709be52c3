//! One co-pilot draft, the same for the CLI and the workbench, in two steps
//! around the streaming call (which the caller runs, on its own task or not):
//!
//! 1. [`prepare`]: render the prompts over the caller's context, redact the
//!    request, and audit `llm.request` — before anything is sent.
//! 2. [`finish`]: audit `llm.call`, pick the offline analyst by one rule, save
//!    the draft in the incident folder after auditing `draft.write`.
//!
//! The rule for the fallback: the offline analyst answers when the LLM gave no
//! text — no endpoint is configured, or the call failed before the first token.
//! Text the LLM did send is kept, marked partial, with the reason.

use std::path::PathBuf;

use serde_json::json;

use super::client::{self, LlmError, Outcome, PreparedRequest};
use super::{offline, prompts, LlmConfig};
use crate::audit::entry::{DraftWrite, LlmCall, LlmRequest};
use crate::audit::{AuditError, AuditLog, Details};
use crate::incident::{context, IncidentFolder};
use crate::ingest::redact::{Placeholders, Redactor};
use crate::ingest::Engine;

/// Tokens of incident context a prompt may carry.
pub const CONTEXT_BUDGET_TOKENS: usize = 3_000;

/// What the offline analyst's drafts are recorded as.
pub const OFFLINE_PRODUCER: &str = "offline-analyst";

/// Which draft. Each kind has a prompt template of its name and is saved as
/// `<name>.md`; new kinds (a free-form question, a drafted fix) add a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    Summary,
    Runbook,
    Postmortem,
}

impl DraftKind {
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
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.md", self.name())
    }
}

/// What a draft is written from. The context text is the caller's: the
/// incident context of an engine ([`DraftInput::from_engine`]) or any other
/// text a later kind needs (a question and its evidence).
#[derive(Debug, Clone)]
pub struct DraftInput {
    pub kind: DraftKind,
    pub incident: String,
    pub service: String,
    pub context: String,
}

impl DraftInput {
    /// The engine's incident context, within [`CONTEXT_BUDGET_TOKENS`].
    pub fn from_engine(kind: DraftKind, engine: &Engine, incident: &str, service: &str) -> Self {
        DraftInput {
            kind,
            incident: incident.to_string(),
            service: service.to_string(),
            context: context::build(engine, CONTEXT_BUDGET_TOKENS).text,
        }
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
    let values =
        json!({"context": input.context, "incident": input.incident, "service": input.service});
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
}

/// Step 1: with an LLM configured, builds the redacted request and audits it
/// (never the prompt, only its hash). Without one, nothing is sent or audited.
pub fn prepare(
    input: DraftInput,
    config: &LlmConfig,
    redactor: &Redactor,
    placeholders: &mut Placeholders,
    audit: &mut AuditLog,
) -> Result<Pending, DraftError> {
    if config.base_url.is_none() {
        return Ok(Pending {
            input,
            request: None,
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
    })
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
    /// The LLM call, when its text is the draft (partial or whole).
    pub outcome: Option<Outcome>,
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
}

/// Step 2: `outcome` is the streamed call of `pending.request` (`None` when
/// there was none). Audits the call, applies the fallback rule, audits and saves.
pub fn finish(
    pending: Pending,
    outcome: Option<Outcome>,
    engine: &Engine,
    folder: &IncidentFolder,
    audit: &mut AuditLog,
) -> Result<Draft, DraftError> {
    let Pending { input, request } = pending;
    let kind = input.kind;
    if let (Some(request), Some(outcome)) = (&request, &outcome) {
        audit.append(call_record(kind, request, outcome).entry(request.endpoint.clone()))?;
    }
    let offline = |note: String| {
        let text = offline::draft(kind.name(), engine, &input.incident);
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
    let file_name = kind.file_name();
    let written = DraftWrite {
        kind: kind.name().to_string(),
        producer: producer.clone(),
        bytes: text.len(),
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
        outcome,
        saved,
    })
}

fn call_record(kind: DraftKind, request: &PreparedRequest, outcome: &Outcome) -> LlmCall {
    LlmCall {
        kind: kind.name().to_string(),
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
mod tests {
    use super::*;
    use crate::audit::chain::read_records;
    use crate::ingest::redact::RedactionCounts;
    use crate::ingest::EngineConfig;
    use crate::level::Level;

    fn pending(kind: DraftKind) -> Pending {
        Pending {
            input: DraftInput {
                kind,
                incident: "inc".into(),
                service: "svc".into(),
                context: String::new(),
            },
            request: Some(PreparedRequest {
                endpoint: "http://127.0.0.1:9/v1/chat/completions".into(),
                model: "m".into(),
                body: "{}".into(),
                sha256: "abc".into(),
                redactions: RedactionCounts::default(),
            }),
        }
    }

    fn failed(text: &str, error: LlmError) -> Outcome {
        Outcome {
            text: text.into(),
            error: Some(error),
            prompt_tokens: 0,
            completion_tokens: 0,
            usage_reported: false,
            latency_ms: 1,
            first_token_ms: None,
            attempts: 1,
        }
    }

    /// The one fallback rule, for every way a call can fail: no text → the
    /// offline analyst; some text → kept, marked partial. Audited either way.
    #[test]
    fn the_offline_analyst_answers_exactly_when_the_llm_gave_no_text() {
        let dir = tempfile::tempdir().unwrap();
        let folder = IncidentFolder::open(dir.path(), "inc").unwrap();
        let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
        let engine = Engine::new(EngineConfig::default());
        let endpoint = || "http://127.0.0.1:9/v1".to_string();
        let errors = [
            LlmError::Connection {
                endpoint: endpoint(),
                detail: "refused".into(),
            },
            LlmError::Http {
                endpoint: endpoint(),
                status: 500,
                body: String::new(),
            },
            LlmError::Timeout {
                endpoint: endpoint(),
                seconds: 1,
            },
            LlmError::Malformed {
                endpoint: endpoint(),
                detail: "x".into(),
            },
        ];
        for error in errors {
            let none = finish(
                pending(DraftKind::Summary),
                Some(failed("", error.clone())),
                &engine,
                &folder,
                &mut audit,
            )
            .unwrap();
            assert!(none.is_offline() && !none.is_partial(), "{error}: {none:?}");
            assert!(none.text.contains("produced without an LLM"));
            let some = finish(
                pending(DraftKind::Runbook),
                Some(failed("half", error.clone())),
                &engine,
                &folder,
                &mut audit,
            )
            .unwrap();
            assert_eq!(some.producer, "llm:m");
            assert!(
                some.is_partial()
                    && some.text.starts_with("half")
                    && some.text.contains("[partial")
            );
        }
        let records = read_records(&folder.audit_path()).unwrap();
        let actions: Vec<_> = records.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions.len(), 16);
        assert!(actions
            .chunks(2)
            .all(|pair| pair == ["llm.call", "draft.write"]));
        assert!(records[0].details.get("usage_reported").is_some());
        assert_eq!(records[1].details["producer"], OFFLINE_PRODUCER);
        assert!(folder.path().join("summary.md").is_file());
    }

    #[test]
    fn without_an_endpoint_nothing_is_sent_or_audited_until_the_offline_draft_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let folder = IncidentFolder::open(dir.path(), "inc").unwrap();
        let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
        let engine = Engine::new(EngineConfig::default());
        let input = DraftInput::from_engine(DraftKind::Postmortem, &engine, "inc", "svc");
        let config = LlmConfig::default();
        let pending = prepare(
            input,
            &config,
            engine.redactor(),
            &mut Placeholders::default(),
            &mut audit,
        )
        .unwrap();
        assert!(pending.request.is_none());
        let draft = finish(pending, None, &engine, &folder, &mut audit).unwrap();
        assert_eq!(draft.note.as_deref(), Some("no LLM configured"));
        let records = read_records(&folder.audit_path()).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].action, "draft.write");
        assert_eq!(draft.saved.unwrap(), folder.path().join("postmortem.md"));
    }
}
