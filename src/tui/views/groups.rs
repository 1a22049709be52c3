//! The log group browser overlay: the typed prefix, the matching groups with
//! the selection, and whether a listing is running or failed.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::fit;
use crate::tui::groups::GroupBrowser;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, browser: &GroupBrowser, theme: &Theme, area: Rect) {
    let width = 80.min(area.width);
    let height = 18.min(area.height);
    let popup = super::centered(area, width, height);
    let inner_width = width.saturating_sub(2) as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled(" prefix: ", theme.ui("key_hint")),
        Span::styled(format!("{}▏", browser.prefix), theme.ui("text")),
    ])];
    let status = match (&browser.error, browser.loading) {
        (Some(err), _) => Span::styled(
            fit(&format!(" ✖ {err}"), inner_width),
            theme.ui("source_error"),
        ),
        (None, true) => Span::styled(" listing groups (DescribeLogGroups)…", theme.ui("muted")),
        (None, false) => Span::styled(
            format!(" {} group(s)", browser.visible().len()),
            theme.ui("muted"),
        ),
    };
    lines.push(Line::from(status));
    let visible = browser.visible();
    // Rows for groups: the popup minus borders, prefix, status and footer.
    let rows = height.saturating_sub(5) as usize;
    let first = browser.selected.saturating_sub(rows.saturating_sub(1));
    for (i, group) in visible.iter().enumerate().skip(first).take(rows) {
        let (mark, style) = if i == browser.selected {
            ("▶ ", theme.ui("selected"))
        } else {
            ("  ", theme.ui("text"))
        };
        lines.push(Line::from(Span::styled(
            fit(&format!("{mark}{group}"), inner_width),
            style,
        )));
    }
    while lines.len() < rows + 2 {
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        " type to filter · ↑↓ select · Enter add as a source · Esc close",
        theme.ui("key_hint"),
    )));
    super::draw_popup(frame, popup, theme, " CloudWatch log groups ", lines);
}
