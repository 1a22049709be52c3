//! The terminal workbench. The ONLY module that imports ratatui and crossterm.
//!
//! One event loop owns the State (and the engine inside it): input and signals
//! arrive on one channel, sources, ticks and co-pilot text on another; input
//! always goes first and source work is capped by time per frame
//! (`event_loop.rs` says why).

pub mod app;
pub mod changes;
pub mod copilot;
pub mod event;
pub mod event_loop;
pub mod groups;
pub mod keymap;
pub mod logs_nav;
pub mod proposal;
pub mod terminal;
pub mod theme;
pub mod views;

use std::io::IsTerminal;

use futures::StreamExt;
use tokio::sync::mpsc;

use crate::audit::{AuditEntry, AuditSink, AuditWriter};
use crate::incident::IncidentFolder;
use crate::ingest::Engine;
use crate::level::Level;
use crate::source::cloudwatch::source::CloudwatchContext;
use crate::source::{SourceEvent, SourceInfo};
use app::State;
use event::Event;
use theme::Theme;

/// Everything a workbench run needs, already validated.
pub struct Session {
    pub engine: Engine,
    pub level: Level,
    pub service: String,
    pub sources: Vec<SourceInfo>,
    pub theme: Theme,
    pub mouse: bool,
    pub folder: IncidentFolder,
    /// The audit writer thread's handle, shared with the source tasks that
    /// audit their own reads (CloudWatch, Prometheus): one owner of the log
    /// keeps one hash chain, and nobody waits on a lock.
    pub audit: AuditWriter,
    /// The service's repository: at Level 1, `p` drafts the fix from the
    /// incident against it (`llm::fix`).
    pub service_repo: Option<std::path::PathBuf>,
    pub propose_config: crate::propose::ProposeConfig,
    pub llm_config: crate::llm::LlmConfig,
    /// The credential guard could not verify the AWS credentials and the user
    /// accepted that (`--unverified-credentials`): the status bar says so.
    pub credentials_unverified: bool,
    /// The guarded CloudWatch connection, when this workbench may read AWS
    /// (a service with `cloudwatch_groups`): the group browser uses it.
    pub cloudwatch: Option<CloudwatchContext>,
    /// The service's repo and its changes window: its suspects join the
    /// timeline once the incident has an onset.
    pub changes_repo: Option<(std::path::PathBuf, i64)>,
}

#[derive(Debug, thiserror::Error)]
#[error("{command} needs a terminal, but stdout is not one. For scripts use the headless commands (`lookout tail --no-tui --json`, `lookout summarize --demo`, `lookout signals FILE --json`).")]
pub struct NoTerminal {
    pub command: String,
}

/// Fails early, with a clear message, when there is no terminal to draw on.
pub fn require_terminal(command: &str) -> Result<(), NoTerminal> {
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(NoTerminal {
            command: command.to_string(),
        })
    }
}

/// Runs the workbench until the user quits or a signal arrives. `start_sources`
/// spawns the source tasks on the runtime with the sender they report to.
pub fn run<F>(session: Session, start_sources: F) -> anyhow::Result<()>
where
    F: FnOnce(mpsc::Sender<SourceEvent>) + Send + 'static,
{
    run_in(&runtime()?, session, start_sources)
}

/// The runtime the workbench runs on. Callers that must make remote calls
/// before the screen opens (the credential guard) make them on this same
/// runtime, so the SDK's pooled connections are never tied to a dead one.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// [`run`] on a runtime the caller already used.
pub fn run_in<F>(
    runtime: &tokio::runtime::Runtime,
    session: Session,
    start_sources: F,
) -> anyhow::Result<()>
where
    F: FnOnce(mpsc::Sender<SourceEvent>) + Send + 'static,
{
    runtime.block_on(async move {
        let mut guard = terminal::TerminalGuard::enter(session.mouse)?;
        let (input_tx, input_rx) = mpsc::channel::<Event>(1024);
        spawn_input(input_tx.clone());
        spawn_signals(input_tx);
        let io = event_loop::LoopIo {
            terminal: &mut guard.terminal,
            input: input_rx,
            on_frame: |_| {},
        };
        event_loop::run_loop(session, start_sources, io).await
    })
}

/// An audit failure is shown, never hidden; the action it guards is not shown.
pub(crate) fn audit_or_report(
    audit: &mut dyn AuditSink,
    state: &mut State,
    entry: AuditEntry,
) -> bool {
    match audit.append(entry) {
        Ok(_) => true,
        Err(err) => {
            state.message = Some(format!("audit failed, action refused: {err}"));
            false
        }
    }
}

fn spawn_input(tx: mpsc::Sender<Event>) {
    tokio::spawn(async move {
        let mut input = crossterm::event::EventStream::new();
        while let Some(Ok(event)) = input.next().await {
            if tx.send(Event::Input(event)).await.is_err() {
                break;
            }
        }
    });
}

fn spawn_signals(tx: mpsc::Sender<Event>) {
    use tokio::signal::unix::{signal, SignalKind};
    for kind in [
        SignalKind::terminate(),
        SignalKind::interrupt(),
        SignalKind::hangup(),
    ] {
        let tx = tx.clone();
        if let Ok(mut stream) = signal(kind) {
            tokio::spawn(async move {
                if stream.recv().await.is_some() {
                    let _ = tx.send(Event::Terminate).await;
                }
            });
        }
    }
}
