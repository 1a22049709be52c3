//! The workbench's event loop, generic over the ratatui backend so a bench can
//! drive it headless (benches/key_latency.rs) exactly as the terminal does.
//!
//! Decision (issue 15, "the UI never waits"): the engine stays on the UI task
//! and the loop caps its work per frame by TIME, instead of moving ingest to
//! its own thread. Input arrives on a channel of its own and always goes first;
//! source events are applied only while `WORK_BUDGET` lasts, and a pending key
//! ends that work early, so a key is answered and the frame redrawn within
//! about one budget plus one frame, however fast the sources are. A snapshot
//! per tick from an ingest thread would mean copying or sharing the store the
//! views read (up to a million lines); the time cap gives the same latency
//! without a second owner of the engine. Nothing on the key path takes a lock:
//! the audit log belongs to its writer thread (`audit::shared`), and a command
//! that appends waits only for that append's acknowledgement.

use std::time::{Duration, Instant};

use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::mpsc;

use super::app::{self, Cmd, State};
use super::event::Event;
use super::theme::Theme;
use super::{changes, copilot, groups, proposal, views, Session};
use crate::audit::entry::SignalFirst;
use crate::audit::Details;
use crate::llm::draft::DraftKind;
use crate::source::SourceEvent;

/// Redraws at most this often when only sources changed something.
pub const FRAME_INTERVAL: Duration = Duration::from_millis(16);
/// Time spent applying source events before the loop draws (or answers a key).
pub const WORK_BUDGET: Duration = Duration::from_millis(8);
const TICK_INTERVAL: Duration = Duration::from_millis(100);

/// What one drawn frame answered, for whoever measures the loop (the key
/// latency bench). The terminal workbench passes a no-op.
#[derive(Debug, Clone, Copy)]
pub struct FrameReport {
    /// Input events applied since the previous frame.
    pub inputs_answered: usize,
    /// When the frame finished drawing.
    pub drawn_at: Instant,
    /// Lines the engine has taken in so far.
    pub lines_in: u64,
}

/// The loop's inputs: the terminal (or a test backend) to draw on, the input
/// events (keys, mouse, resize, terminate), and a frame observer.
pub struct LoopIo<'a, B: Backend, R: FnMut(FrameReport)> {
    pub terminal: &'a mut Terminal<B>,
    pub input: mpsc::Receiver<Event>,
    pub on_frame: R,
}

/// Runs the workbench until `Quit` or until every input sender is gone.
pub async fn run_loop<B, R, F>(
    session: Session,
    start_sources: F,
    io: LoopIo<'_, B, R>,
) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    R: FnMut(FrameReport),
    F: FnOnce(mpsc::Sender<SourceEvent>) + Send + 'static,
{
    let Session {
        engine,
        level,
        service,
        sources,
        theme,
        mouse: _,
        folder,
        mut audit,
        service_repo,
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
    let (tx, mut rx) = mpsc::channel::<Event>(8192);
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
    let LoopIo {
        terminal,
        input: mut input_rx,
        mut on_frame,
    } = io;
    let panic_at = test_panic_deadline();
    let mut first_signal_audited = false;
    let mut last_draw = Instant::now() - FRAME_INTERVAL;
    draw(terminal, &mut state, &theme)?;
    loop {
        // Wait for anything; input wins a tie.
        let first = tokio::select! {
            biased;
            input = input_rx.recv() => match input {
                Some(event) => event,
                None => break,
            },
            other = rx.recv() => match other {
                Some(event) => event,
                None => break,
            },
        };
        let mut inputs_answered = 0;
        let mut commands = Vec::new();
        if matches!(first, Event::Input(_) | Event::Terminate) {
            inputs_answered += 1;
        }
        commands.extend(app::update(&mut state, first));
        // Every pending input first, then source work while the budget lasts;
        // a key that arrives meanwhile stops the work so it is drawn now.
        let work_started = Instant::now();
        loop {
            if let Ok(event) = input_rx.try_recv() {
                inputs_answered += 1;
                commands.extend(app::update(&mut state, event));
                continue;
            }
            if work_started.elapsed() >= WORK_BUDGET {
                break;
            }
            match rx.try_recv() {
                Ok(event) => commands.extend(app::update(&mut state, event)),
                Err(_) => break,
            }
            if !input_rx.is_empty() {
                break;
            }
        }
        if !first_signal_audited && !state.engine.signals().is_empty() {
            first_signal_audited = true;
            let first = &state.engine.signals()[0];
            let entry = SignalFirst {
                title: first.title.clone(),
                time_ms: first.time_ms,
            }
            .entry(first.id.clone());
            super::audit_or_report(&mut audit, &mut state, entry);
        }
        if let Some((repo, window_ms)) = &changes_repo {
            changes::watch(&state, repo, *window_ms, &mut changes_onset_ms, &audit, &tx);
        }
        let mut quit = false;
        for command in commands {
            // A command that appends waits only for its own acknowledgement
            // from the audit writer thread; there is no lock to wait on.
            match command {
                Cmd::Quit => quit = true,
                Cmd::Draft(kind) => copilot.start(
                    &mut state,
                    kind,
                    None,
                    &llm_config,
                    &mut audit,
                    &folder,
                    &tx,
                ),
                Cmd::Ask(question) => copilot.start(
                    &mut state,
                    DraftKind::Ask,
                    Some(&question),
                    &llm_config,
                    &mut audit,
                    &folder,
                    &tx,
                ),
                Cmd::CancelDraft => copilot.cancel(&mut state, true),
                Cmd::FinishDraft(outcome) => {
                    copilot.finish(&mut state, *outcome, &llm_config, &mut audit, &folder, &tx)
                }
                Cmd::Propose => proposal::open_from_incident(
                    &mut state,
                    service_repo.as_deref(),
                    proposal::FixJob {
                        llm: llm_config.clone(),
                        propose: propose_config.clone(),
                        audit: audit.clone(),
                        folder: folder.clone(),
                    },
                    &tx,
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
                Cmd::StageProposal => proposal::confirm(&mut state, &folder, &mut audit),
                Cmd::ListGroups(prefix) => groups::list(cloudwatch.as_ref(), prefix, &tx),
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
        // A key is answered with a frame at once; source work at most ~60 fps.
        if inputs_answered > 0 || last_draw.elapsed() >= FRAME_INTERVAL {
            draw(terminal, &mut state, &theme)?;
            last_draw = Instant::now();
            on_frame(FrameReport {
                inputs_answered,
                drawn_at: last_draw,
                lines_in: state.engine.lines_in(),
            });
        }
    }
    Ok(())
}

fn draw<B>(terminal: &mut Terminal<B>, state: &mut State, theme: &Theme) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    state.sample_rate(crate::source::now_ms());
    terminal.draw(|frame| views::draw(frame, state, theme))?;
    Ok(())
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
