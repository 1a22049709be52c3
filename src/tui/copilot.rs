//! The co-pilot in the workbench: `s`/`r`/`m` start a draft and `a` asks a
//! question, through the same library flow as the CLI (`llm::draft::prepare`,
//! then `finish`). The loop owns the engine and the audit log, so both steps
//! run here; between them a task streams the request and its chunks arrive as
//! events — the UI never waits. A too-long rejection is retried once with a
//! smaller pack (`draft::retry_smaller`). A new request replaces a running
//! one; Esc cancels. Without an LLM the offline analyst answers at once,
//! clearly labelled. Every finished text shows its citation check.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::app::State;
use super::event::Event;
use crate::audit::AuditSink;
use crate::incident::IncidentFolder;
use crate::ingest::redact::Placeholders;
use crate::llm::ask::Turn;
use crate::llm::client::{self, Outcome, PreparedRequest};
use crate::llm::draft::{self, Draft, DraftError, DraftInput, DraftKind, Pending};
use crate::llm::LlmConfig;

/// The running request, if any, and the conversation so far.
#[derive(Default)]
pub struct Copilot {
    task: Option<JoinHandle<()>>,
    pending: Option<Pending>,
    placeholders: Placeholders,
    /// Questions asked with `a` and their answers, oldest first: a follow-up carries them.
    turns: Vec<Turn>,
}

impl Copilot {
    /// Starts a draft of `kind` (with `question` for `Ask`), cancelling any running one.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &mut self,
        state: &mut State,
        kind: DraftKind,
        question: Option<&str>,
        config: &LlmConfig,
        audit: &mut dyn AuditSink,
        folder: &IncidentFolder,
        tx: &mpsc::Sender<Event>,
    ) {
        self.cancel(state, false);
        state.copilot.generation += 1;
        state.copilot.kind = kind.name().to_string();
        state.copilot.scroll = 0;
        state.copilot.citations = None;
        state.copilot.question = question.map(str::to_string);
        let (engine, incident, service) = (&state.engine, &state.incident_id, &state.service);
        // Suspects: the service repo's ranked changes, once the timeline has
        // them (`tui::changes`, audited when read); without a repo, none.
        let ranked = state
            .changes
            .as_ref()
            .map(crate::changes::ChangesReport::suspect_changes);
        // The pack is built around the onset the suspects were ranked against.
        let around = crate::incident::PackInput {
            onset_ms: state.changes.as_ref().map(|report| report.onset_ms),
            suspects: ranked.as_deref(),
            budget_tokens: 0,
        };
        let input = match question {
            Some(question) => DraftInput::ask(
                engine,
                incident,
                service,
                around,
                config,
                question,
                &self.turns,
            ),
            None => DraftInput::from_engine(kind, engine, incident, service, around, config),
        };
        let prepared = input.and_then(|input| {
            draft::prepare(
                input,
                config,
                state.engine.redactor(),
                &mut self.placeholders,
                audit,
            )
        });
        let pending = match prepared {
            Ok(pending) => pending,
            Err(err) => {
                state.message = Some(format!("co-pilot: {err}"));
                return;
            }
        };
        let Some(request) = pending.request.clone() else {
            // No LLM: the offline analyst answers at once.
            let finished = draft::finish(pending, None, folder, audit);
            self.show(state, finished);
            return;
        };
        state.copilot.text = match question {
            Some(question) => format!("Q: {question}\n\n"),
            None => String::new(),
        };
        self.stream(state, kind, request, config, tx);
        self.pending = Some(pending);
    }

    /// Streams `request` on a task; its chunks and end arrive as events.
    fn stream(
        &mut self,
        state: &mut State,
        kind: DraftKind,
        request: PreparedRequest,
        config: &LlmConfig,
        tx: &mpsc::Sender<Event>,
    ) {
        state.copilot.title = format!(
            "Co-pilot — {} ({} via {}) — streaming, Esc cancels",
            kind.name(),
            request.model,
            request.endpoint
        );
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

    /// The stream ended: a too-long rejection is sent once more with a smaller
    /// pack; otherwise the library audits the call, then saves the draft; shown after.
    pub fn finish(
        &mut self,
        state: &mut State,
        outcome: Outcome,
        config: &LlmConfig,
        audit: &mut dyn AuditSink,
        folder: &IncidentFolder,
        tx: &mpsc::Sender<Event>,
    ) {
        self.task = None;
        let Some(pending) = self.pending.take() else {
            return;
        };
        let retry = draft::retry_smaller(
            &pending,
            &outcome,
            config,
            state.engine.redactor(),
            &mut self.placeholders,
            audit,
        );
        match retry {
            Ok(Some(retry)) => {
                if let Some(request) = retry.request.clone() {
                    state.message = retry.retried.clone();
                    self.stream(state, retry.input.kind, request, config, tx);
                    self.pending = Some(retry);
                    return;
                }
                let finished = draft::finish(retry, None, folder, audit);
                self.show(state, finished);
            }
            Ok(None) => {
                let finished = draft::finish(pending, Some(outcome), folder, audit);
                self.show(state, finished);
            }
            Err(err) => state.message = Some(format!("co-pilot: {err}")),
        }
    }

    /// Puts a finished draft in the pane (it is audited and saved by now); an
    /// answer joins the conversation.
    fn show(&mut self, state: &mut State, finished: Result<Draft, DraftError>) {
        let (draft, question) = match finished {
            Ok(draft) => {
                let question = self.pending_question(&draft, state);
                (draft, question)
            }
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
        state.message = Some(match (&draft.saved, &draft.retried) {
            (Ok(path), None) => format!("{kind} saved to {}", path.display()),
            (Ok(path), Some(why)) => format!("{kind} saved to {} — {why}", path.display()),
            (Err(err), _) => format!("could not save the {kind}: {err}"),
        });
        state.copilot.citations = Some(draft.citations.to_string());
        state.copilot.text = match &question {
            Some(question) => format!("Q: {question}\n\n{}", draft.text),
            None => draft.text.clone(),
        };
        if let Some(question) = question {
            self.turns.push(Turn {
                question,
                answer: draft.text,
            });
        }
    }

    /// The question a finished answer was for (shown at the top of the pane).
    fn pending_question(&self, draft: &Draft, state: &State) -> Option<String> {
        if draft.kind != DraftKind::Ask {
            return None;
        }
        state
            .copilot
            .question
            .clone()
            .filter(|question| !question.is_empty())
    }

    /// The turns asked so far (for tests and the pane's title).
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }
}
