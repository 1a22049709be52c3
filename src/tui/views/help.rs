//! The `?` overlay: every binding, straight from the keymap table.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::tui::keymap::BINDINGS;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, theme: &Theme, area: Rect) {
    let height = (BINDINGS.len() as u16 + 4).min(area.height);
    let width = 104.min(area.width);
    let popup = super::centered(area, width, height);
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .map(|(keys, what, _)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<18}"), theme.ui("key_hint")),
                Span::styled((*what).to_string(), theme.ui("text")),
            ])
        })
        .collect();
    lines.push(Line::from(Span::styled(
        " lookout is read-only at L0; at L1 it only stages local branches. Nothing is ever pushed.",
        theme.ui("muted"),
    )));
    super::draw_popup(
        frame,
        popup,
        theme,
        " Help — keys (? or Esc closes) ",
        lines,
    );
}
