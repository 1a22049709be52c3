//! The `S` overlay: the scoreboard (what lookout did, from the audit logs).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, theme: &Theme, area: Rect, lines: &[String]) {
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = 100.min(area.width);
    let popup = super::centered(area, width, height);
    let text: Vec<Line> = lines
        .iter()
        .map(|line| {
            let style = if line.contains("FAILED") || line.contains("unreadable") {
                theme.ui("source_error")
            } else {
                theme.ui("text")
            };
            Line::from(Span::styled(format!(" {line}"), style))
        })
        .collect();
    super::draw_popup(frame, popup, theme, " Scoreboard (S or Esc closes) ", text);
}
