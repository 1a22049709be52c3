//! The terminal workbench. The ONLY module that imports ratatui and crossterm.
//!
//! One event loop owns the State (and the engine inside it): sources, input,
//! signals and ticks arrive as `Event`s on one channel; the loop drains what is
//! pending, updates, then draws once (at most ~60 frames a second).

pub mod app;
pub mod changes;
pub mod copilot;
pub mod event;
pub mod groups;
pub mod keymap;
pub mod logs_nav;
pub mod proposal;
pub mod terminal;
pub mod theme;
pub mod views;

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::sync::mpsc;

use crate::audit::{AuditEntry, AuditLog};
use crate::incident::IncidentFolder;
use crate::ingest::Engine;
use crate::level::Level;
use crate::source::cloudwatch_follow::SharedAudit;
use crate::source::cloudwatch_source::CloudwatchContext;
use crate::source::{SourceEvent, SourceInfo};
use app::{Cmd, State};
use event::Event;
use theme::Theme;

const FRAME_INTERVAL: Duration = Duration::from_millis(16);
const TICK_INTERVAL: Duration = Duration::from_millis(100);
/// Events applied per wake-up before drawing, so a firehose cannot starve the screen.
const MAX_EVENTS_PER_FRAME: usize = 50_000;

/// Everything a workbench run needs, already validated.
pub struct Session {
    pub engine: Engine,
    pub level: Level,
    pub service: String,
    pub sources: Vec<SourceInfo>,
    pub theme: Theme,
    pub mouse: bool,
    pub folder: IncidentFolder,
    /// Shared with the source tasks that audit their own reads (CloudWatch,
    /// Prometheus): one writer at a time keeps one hash chain.
    pub audit: SharedAudit,
    /// Level 1: where `p` finds a proposal (the demo's infra repo and fix).
    pub proposal_source: Option<proposal::ProposalSource>,
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
    runtime.block_on(event_loop(session, start_sources))
}

async fn event_loop<F>(session: Session, start_sources: F) -> anyhow::Result<()>
where
    F: FnOnce(mpsc::Sender<SourceEvent>) + Send + 'static,
{
    let Session {
        engine,
        level,
        service,
        sources,
        theme,
        mouse,
        folder,
        audit,
        proposal_source,
        propose_config,
        llm_config,
        credentials_unverified,
        cloudwatch,
        changes_repo,
    } = session;
    let mut changes_onset_ms: Option<i64> = None;
    let mut copilot = copilot::Copilot::default();
    let mut state = State::new(engine, level, folder.id(), &service, sources);
    state.credentials_unverified = credentials_unverified;
    let mut guard = terminal::TerminalGuard::enter(mouse)?;
    let (tx, mut rx) = mpsc::channel::<Event>(8192);
    spawn_input(tx.clone());
    spawn_signals(tx.clone());
    spawn_ticks(tx.clone());
    let (source_tx, mut source_rx) = mpsc::channel::<SourceEvent>(1024);
    start_sources(source_tx.clone());
    let forward = tx.clone();
    tokio::spawn(async move {
        while let Some(event) = source_rx.recv().await {
            if forward.send(Event::Source(event)).await.is_err() {
                break;
            }
        }
    });
    let panic_at = test_panic_deadline();
    let mut first_signal_audited = false;
    let mut last_draw = Instant::now() - FRAME_INTERVAL;
    guard
        .terminal
        .draw(|frame| views::draw(frame, &mut state, &theme))?;
    while let Some(first) = rx.recv().await {
        let mut commands = app::update(&mut state, first);
        for _ in 0..MAX_EVENTS_PER_FRAME {
            match rx.try_recv() {
                Ok(event) => commands.extend(app::update(&mut state, event)),
                Err(_) => break,
            }
        }
        if !first_signal_audited && !state.engine.signals().is_empty() {
            first_signal_audited = true;
            let first = &state.engine.signals()[0];
            let entry = AuditEntry::new("lookout", "signal.first", first.id.clone())
                .with_details(serde_json::json!({"title": first.title, "time_ms": first.time_ms}));
            audit_or_report(&mut lock(&audit), &mut state, entry);
        }
        if let Some((repo, window_ms)) = &changes_repo {
            changes::watch(&state, repo, *window_ms, &mut changes_onset_ms, &audit, &tx);
        }
        let mut quit = false;
        for command in commands {
            // Held for this command only: source tasks append between commands.
            let mut audit = lock(&audit);
            match command {
                Cmd::Quit => quit = true,
                Cmd::Draft(kind) => {
                    copilot.start(&mut state, kind, &llm_config, &mut audit, &folder, &tx)
                }
                Cmd::CancelDraft => copilot.cancel(&mut state, true),
                Cmd::FinishDraft(outcome) => {
                    copilot.finish(&mut state, &outcome, &mut audit, &folder)
                }
                Cmd::Propose => proposal::open(
                    &mut state,
                    proposal_source.as_ref(),
                    &propose_config,
                    &mut audit,
                ),
                Cmd::Scoreboard => {
                    let base = folder.base_dir();
                    state.scoreboard = Some(match crate::audit::scoreboard::compute(&base, None) {
                        Ok(board) => crate::audit::scoreboard::report_lines(&board, &base),
                        Err(err) => vec![format!(
                            "cannot read the audit logs under {}: {err}",
                            base.display()
                        )],
                    });
                }
                Cmd::StageProposal => {
                    proposal::confirm(&mut state, proposal_source.as_ref(), &folder, &mut audit)
                }
                Cmd::ListGroups(prefix) => {
                    drop(audit);
                    groups::list(cloudwatch.as_ref(), prefix, &tx);
                }
                Cmd::AddGroup(group) => groups::add(
                    &mut state,
                    cloudwatch.as_ref(),
                    group,
                    &mut audit,
                    &source_tx,
                ),
            }
        }
        if quit {
            break;
        }
        if panic_at.is_some_and(|at| Instant::now() >= at) {
            panic!("forced panic for the terminal-restore test (LOOKOUT_TEST_PANIC_AFTER_MS)");
        }
        if last_draw.elapsed() >= FRAME_INTERVAL {
            state.sample_rate(crate::source::now_ms());
            guard
                .terminal
                .draw(|frame| views::draw(frame, &mut state, &theme))?;
            last_draw = Instant::now();
        }
    }
    drop(guard);
    Ok(())
}

/// The audit log, even after a writer panicked (each append is whole or not
/// written; the chain stays verifiable either way).
fn lock(audit: &SharedAudit) -> std::sync::MutexGuard<'_, AuditLog> {
    audit
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// An audit failure is shown, never hidden; the action it guards is not shown.
pub(crate) fn audit_or_report(audit: &mut AuditLog, state: &mut State, entry: AuditEntry) -> bool {
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

fn spawn_ticks(tx: mpsc::Sender<Event>) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK_INTERVAL);
        loop {
            interval.tick().await;
            if tx.send(Event::Tick).await.is_err() {
                break;
            }
        }
    });
}

/// Debug builds only: `LOOKOUT_TEST_PANIC_AFTER_MS` forces a panic so tests can
/// prove the terminal is restored. Release builds have no such trigger.
fn test_panic_deadline() -> Option<Instant> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let ms: u64 = std::env::var("LOOKOUT_TEST_PANIC_AFTER_MS")
        .ok()?
        .parse()
        .ok()?;
    Some(Instant::now() + Duration::from_millis(ms))
}
