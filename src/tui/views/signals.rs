//! The Signals / timeline pane: deploys and signals in time order, newest
//! last; the suspect changes of the service's repo (what changed) pinned on
//! top, since they landed before everything else on the timeline.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clock, fit, pane_block};
use crate::ingest::SignalKind;
use crate::tui::app::{Pane, State};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, state: &mut State, theme: &Theme, area: Rect) {
    let height = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2) as usize;
    let mut entries: Vec<(i64, String, &'static str)> = Vec::new();
    for deploy in state.engine.deploys() {
        entries.push((
            deploy.time_ms,
            format!(
                "◆ deploy {} {} — {}",
                deploy.service, deploy.version, deploy.description
            ),
            "deploy",
        ));
    }
    for signal in state.engine.signals() {
        let (mark, slot) = match signal.kind {
            SignalKind::NewTemplate => ("● NEW", "new"),
            SignalKind::Burst => ("▲ BURST", "burst"),
            SignalKind::ErrorSurge => ("▲ ERRORS", "anomaly"),
            SignalKind::ChangePoint => ("▲ CHANGE", "anomaly"),
            SignalKind::Deploy => continue,
        };
        entries.push((
            signal.time_ms,
            format!("{mark} {} {}", signal.id, signal.title),
            slot,
        ));
    }
    entries.sort_by_key(|(time, _, _)| *time);
    let title = format!(" Signals / timeline ({}) ", entries.len());
    let pinned = changes_entries(state);
    let skip = entries
        .len()
        .saturating_sub(height.saturating_sub(pinned.len()));
    let mut lines: Vec<Line> = pinned
        .iter()
        .chain(entries.iter().skip(skip))
        .map(|(time, text, slot)| {
            Line::from(vec![
                Span::styled(format!("{} ", clock(*time)), theme.ui("muted")),
                Span::styled(fit(text, width.saturating_sub(9)), theme.ui(slot)),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            "no signals yet — watching…",
            theme.ui("muted"),
        )));
    }
    lines.truncate(height.max(1));
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(state, theme, Pane::Signals, title)),
        area,
    );
}

/// Suspects that explain the incident, at most `MAX_PINNED_CHANGES`, as
/// `◆ c1a2b3c subject` at the time they landed; or the answer that no change
/// in the repo explains it.
fn changes_entries(state: &State) -> Vec<(i64, String, &'static str)> {
    const MAX_PINNED_CHANGES: usize = 2;
    let Some(report) = &state.changes else {
        return Vec::new();
    };
    let explaining: Vec<(i64, String, &'static str)> = report
        .explaining()
        .take(MAX_PINNED_CHANGES)
        .map(|s| {
            (
                s.landed_ms,
                format!("◆ {} {}", s.short, s.subject),
                "deploy",
            )
        })
        .collect();
    if !explaining.is_empty() {
        return explaining;
    }
    // When a provider announced an event just before the onset, that is
    // the answer's reason, pinned when it was announced.
    let (time_ms, reason) = match &report.environment {
        Some(event) => (
            event.time_ms,
            format!("{} announced \"{}\"; ", event.feed, event.label),
        ),
        None => (report.onset_ms, String::new()),
    };
    vec![(
        time_ms,
        format!(
            "◆ no change in this repo explains it: {reason}{} commit(s) checked",
            report.commits_in_window
        ),
        "muted",
    )]
}
