//! The Logs pane: level-coloured records, follow or anchored, search highlights.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clock_ms, fit, pane_block};
use crate::ingest::Record;
use crate::tui::app::{Pane, State};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, state: &mut State, theme: &Theme, area: Rect) {
    let height = area.height.saturating_sub(2) as usize;
    state.logs_height = height;
    let view = &state.logs;
    let mut title = format!(
        " Logs  ({}) ",
        if view.following() {
            "follow ●"
        } else {
            "paused — f follows"
        }
    );
    if let Some(level) = view.min_level {
        title.push_str(&format!(" level≥{} ", level.as_str()));
    }
    if let Some(template) = view.template {
        title.push_str(&format!(
            " template T{} ",
            crate::tui::app::short_id(template)
        ));
    }
    if let Some(search) = &view.search {
        title.push_str(&format!(" /{search} (n/N) "));
    }
    let width = area.width.saturating_sub(2) as usize;
    let store = state.engine.store();
    let lines: Vec<Line> = view
        .visible_rows(&state.engine, height)
        .into_iter()
        .filter_map(|index| store.get(index))
        .map(|record| row(state, theme, record, width))
        .collect();
    let block = pane_block(state, theme, Pane::Logs, title);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn row<'a>(state: &State, theme: &Theme, record: &'a Record, width: usize) -> Line<'a> {
    let time = clock_ms(record.time_ms.unwrap_or(record.arrival_ms));
    let source = state
        .sources
        .get(usize::from(record.source))
        .map(|s| s.info.name.as_str())
        .unwrap_or("?");
    let level_style = theme.level(record.level);
    let mut first_line = record.text.lines().next().unwrap_or("").to_string();
    let extra = record.text.lines().count().saturating_sub(1);
    if extra > 0 {
        first_line.push_str(&format!("  (+{extra} lines)"));
    }
    let prefix = format!(
        "{time} {:<5} {:<12} ",
        record.level.as_str().to_uppercase(),
        fit(source, 12)
    );
    let text = fit(&first_line, width.saturating_sub(prefix.chars().count()));
    let mut spans = vec![Span::styled(prefix, level_style)];
    match state.logs.search.as_deref().filter(|q| !q.is_empty()) {
        Some(query) => spans.extend(highlight(
            text,
            query,
            level_style,
            theme.ui("search_match"),
        )),
        None => spans.push(Span::styled(text, level_style)),
    }
    Line::from(spans)
}

/// Splits `text` around every occurrence of `query`, styling the matches.
fn highlight<'a>(
    text: String,
    query: &str,
    normal: ratatui::style::Style,
    matched: ratatui::style::Style,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(query) {
        if at > 0 {
            spans.push(Span::styled(rest[..at].to_string(), normal));
        }
        spans.push(Span::styled(
            rest[at..at + query.len()].to_string(),
            matched,
        ));
        rest = &rest[at + query.len()..];
    }
    if !rest.is_empty() {
        spans.push(Span::styled(rest.to_string(), normal));
    }
    spans
}
