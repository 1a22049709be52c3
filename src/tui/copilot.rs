//! The co-pilot in the workbench: `s`/`r`/`m` start a draft. With an LLM
//! configured, the request is built and audited here (the loop owns the engine
//! and the audit log), then streamed by a task whose chunks arrive as events;
//! the UI never waits. A new request replaces a running one; Esc cancels.
//! Without an LLM the offline analyst answers at once, clearly labelled.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::app::State;
use super::event::Event;
use crate::audit::{AuditEntry, AuditLog};
use crate::incident::IncidentFolder;
use crate::ingest::redact::Placeholders;
use crate::llm::client::{self, Outcome, PreparedRequest};
use crate::llm::{draft, offline, LlmConfig};

/// The running request, if any.
#[derive(Default)]
pub struct Copilot {
    task: Option<JoinHandle<()>>,
    request: Option<(String, PreparedRequest)>,
    placeholders: Placeholders,
}

impl Copilot {
    /// Starts a draft of `kind`, cancelling any running one.
    pub fn start(
        &mut self,
        state: &mut State,
        kind: &'static str,
        config: &LlmConfig,
        audit: &mut AuditLog,
        folder: &IncidentFolder,
        tx: &mpsc::Sender<Event>,
    ) {
        self.cancel(state, false);
        state.copilot.generation += 1;
        state.copilot.kind = kind.to_string();
        state.copilot.scroll = 0;
        if config.base_url.is_none() {
            let text = offline::draft(kind, &state.engine, &state.incident_id);
            state.copilot.title =
                format!("Co-pilot — {kind} (offline analyst — no LLM configured)");
            save(state, folder, audit, kind, "offline-analyst", &text);
            state.copilot.text = text;
            return;
        }
        let prompts = draft::prompts_for(
            kind,
            &state.engine,
            &state.incident_id,
            &state.service,
            config,
        );
        let request = prompts
            .map_err(|e| e.to_string())
            .and_then(|(system, user)| {
                client::prepare(
                    config,
                    &system,
                    &user,
                    state.engine.redactor(),
                    &mut self.placeholders,
                )
                .map_err(|e| e.to_string())
            });
        let request = match request {
            Ok(request) => request,
            Err(err) => {
                state.message = Some(format!("co-pilot: {err}"));
                return;
            }
        };
        let entry = AuditEntry::new("lookout", "llm.request", request.endpoint.clone()).with_details(serde_json::json!({
            "kind": kind, "model": request.model, "prompt_sha256": request.sha256, "prompt_bytes": request.body.len(), "redactions": request.redactions.0,
        }));
        if let Err(err) = audit.append(entry) {
            state.message = Some(format!("audit failed, nothing sent: {err}"));
            return;
        }
        state.copilot.title = format!(
            "Co-pilot — {kind} ({} via {}) — streaming, Esc cancels",
            request.model, request.endpoint
        );
        state.copilot.text.clear();
        state.copilot.running = true;
        let generation = state.copilot.generation;
        let (config, sent, tx) = (config.clone(), request.clone(), tx.clone());
        self.task = Some(tokio::spawn(async move {
            let chunks = tx.clone();
            let outcome = client::stream(&config, &sent, move |text| {
                let _ = chunks.try_send(Event::CopilotChunk {
                    generation,
                    text: text.to_string(),
                });
            })
            .await;
            let _ = tx
                .send(Event::CopilotDone {
                    generation,
                    outcome,
                })
                .await;
        }));
        self.request = Some((kind.to_string(), request));
    }

    /// Esc, or a new request: stop streaming, keep the partial text, mark it.
    pub fn cancel(&mut self, state: &mut State, mark: bool) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if state.copilot.running {
            state.copilot.running = false;
            if mark {
                state.copilot.text.push_str("\n\n> [partial — cancelled]\n");
                state.message = Some("co-pilot request cancelled".to_string());
            }
        }
    }

    /// The stream ended: audit the call, then show and save the result.
    pub fn finish(
        &mut self,
        state: &mut State,
        outcome: &Outcome,
        audit: &mut AuditLog,
        folder: &IncidentFolder,
    ) {
        self.task = None;
        let Some((kind, request)) = self.request.take() else {
            return;
        };
        let entry = AuditEntry::new("lookout", "llm.call", request.endpoint.clone()).with_details(serde_json::json!({
            "kind": kind, "model": request.model, "prompt_sha256": request.sha256, "prompt_tokens": outcome.prompt_tokens,
            "completion_tokens": outcome.completion_tokens, "latency_ms": outcome.latency_ms, "first_token_ms": outcome.first_token_ms,
            "attempts": outcome.attempts, "redactions": request.redactions.0, "error": outcome.error.as_ref().map(|e| e.to_string()),
        }));
        if let Err(err) = audit.append(entry) {
            state.message = Some(format!("audit failed: {err}"));
            return;
        }
        let mut text = outcome.text.clone();
        if let Some(error) = &outcome.error {
            if text.is_empty() {
                text = offline::draft(&kind, &state.engine, &state.incident_id);
                state.copilot.title =
                    format!("Co-pilot — {kind} (offline analyst — LLM unavailable: {error})");
            } else {
                text.push_str(&format!("\n\n> [partial — the LLM call failed: {error}]\n"));
            }
        } else {
            state.copilot.title = format!(
                "Co-pilot — {kind} ({}; {} tokens, {} ms)",
                request.model, outcome.completion_tokens, outcome.latency_ms
            );
        }
        save(
            state,
            folder,
            audit,
            &kind,
            &format!("llm:{}", request.model),
            &text,
        );
        state.copilot.text = text;
    }
}

fn save(
    state: &mut State,
    folder: &IncidentFolder,
    audit: &mut AuditLog,
    kind: &str,
    producer: &str,
    text: &str,
) {
    let file_name = format!("{kind}.md");
    let entry = AuditEntry::new(
        "lookout",
        "draft.write",
        folder.path().join(&file_name).display().to_string(),
    )
    .with_details(serde_json::json!({"kind": kind, "producer": producer, "bytes": text.len()}));
    if let Err(err) = audit.append(entry) {
        state.message = Some(format!("audit failed, draft not saved: {err}"));
        return;
    }
    state.message = Some(match folder.write_draft(&file_name, text) {
        Ok(path) => format!("{kind} saved to {}", path.display()),
        Err(err) => format!("could not save the {kind}: {err}"),
    });
}
