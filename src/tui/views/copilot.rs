//! The Co-pilot pane: the latest draft (LLM or offline analyst), scrollable.

use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::pane_block;
use crate::tui::app::{Pane, State};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, state: &mut State, theme: &Theme, area: Rect) {
    let inner_height = area.height.saturating_sub(2);
    let lines = state.copilot.text.lines().count() as u16;
    state.copilot.scroll = state
        .copilot
        .scroll
        .min(lines.saturating_sub(inner_height.max(1)));
    let title = format!(" {} ", state.copilot.title);
    let paragraph = Paragraph::new(state.copilot.text.as_str())
        .style(theme.ui("text"))
        .wrap(Wrap { trim: false })
        .scroll((state.copilot.scroll, 0))
        .block(pane_block(state, theme, Pane::Copilot, title));
    frame.render_widget(paragraph, area);
}
