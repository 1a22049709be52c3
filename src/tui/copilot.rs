//! The co-pilot in the workbench: `s`/`r`/`m` start a draft through the same
//! library flow as the CLI (`llm::draft::prepare`, then `finish`). The loop owns
//! the engine and the audit log, so both steps run here; between them a task
//! streams the request and its chunks arrive as events — the UI never waits.
//! A new request replaces a running one; Esc cancels. Without an LLM the
//! offline analyst answers at once, clearly labelled.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::app::State;
use super::event::Event;
use crate::audit::AuditLog;
use crate::incident::IncidentFolder;
use crate::ingest::redact::Placeholders;
use crate::llm::client::{self, Outcome};
use crate::llm::draft::{self, Draft, DraftError, DraftInput, DraftKind, Pending};
use crate::llm::LlmConfig;

/// The running request, if any.
#[derive(Default)]
pub struct Copilot {
    task: Option<JoinHandle<()>>,
    pending: Option<Pending>,
    placeholders: Placeholders,
}

impl Copilot {
    /// Starts a draft of `kind`, cancelling any running one.
    pub fn start(
        &mut self,
        state: &mut State,
        kind: DraftKind,
        config: &LlmConfig,
        audit: &mut AuditLog,
        folder: &IncidentFolder,
        tx: &mpsc::Sender<Event>,
    ) {
        self.cancel(state, false);
        state.copilot.generation += 1;
        state.copilot.kind = kind.name().to_string();
        state.copilot.scroll = 0;
        let input =
            DraftInput::from_engine(kind, &state.engine, &state.incident_id, &state.service);
        let pending = match draft::prepare(
            input,
            config,
            state.engine.redactor(),
            &mut self.placeholders,
            audit,
        ) {
            Ok(pending) => pending,
            Err(err) => {
                state.message = Some(format!("co-pilot: {err}"));
                return;
            }
        };
        let Some(request) = pending.request.clone() else {
            // No LLM: the offline analyst answers at once.
            let finished = draft::finish(pending, None, &state.engine, folder, audit);
            show(state, finished);
            return;
        };
        state.copilot.title = format!(
            "Co-pilot — {} ({} via {}) — streaming, Esc cancels",
            kind.name(),
            request.model,
            request.endpoint
        );
        state.copilot.text.clear();
        state.copilot.running = true;
        let generation = state.copilot.generation;
        let (config, tx) = (config.clone(), tx.clone());
        self.task = Some(tokio::spawn(async move {
            let chunks = tx.clone();
            let outcome = client::stream(&config, &request, move |text| {
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
        self.pending = Some(pending);
    }

    /// Esc, or a new request: stop streaming, keep the partial text, mark it.
    pub fn cancel(&mut self, state: &mut State, mark: bool) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        self.pending = None;
        if state.copilot.running {
            state.copilot.running = false;
            if mark {
                state.copilot.text.push_str("\n\n> [partial — cancelled]\n");
                state.message = Some("co-pilot request cancelled".to_string());
            }
        }
    }

    /// The stream ended: the library audits the call, then saves the draft; shown after.
    pub fn finish(
        &mut self,
        state: &mut State,
        outcome: Outcome,
        audit: &mut AuditLog,
        folder: &IncidentFolder,
    ) {
        self.task = None;
        let Some(pending) = self.pending.take() else {
            return;
        };
        let finished = draft::finish(pending, Some(outcome), &state.engine, folder, audit);
        show(state, finished);
    }
}

/// Puts a finished draft in the pane (it is audited and saved by now).
fn show(state: &mut State, finished: Result<Draft, DraftError>) {
    let draft = match finished {
        Ok(draft) => draft,
        Err(err) => {
            state.message = Some(format!("co-pilot: {err}"));
            return;
        }
    };
    let kind = draft.kind.name();
    state.copilot.title = match (&draft.outcome, &draft.note) {
        (_, Some(note)) if draft.is_offline() => {
            format!("Co-pilot — {kind} (offline analyst — {note})")
        }
        (Some(_), Some(error)) => format!(
            "Co-pilot — {kind} ({}; partial — {error})",
            draft.producer.trim_start_matches("llm:")
        ),
        (Some(outcome), None) => format!(
            "Co-pilot — {kind} ({}; {} tokens, {} ms)",
            draft.producer.trim_start_matches("llm:"),
            outcome.completion_tokens,
            outcome.latency_ms
        ),
        _ => format!("Co-pilot — {kind}"),
    };
    state.message = Some(match &draft.saved {
        Ok(path) => format!("{kind} saved to {}", path.display()),
        Err(err) => format!("could not save the {kind}: {err}"),
    });
    state.copilot.text = draft.text;
}
