//! The Templates pane: templates by count with NEW/BURST badges and rates;
//! before any template exists, counts by source and level.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clock, fit, pane_block, sparkline};
use crate::ingest::{LogLevel, SignalKind};
use crate::tui::app::{short_id, Pane, State};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, state: &mut State, theme: &Theme, area: Rect) {
    let height = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2) as usize;
    let order = state.templates_in_order();
    let block = pane_block(
        state,
        theme,
        Pane::Templates,
        format!(" Templates ({}) ", order.len()),
    );
    if order.is_empty() {
        frame.render_widget(
            Paragraph::new(counts_by_source(state, theme)).block(block),
            area,
        );
        return;
    }
    state.template_selected = state.template_selected.min(order.len() - 1);
    let first = state
        .template_selected
        .saturating_sub(height.saturating_sub(1));
    let text_width = width.saturating_sub(46);
    let lines: Vec<Line> = order
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .filter_map(|(row, id)| state.engine.miner().get(*id).map(|t| (row, t)))
        .map(|(row, template)| {
            let badge = badge(state, template.id);
            let badge_style = match badge {
                "NEW" => theme.ui("new"),
                "BURST" => theme.ui("burst"),
                _ => theme.ui("muted"),
            };
            let rates = state.engine.template_rate(template.id, 12);
            let mut spans = vec![
                Span::styled(format!("T{} ", short_id(template.id)), theme.ui("muted")),
                Span::styled(format!("{badge:<6}"), badge_style),
                Span::styled(
                    format!("{:<text_width$} ", fit(&template.text, text_width)),
                    theme.ui("text"),
                ),
                Span::styled(
                    format!("{:>9} ", super::status::group_thousands(template.count)),
                    theme.ui("text"),
                ),
                Span::styled(
                    format!("{:<12} ", sparkline(&rates, 12)),
                    theme.ui("sparkline"),
                ),
                Span::styled(clock(template.first_seen_ms), theme.ui("muted")),
            ];
            if row == state.template_selected && state.focus == Pane::Templates {
                for span in &mut spans {
                    span.style = span.style.patch(theme.ui("selected"));
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn badge(state: &State, id: crate::ingest::TemplateId) -> &'static str {
    let mut badge = "";
    for signal in state.engine.signals() {
        if signal.templates.contains(&id) {
            match signal.kind {
                SignalKind::NewTemplate => return "NEW",
                SignalKind::Burst => badge = "BURST",
                _ => {}
            }
        }
    }
    badge
}

fn counts_by_source<'a>(state: &State, theme: &Theme) -> Vec<Line<'a>> {
    let counts = state.engine.store().counts();
    let mut lines = vec![Line::from(Span::styled(
        "no templates yet — counts by source and level:",
        theme.ui("muted"),
    ))];
    for (index, source) in state.sources.iter().enumerate() {
        let mut spans = vec![Span::styled(
            format!("{:<14}", fit(&source.info.name, 14)),
            theme.ui("text"),
        )];
        for level in LogLevel::ALL {
            let n = counts.get(index, level);
            if n > 0 {
                spans.push(Span::styled(
                    format!("{} {}  ", level.as_str(), n),
                    theme.level(level),
                ));
            }
        }
        lines.push(Line::from(spans));
    }
    lines
}
