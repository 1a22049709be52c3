//! The Logs pane: level-coloured records, follow or anchored, search
//! highlights; a JSON line shows its message, not its envelope.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clock_ms, fit, pane_block};
use crate::ingest::parse::envelope::envelope;
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
    let first_line = record.text.lines().next().unwrap_or("");
    // A JSON line shows its message, its service in the source column and
    // its other fields dimmed after it; anything else shows as it is.
    let envelope = envelope(first_line);
    let service = envelope
        .as_ref()
        .and_then(|e| e.service.as_deref())
        .unwrap_or(source);
    let (mut shown, message_len) = match &envelope {
        Some(envelope) => (envelope.shown(), envelope.message.len()),
        None => (first_line.to_string(), first_line.len()),
    };
    let extra = record.text.lines().count().saturating_sub(1);
    if extra > 0 {
        shown.push_str(&format!("  (+{extra} lines)"));
    }
    let prefix = format!(
        "{time} {:<5} {:<12} ",
        record.level.as_str().to_uppercase(),
        fit(service, 12)
    );
    let text = fit(&shown, width.saturating_sub(prefix.chars().count()));
    let fields_style = theme.ui("muted");
    // The message keeps the level's colour; what follows it is dimmed.
    let mut styles = vec![(message_len.min(text.len()), level_style)];
    if envelope.as_ref().is_some_and(|e| !e.fields.is_empty()) {
        styles.push((text.len(), fields_style));
    } else {
        styles.push((text.len(), level_style));
    }
    let query = state.logs.search.as_deref().filter(|q| !q.is_empty());
    let mut spans = vec![Span::styled(prefix, level_style)];
    spans.extend(styled_spans(
        &text,
        &styles,
        query,
        theme.ui("search_match"),
    ));
    Line::from(spans)
}

/// Cuts `text` into spans: `styles` gives each part's end and style, and
/// every occurrence of `query` is styled `matched` across those parts.
fn styled_spans(
    text: &str,
    styles: &[(usize, Style)],
    query: Option<&str>,
    matched: Style,
) -> Vec<Span<'static>> {
    let mut matches: Vec<(usize, usize)> = Vec::new();
    if let Some(query) = query {
        let mut from = 0;
        while let Some(at) = text[from..].find(query) {
            matches.push((from + at, from + at + query.len()));
            from += at + query.len();
        }
    }
    // Every place a style starts or ends, in order.
    // (A part's end may fall inside the `…` that `fit` put in its place.)
    let boundary = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let styles: Vec<(usize, Style)> = styles.iter().map(|&(end, s)| (boundary(end), s)).collect();
    let mut cuts: Vec<usize> = styles.iter().map(|s| s.0).collect();
    cuts.extend(matches.iter().flat_map(|&(start, end)| [start, end]));
    cuts.push(0);
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::new();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let Some(piece) = text.get(start..end).filter(|p| !p.is_empty()) else {
            continue;
        };
        let style = if matches.iter().any(|&(s, e)| s <= start && end <= e) {
            matched
        } else {
            styles
                .iter()
                .find(|(part_end, _)| start < *part_end)
                .map_or(Style::default(), |s| s.1)
        };
        spans.push(Span::styled(piece.to_string(), style));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    #[test]
    fn parts_keep_their_styles_and_a_match_across_them_is_one_highlight() {
        let (message, fields, matched) = (
            Style::default().fg(Color::Red),
            Style::default().fg(Color::Gray),
            Style::default().bg(Color::Yellow),
        );
        let text = "db pool exhausted  user=u-1";
        let styles = [(17, message), (text.len(), fields)];
        let spans = styled_spans(text, &styles, Some("exhausted  user"), matched);
        let parts: Vec<(&str, Style)> = spans.iter().map(|s| (&*s.content, s.style)).collect();
        assert_eq!(
            parts,
            [
                ("db pool ", message),
                ("exhausted", matched),
                ("  user", matched),
                ("=u-1", fields)
            ]
        );
        // A part that ends inside the `…` of a cut row ends before it.
        let spans = styled_spans("ab…", &[(3, message), (5, fields)], None, matched);
        let parts: Vec<(&str, Style)> = spans.iter().map(|s| (&*s.content, s.style)).collect();
        assert_eq!(parts, [("ab", message), ("…", fields)]);
    }
}
