//! The Signals / timeline pane: deploys and signals in time order, newest last.

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
    let skip = entries.len().saturating_sub(height);
    let mut lines: Vec<Line> = entries
        .iter()
        .skip(skip)
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
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(state, theme, Pane::Signals, title)),
        area,
    );
}
