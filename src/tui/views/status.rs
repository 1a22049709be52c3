//! The status bar: level badge (always), sources and their state, rates, keys.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::level::Level;
use crate::source::SourceState;
use crate::tui::app::{Mode, State};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, state: &State, theme: &Theme, area: Rect) {
    let badge_style = match state.level {
        Level::ReadOnly => theme.ui("badge_read_only"),
        Level::Propose => theme.ui("badge_propose"),
    };
    let mut spans = vec![Span::styled(
        format!(" {} ", state.level.badge()),
        badge_style,
    )];
    if state.credentials_unverified {
        // Next to the level badge, always visible: the write check did not run.
        spans.push(Span::styled(
            " credentials unverified ",
            theme.ui("source_error"),
        ));
    }
    spans.push(Span::styled(" ? help  q quit │ ", theme.ui("key_hint")));
    match &state.mode {
        Mode::Search(text) => spans.push(Span::styled(
            format!("search: {text}▏ (Enter run, Esc cancel)"),
            theme.ui("key_hint"),
        )),
        Mode::JumpTime(text) => spans.push(Span::styled(
            format!("jump to time (HH:MM[:SS] UTC): {text}▏"),
            theme.ui("key_hint"),
        )),
        Mode::Ask(text) => spans.push(Span::styled(
            format!("ask the co-pilot: {text}▏ (Enter ask, Esc cancel)"),
            theme.ui("key_hint"),
        )),
        Mode::Normal => {
            if let Some(message) = &state.message {
                spans.push(Span::styled(format!("{message}  "), theme.ui("text")));
            }
            // Log streams only label lines; their group stands for them here.
            for source in state.sources.iter().filter(|s| !s.info.is_label()) {
                let (mark, style) = match &source.state {
                    SourceState::Failed(_) => ("✖", theme.ui("source_error")),
                    SourceState::Retrying(_) => ("↻", theme.ui("burst")),
                    SourceState::Done => ("■", theme.ui("muted")),
                    SourceState::Starting => ("…", theme.ui("muted")),
                    SourceState::Live | SourceState::Idle => ("●", theme.ui("source_ok")),
                };
                spans.push(Span::styled(format!("{} {mark} ", source.info.name), style));
                if let SourceState::Failed(reason) | SourceState::Retrying(reason) = &source.state {
                    spans.push(Span::styled(format!("({reason}) "), style));
                } else if let Some(word) = remote_phase(&source.info.kind, &source.state) {
                    spans.push(Span::styled(format!("{word} "), style));
                }
                if source.retried > 0 {
                    spans.push(Span::styled(
                        format!(
                            "retried {} · throttled {} ",
                            source.retried, source.throttled
                        ),
                        theme.ui("burst"),
                    ));
                }
            }
            let store = state.engine.store();
            let ring_pct =
                100.0 * store.len() as f64 / state.engine.config().ring_lines.max(1) as f64;
            spans.push(Span::styled(
                format!(
                    " {} lines · {:.0}/s · ring {:.0}% ",
                    group_thousands(state.engine.lines_in()),
                    state.lines_per_sec,
                    ring_pct
                ),
                theme.ui("text"),
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.ui("status")),
        area,
    );
}

/// 41200 → "41,200".
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What a remote source is doing, in a word: reaching it takes time and the
/// user should see whether it is still connecting or already following.
fn remote_phase(kind: &str, state: &SourceState) -> Option<&'static str> {
    if !matches!(kind, "cloudwatch" | "prometheus") {
        return None;
    }
    match state {
        SourceState::Starting => Some("connecting"),
        SourceState::Live => Some("reading"),
        SourceState::Idle => Some("following"),
        _ => None,
    }
}
