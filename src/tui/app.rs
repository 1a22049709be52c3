//! The workbench state and `update`: a plain function from (State, Event) to
//! commands, testable without a terminal. Only the event loop calls it.

use crossterm::event::{Event as Input, KeyCode, KeyEvent, KeyEventKind, MouseEventKind};

use super::event::Event;
use super::keymap::{action_for, Action};
use super::logs_nav::LogView;
use crate::ingest::{Engine, LogLevel, TemplateId};
use crate::level::Level;
use crate::llm::draft::DraftKind;
use crate::source::{SourceEvent, SourceInfo, SourceState};

/// The panes, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Signals,
    Metrics,
    Templates,
    Logs,
    Copilot,
}

const FOCUS_ORDER: [Pane; 5] = [
    Pane::Signals,
    Pane::Metrics,
    Pane::Templates,
    Pane::Logs,
    Pane::Copilot,
];

/// What the keyboard is typing into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Search(String),
    JumpTime(String),
    /// `a`: a question for the co-pilot.
    Ask(String),
}

/// Work the event loop does on the app's behalf (side effects live outside `update`).
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Quit,
    /// Produce a co-pilot draft of this kind.
    Draft(DraftKind),
    /// Ask the co-pilot this question (a follow-up carries the earlier turns).
    Ask(String),
    /// Prepare and show the proposal (Level 1).
    Propose,
    /// Compute the scoreboard from the audit logs and show it.
    Scoreboard,
    /// The user confirmed staging the shown proposal.
    StageProposal,
    /// Stop the running co-pilot request (Esc).
    CancelDraft,
    /// A co-pilot request ended: audit it and save the draft.
    FinishDraft(Box<crate::llm::client::Outcome>),
    /// List CloudWatch log groups starting with this prefix (group browser).
    ListGroups(String),
    /// Add this log group as a source of the running workbench.
    AddGroup(String),
}

#[derive(Debug, Clone)]
pub struct SourceStatus {
    pub info: SourceInfo,
    pub state: SourceState,
    /// Remote calls retried / throttled so far (CloudWatch's RetryState).
    pub retried: u64,
    pub throttled: u64,
}

impl SourceStatus {
    fn new(info: SourceInfo) -> Self {
        SourceStatus {
            info,
            state: SourceState::Starting,
            retried: 0,
            throttled: 0,
        }
    }
}

/// Text shown in the Co-pilot pane.
#[derive(Debug, Clone, Default)]
pub struct CopilotPane {
    pub title: String,
    pub text: String,
    pub scroll: u16,
    /// The request whose chunks are shown; older requests' events are ignored.
    pub generation: u64,
    /// A request is streaming.
    pub running: bool,
    /// The kind of the last draft (`summary`, …).
    pub kind: String,
    /// The question being answered, when the kind is `ask`.
    pub question: Option<String>,
    /// The finished text's citation check: `citations: 12 ok, 1 unknown [S99], …`.
    pub citations: Option<String>,
}

/// Everything the views draw from. Owned by the event loop alone.
pub struct State {
    pub engine: Engine,
    pub level: Level,
    pub incident_id: String,
    pub service: String,
    pub sources: Vec<SourceStatus>,
    pub focus: Pane,
    pub zoom: bool,
    pub help: bool,
    /// The scoreboard overlay's lines while it is open.
    pub scoreboard: Option<Vec<String>>,
    pub mode: Mode,
    pub logs: LogView,
    pub template_selected: usize,
    pub copilot: CopilotPane,
    /// One line under the panes: errors, confirmations.
    pub message: Option<String>,
    /// Lines per second over the last few seconds, for the status bar.
    pub lines_per_sec: f64,
    rate_window: (i64, u64),
    /// Height of the Logs pane at the last draw: page size for PgUp/PgDn.
    pub logs_height: usize,
    /// The Level-1 proposal overlay, when open.
    pub proposal: Option<super::proposal::ProposalView>,
    /// A fix is being drafted off the event loop (`p`); a second `p` waits.
    pub drafting_fix: bool,
    /// Shown beside the level badge: the AWS credentials were accepted
    /// without the guard's write check (`--unverified-credentials`).
    pub credentials_unverified: bool,
    /// The log group browser overlay, when open.
    pub groups: Option<super::groups::GroupBrowser>,
    /// What changed: the suspects of the service's repo, once an onset is known.
    pub changes: Option<crate::changes::ChangesReport>,
}

impl State {
    pub fn new(
        engine: Engine,
        level: Level,
        incident_id: &str,
        service: &str,
        sources: Vec<SourceInfo>,
    ) -> Self {
        State {
            engine,
            level,
            incident_id: incident_id.to_string(),
            service: service.to_string(),
            sources: sources.into_iter().map(SourceStatus::new).collect(),
            focus: Pane::Logs,
            zoom: false,
            help: false,
            scoreboard: None,
            mode: Mode::Normal,
            logs: LogView::default(),
            template_selected: 0,
            copilot: CopilotPane {
                title: "Co-pilot".to_string(),
                text: "Press s for an incident summary, r for a runbook, m for a postmortem, a to ask a question."
                    .to_string(),
                ..CopilotPane::default()
            },
            message: None,
            lines_per_sec: 0.0,
            rate_window: (0, 0),
            logs_height: 10,
            proposal: None,
            drafting_fix: false,
            credentials_unverified: false,
            groups: None,
            changes: None,
        }
    }

    /// Puts a source that joined at run time at its index (indexes handed out
    /// concurrently may leave gaps: they are filled with hidden placeholders).
    pub fn register_source(&mut self, index: crate::ingest::SourceIndex, info: SourceInfo) {
        let at = usize::from(index);
        while self.sources.len() <= at {
            self.sources.push(SourceStatus::new(SourceInfo {
                kind: crate::source::LABEL_KIND.to_string(),
                name: String::new(),
            }));
        }
        self.sources[at].info = info;
    }

    /// Templates in the order the Templates pane lists them (most frequent first).
    pub fn templates_in_order(&self) -> Vec<TemplateId> {
        let mut templates: Vec<_> = self.engine.miner().templates().collect();
        templates.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
        templates.into_iter().map(|t| t.id).collect()
    }

    /// Updates the lines/s figure from the engine's counter at wall time `now_ms`.
    pub fn sample_rate(&mut self, now_ms: i64) {
        let (since_ms, lines_then) = self.rate_window;
        let lines_now = self.engine.lines_in();
        if since_ms == 0 {
            self.rate_window = (now_ms, lines_now);
        } else if now_ms - since_ms >= 1000 {
            let secs = (now_ms - since_ms) as f64 / 1000.0;
            self.lines_per_sec = (lines_now - lines_then) as f64 / secs;
            self.rate_window = (now_ms, lines_now);
        }
    }
}

/// Applies one event; returns the commands the loop must run.
pub fn update(state: &mut State, event: Event) -> Vec<Cmd> {
    match event {
        Event::Source(source_event) => {
            apply_source(state, source_event);
            Vec::new()
        }
        Event::Input(Input::Key(key)) if key.kind != KeyEventKind::Release => on_key(state, key),
        Event::Input(Input::Mouse(mouse)) => {
            match mouse.kind {
                MouseEventKind::ScrollUp => scroll(state, Action::Up),
                MouseEventKind::ScrollDown => scroll(state, Action::Down),
                _ => {}
            }
            Vec::new()
        }
        Event::Tick => {
            // A stack trace arrives in one batch; by the next tick its record is complete.
            state.engine.flush();
            Vec::new()
        }
        Event::Input(_) => Vec::new(),
        Event::Terminate => vec![Cmd::Quit],
        Event::CopilotChunk { generation, text } => {
            if generation == state.copilot.generation && state.copilot.running {
                state.copilot.text.push_str(&text);
            }
            Vec::new()
        }
        Event::Changes(result) => {
            match result {
                Ok(report) => state.changes = Some(*report),
                Err(err) => state.message = Some(format!("what changed: {err}")),
            }
            Vec::new()
        }
        Event::FixDrafted(result) => {
            super::proposal::fix_drafted(state, result);
            Vec::new()
        }
        Event::Groups { prefix, result } => {
            super::groups::listed(state, prefix, result);
            Vec::new()
        }
        Event::CopilotDone {
            generation,
            outcome,
        } => {
            if generation == state.copilot.generation && state.copilot.running {
                state.copilot.running = false;
                return vec![Cmd::FinishDraft(Box::new(outcome))];
            }
            Vec::new()
        }
    }
}

fn apply_source(state: &mut State, event: SourceEvent) {
    match event {
        SourceEvent::State {
            source,
            state: new_state,
        } => {
            if let Some(status) = state.sources.get_mut(usize::from(source)) {
                status.state = new_state;
            }
            return;
        }
        SourceEvent::Added { source, info } => {
            state.register_source(source, info);
            return;
        }
        SourceEvent::Retries {
            source,
            retried,
            throttled,
        } => {
            if let Some(status) = state.sources.get_mut(usize::from(source)) {
                status.retried = retried;
                status.throttled = throttled;
            }
            return;
        }
        _ => {}
    }
    let arrival_ms = match &event {
        SourceEvent::Lines { arrival_ms, .. } => *arrival_ms,
        _ => 0,
    };
    event.feed(&mut state.engine, arrival_ms);
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Cmd> {
    if let Some(view) = state.proposal.as_mut() {
        // The proposal overlay owns the keyboard until it is closed.
        match key.code {
            KeyCode::Char('y') => return vec![Cmd::StageProposal],
            KeyCode::Char('n') | KeyCode::Char('q') | KeyCode::Esc => state.proposal = None,
            KeyCode::Char('d') => view.side_by_side = !view.side_by_side,
            KeyCode::Char('j') | KeyCode::Down => view.scroll = view.scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => view.scroll = view.scroll.saturating_sub(1),
            _ => {}
        }
        return Vec::new();
    }
    if state.groups.is_some() {
        return super::groups::on_key(state, key);
    }
    match state.mode.clone() {
        Mode::Search(text) => {
            return edit_prompt(state, key, text, Mode::Search, |state, query| {
                state.logs.set_search(&state.engine, query);
                Vec::new()
            });
        }
        Mode::JumpTime(text) => {
            return edit_prompt(state, key, text, Mode::JumpTime, |state, input| {
                if let Err(message) = state.logs.jump_to_time(&state.engine, &input) {
                    state.message = Some(message);
                }
                Vec::new()
            });
        }
        Mode::Ask(text) => {
            return edit_prompt(state, key, text, Mode::Ask, |_, question| {
                if question.trim().is_empty() {
                    Vec::new()
                } else {
                    vec![Cmd::Ask(question.trim().to_string())]
                }
            });
        }
        Mode::Normal => {}
    }
    let Some(action) = action_for(key) else {
        return Vec::new();
    };
    if state.help && !matches!(action, Action::Help | Action::Quit | Action::ClearFilters) {
        return Vec::new();
    }
    if state.scoreboard.is_some() && matches!(action, Action::Scoreboard | Action::ClearFilters) {
        state.scoreboard = None;
        return Vec::new();
    }
    state.message = None;
    match action {
        Action::Quit => return vec![Cmd::Quit],
        Action::Help => state.help = !state.help,
        Action::ClearFilters if state.help => state.help = false,
        Action::ClearFilters if state.copilot.running => return vec![Cmd::CancelDraft],
        Action::ClearFilters => {
            state.logs.clear_filters();
            state.message = Some("filters and search cleared".to_string());
        }
        Action::FocusNext | Action::FocusPrev => {
            let at = FOCUS_ORDER
                .iter()
                .position(|p| *p == state.focus)
                .unwrap_or(0);
            let step = if action == Action::FocusNext {
                1
            } else {
                FOCUS_ORDER.len() - 1
            };
            state.focus = FOCUS_ORDER[(at + step) % FOCUS_ORDER.len()];
        }
        Action::Zoom => state.zoom = !state.zoom,
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => scroll(state, action),
        Action::Follow => state.logs.toggle_follow(&state.engine),
        Action::Search => state.mode = Mode::Search(String::new()),
        Action::JumpToTime => state.mode = Mode::JumpTime(String::new()),
        Action::Ask => state.mode = Mode::Ask(String::new()),
        Action::NextMatch | Action::PrevMatch => {
            let older = action == Action::NextMatch;
            if !state.logs.step_match(&state.engine, older) {
                state.message = Some("no more matches".to_string());
            }
        }
        Action::LevelFilter => state.logs.cycle_level(),
        Action::Select => select_template(state),
        Action::Summarize => return vec![Cmd::Draft(DraftKind::Summary)],
        Action::Runbook => return vec![Cmd::Draft(DraftKind::Runbook)],
        Action::Postmortem => return vec![Cmd::Draft(DraftKind::Postmortem)],
        Action::Propose => return vec![Cmd::Propose],
        Action::Scoreboard => return vec![Cmd::Scoreboard],
        Action::BrowseGroups => return super::groups::open(state),
    }
    Vec::new()
}

/// Typing into the `/`, `t` or `a` prompt (`mode` rebuilds it); Enter runs
/// `done`, Esc cancels.
fn edit_prompt(
    state: &mut State,
    key: KeyEvent,
    mut text: String,
    mode: fn(String) -> Mode,
    done: impl FnOnce(&mut State, String) -> Vec<Cmd>,
) -> Vec<Cmd> {
    match key.code {
        KeyCode::Esc => state.mode = Mode::Normal,
        KeyCode::Enter => {
            state.mode = Mode::Normal;
            return done(state, text);
        }
        KeyCode::Backspace => {
            text.pop();
            state.mode = mode(text);
        }
        KeyCode::Char(c) if text.len() < 200 => {
            text.push(c);
            state.mode = mode(text);
        }
        _ => {}
    }
    Vec::new()
}

fn scroll(state: &mut State, action: Action) {
    let page = state.logs_height.max(1);
    match state.focus {
        Pane::Templates => {
            let count = state.engine.miner().len();
            let selected = &mut state.template_selected;
            *selected = match action {
                Action::Up => selected.saturating_sub(1),
                Action::Down => (*selected + 1).min(count.saturating_sub(1)),
                Action::PageUp => selected.saturating_sub(10),
                Action::PageDown => (*selected + 10).min(count.saturating_sub(1)),
                Action::Top => 0,
                _ => count.saturating_sub(1),
            };
        }
        Pane::Copilot => {
            let scroll = &mut state.copilot.scroll;
            *scroll = match action {
                Action::Up => scroll.saturating_sub(1),
                Action::Down => scroll.saturating_add(1),
                Action::PageUp => scroll.saturating_sub(10),
                Action::PageDown => scroll.saturating_add(10),
                Action::Top => 0,
                _ => u16::MAX / 2,
            };
        }
        _ => state.logs.scroll(&state.engine, action, page),
    }
}

fn select_template(state: &mut State) {
    if state.focus != Pane::Templates {
        return;
    }
    let order = state.templates_in_order();
    if let Some(id) = order.get(state.template_selected) {
        state.logs.filter_template(*id);
        state.focus = Pane::Logs;
        state.message = Some(format!(
            "Logs filtered to template T{} (Esc clears)",
            short_id(*id)
        ));
    }
}

/// The short form of a template id shown in the UI and cited by the co-pilot.
pub fn short_id(id: TemplateId) -> String {
    crate::ingest::mine::short_id(id)[1..].to_string()
}

/// The minimum level the filter keys cycle through.
pub const LEVEL_CYCLE: [Option<LogLevel>; 5] = [
    None,
    Some(LogLevel::Debug),
    Some(LogLevel::Info),
    Some(LogLevel::Warn),
    Some(LogLevel::Error),
];
