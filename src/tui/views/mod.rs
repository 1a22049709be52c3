//! Drawing: the layout of the workbench and one module per pane. Views borrow
//! State and draw only what is visible.

mod copilot;
pub mod groups;
mod help;
mod logs;
mod metrics;
mod proposal;
mod scoreboard;
mod signals;
mod status;
mod templates;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::app::{Pane, State};
use super::theme::Theme;

/// The smallest terminal the workbench lays out in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// A `width` x `height` rectangle centred in `area` (overlays: help,
/// scoreboard, group browser).
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, popup, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(middle);
    popup
}

/// Draws an overlay: clears `popup` and draws `lines` in a focused, titled box.
fn draw_popup(frame: &mut Frame, popup: Rect, theme: &Theme, title: &str, lines: Vec<Line>) {
    frame.render_widget(ratatui::widgets::Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.ui("border_focused"))
                .title(title)
                .title_style(theme.ui("title")),
        ),
        popup,
    );
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, state: &mut State, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "terminal too small: lookout needs {MIN_WIDTH}x{MIN_HEIGHT}, this one is {}x{}.\nEnlarge the window (q quits).",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [body, status_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if state.zoom {
        draw_pane(frame, state, theme, state.focus, body);
    } else {
        let tall = body.height >= 36;
        let top_height = if tall { 8 } else { 6 };
        let templates_height = if tall { 8 } else { 5 };
        let copilot_height = if tall { 7 } else { 5 };
        let [top, templates_area, logs_area, copilot_area] = Layout::vertical([
            Constraint::Length(top_height),
            Constraint::Length(templates_height),
            Constraint::Min(4),
            Constraint::Length(copilot_height),
        ])
        .areas(body);
        let [signals_area, metrics_area] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(top);
        draw_pane(frame, state, theme, Pane::Signals, signals_area);
        draw_pane(frame, state, theme, Pane::Metrics, metrics_area);
        draw_pane(frame, state, theme, Pane::Templates, templates_area);
        draw_pane(frame, state, theme, Pane::Logs, logs_area);
        draw_pane(frame, state, theme, Pane::Copilot, copilot_area);
    }
    status::draw(frame, state, theme, status_area);
    if let Some(view) = &state.proposal {
        proposal::draw(frame, view, theme, body);
    }
    if let Some(lines) = &state.scoreboard {
        scoreboard::draw(frame, theme, body, lines);
    }
    if let Some(browser) = &state.groups {
        groups::draw(frame, browser, theme, body);
    }
    if state.help {
        help::draw(frame, theme, body);
    }
}

fn draw_pane(frame: &mut Frame, state: &mut State, theme: &Theme, pane: Pane, area: Rect) {
    match pane {
        Pane::Signals => signals::draw(frame, state, theme, area),
        Pane::Metrics => metrics::draw(frame, state, theme, area),
        Pane::Templates => templates::draw(frame, state, theme, area),
        Pane::Logs => logs::draw(frame, state, theme, area),
        Pane::Copilot => copilot::draw(frame, state, theme, area),
    }
}

/// A pane's frame: focused panes get the focused border style.
fn pane_block<'a>(
    state: &State,
    theme: &Theme,
    pane: Pane,
    title: impl Into<Line<'a>>,
) -> Block<'a> {
    let border = if state.focus == pane {
        theme.ui("border_focused")
    } else {
        theme.ui("border")
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(title)
        .title_style(theme.ui("title"))
}

pub use crate::clock::{time_of_day as clock, time_of_day_ms as clock_ms};

/// Unicode sparkline of `values` scaled to their own range, `width` cells.
pub fn sparkline(values: &[f64], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if values.is_empty() || width == 0 {
        return String::new();
    }
    let buckets = bucket(values, width);
    let max = buckets.iter().copied().fold(f64::MIN, f64::max);
    let min = buckets.iter().copied().fold(f64::MAX, f64::min);
    let span = (max - min).max(f64::EPSILON);
    buckets
        .iter()
        .map(|v| BARS[(((v - min) / span) * 7.0).round().clamp(0.0, 7.0) as usize])
        .collect()
}

/// Averages `values` into at most `width` buckets (the newest at the end).
pub fn bucket(values: &[f64], width: usize) -> Vec<f64> {
    if values.len() <= width {
        return values.to_vec();
    }
    let per = values.len() as f64 / width as f64;
    (0..width)
        .map(|i| {
            let from = (i as f64 * per) as usize;
            let to = (((i + 1) as f64 * per) as usize).clamp(from + 1, values.len());
            values[from..to].iter().sum::<f64>() / (to - from) as f64
        })
        .collect()
}

/// Cuts `text` to `width` characters, marking the cut with `…`.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
