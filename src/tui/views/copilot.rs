//! The Co-pilot pane: the latest draft or answer (LLM or offline analyst),
//! scrollable, ending with its citation check once it is finished.

use ratatui::layout::Rect;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::pane_block;
use crate::tui::app::{Pane, State};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, state: &mut State, theme: &Theme, area: Rect) {
    let inner_height = area.height.saturating_sub(2);
    let mut text = Text::from(state.copilot.text.as_str());
    if let Some(citations) = &state.copilot.citations {
        text.push_line(Line::default());
        text.push_line(Line::styled(citations.clone(), theme.ui("key_hint")));
    }
    let lines = text.lines.len() as u16;
    state.copilot.scroll = state
        .copilot
        .scroll
        .min(lines.saturating_sub(inner_height.max(1)));
    let title = format!(" {} ", state.copilot.title);
    let paragraph = Paragraph::new(text)
        .style(theme.ui("text"))
        .wrap(Wrap { trim: false })
        .scroll((state.copilot.scroll, 0))
        .block(pane_block(state, theme, Pane::Copilot, title));
    frame.render_widget(paragraph, area);
}
