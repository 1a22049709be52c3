//! Driving the workbench's co-pilot without a terminal: the same `update` →
//! command path the event loop runs, on a current-thread runtime.

use std::time::Duration;

use lookout::audit::AuditSink;
use lookout::incident::IncidentFolder;
use lookout::llm::draft::DraftKind;
use lookout::llm::LlmConfig;
use lookout::tui::app::{self, Cmd, State};
use lookout::tui::copilot::Copilot;

/// Starts a draft (or, with `question`, an answer) and runs the loop's
/// update/command path until the co-pilot finishes it; panics after 20 s.
pub fn draft(
    state: &mut State,
    kind: DraftKind,
    question: Option<&str>,
    config: &LlmConfig,
    audit: &mut dyn AuditSink,
    folder: &IncidentFolder,
) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::channel(64);
        let mut copilot = Copilot::default();
        copilot.start(state, kind, question, config, audit, folder, &tx);
        // Bounded: the scripted server answers at once; 20 s means a stuck flow.
        let finished = tokio::time::timeout(Duration::from_secs(20), async {
            while let Some(event) = rx.recv().await {
                for command in app::update(state, event) {
                    if let Cmd::FinishDraft(outcome) = command {
                        copilot.finish(state, *outcome, config, audit, folder, &tx);
                        return true;
                    }
                }
            }
            false
        })
        .await;
        assert_eq!(finished, Ok(true), "the stream never finished");
    });
}
