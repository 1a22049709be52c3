//! One co-pilot draft end to end: context → prompt → redacted request →
//! audit → stream → audit → text. Falls back to the offline analyst, clearly
//! labelled, when no endpoint is configured or it cannot be reached.

use serde_json::json;

use super::client::{self, LlmError, Outcome};
use super::{offline, prompts, LlmConfig};
use crate::audit::{AuditEntry, AuditLog};
use crate::incident::context;
use crate::ingest::redact::Placeholders;
use crate::ingest::Engine;

/// Tokens of incident context a prompt may carry.
pub const CONTEXT_BUDGET_TOKENS: usize = 3_000;

/// What the co-pilot produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub kind: String,
    pub text: String,
    /// `llm:<model>` or `offline-analyst`.
    pub producer: String,
    /// Why the offline analyst was used, or how the LLM call failed.
    pub note: Option<String>,
    pub outcome: Option<Outcome>,
}

/// The system and user prompt for `kind` over the engine's current state.
pub fn prompts_for(
    kind: &str,
    engine: &Engine,
    incident: &str,
    service: &str,
    config: &LlmConfig,
) -> Result<(String, String), String> {
    let ctx = context::build(engine, CONTEXT_BUDGET_TOKENS);
    let values = json!({"context": ctx.text, "incident": incident, "service": service});
    let dir = config.prompt_dir.as_deref();
    let system = prompts::render("system", dir, &values).map_err(|e| e.to_string())?;
    let user = prompts::render(kind, dir, &values).map_err(|e| e.to_string())?;
    Ok((system, user))
}

/// Which draft, for which incident and service.
#[derive(Debug, Clone, Copy)]
pub struct DraftRequest<'a> {
    pub kind: &'a str,
    pub incident: &'a str,
    pub service: &'a str,
}

/// Produces a draft, streaming LLM text to `on_chunk` as it arrives.
pub async fn produce(
    request: DraftRequest<'_>,
    engine: &Engine,
    config: &LlmConfig,
    audit: &mut AuditLog,
    placeholders: &mut Placeholders,
    on_chunk: impl FnMut(&str),
) -> Result<Draft, String> {
    let DraftRequest {
        kind,
        incident,
        service,
    } = request;
    let offline_draft = |note: String| Draft {
        kind: kind.to_string(),
        text: offline::draft(kind, engine, incident),
        producer: "offline-analyst".to_string(),
        note: Some(note),
        outcome: None,
    };
    if config.base_url.is_none() {
        return Ok(offline_draft("no LLM configured".to_string()));
    }
    let (system, user) = prompts_for(kind, engine, incident, service, config)?;
    let request = client::prepare(config, &system, &user, engine.redactor(), placeholders)
        .map_err(|e| e.to_string())?;
    // Audited before anything is sent or shown: never the prompt, only its hash.
    audit
        .append(AuditEntry::new("lookout", "llm.request", request.endpoint.clone()).with_details(json!({
            "kind": kind, "model": request.model, "prompt_sha256": request.sha256, "prompt_bytes": request.body.len(),
            "redactions": request.redactions.0,
        })))
        .map_err(|e| e.to_string())?;
    let outcome = client::stream(config, &request, on_chunk).await;
    audit
        .append(AuditEntry::new("lookout", "llm.call", request.endpoint.clone()).with_details(json!({
            "kind": kind, "model": request.model, "prompt_sha256": request.sha256,
            "prompt_tokens": outcome.prompt_tokens, "completion_tokens": outcome.completion_tokens, "usage_reported": outcome.usage_reported,
            "latency_ms": outcome.latency_ms, "first_token_ms": outcome.first_token_ms, "attempts": outcome.attempts,
            "redactions": request.redactions.0, "error": outcome.error.as_ref().map(|e| e.to_string()),
        })))
        .map_err(|e| e.to_string())?;
    match &outcome.error {
        Some(
            error
            @ (LlmError::Connection { .. } | LlmError::Http { .. } | LlmError::Timeout { .. }),
        ) if outcome.text.is_empty() => Ok(offline_draft(format!(
            "LLM unavailable ({error}); produced without an LLM"
        ))),
        Some(error) => {
            let text = format!(
                "{}\n\n> [partial — the LLM call failed: {error}]\n",
                outcome.text
            );
            Ok(Draft {
                kind: kind.to_string(),
                text,
                producer: format!("llm:{}", config.model),
                note: Some(error.to_string()),
                outcome: Some(outcome),
            })
        }
        None => Ok(Draft {
            kind: kind.to_string(),
            text: outcome.text.clone(),
            producer: format!("llm:{}", config.model),
            note: None,
            outcome: Some(outcome),
        }),
    }
}
