//! The Proposal overlay (Level 1): risk badge, findings, files and the diff —
//! unified with intra-line highlights, or side by side — and a footer that says
//! exactly what `y` will create. Blocked proposals show reasons and no stage key.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use similar::{ChangeTag, TextDiff};

use super::fit;
use crate::propose::risk::Risk;
use crate::tui::proposal::ProposalView;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, view: &ProposalView, theme: &Theme, area: Rect) {
    let prepared = &view.prepared;
    let a = &prepared.assessment;
    let (badge, badge_style) = match (a.blocked, a.risk) {
        (true, _) => ("BLOCKED".to_string(), theme.get("risk.blocked")),
        (false, Risk::High) => ("RISK: HIGH".to_string(), theme.get("risk.high")),
        (false, Risk::Medium) => ("RISK: MEDIUM".to_string(), theme.get("risk.medium")),
        (false, Risk::Low) => ("RISK: LOW".to_string(), theme.get("risk.low")),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {badge} "), badge_style),
        Span::styled(
            format!(
                "  two-person: {}   policy: {} deny, {} finding(s)   branch: {}",
                if a.two_person { "REQUIRED" } else { "no" },
                a.denies.len(),
                a.findings.len(),
                view.staged.as_deref().unwrap_or(&prepared.branch)
            ),
            theme.ui("text"),
        ),
    ])];
    for deny in &a.denies {
        lines.push(Line::from(Span::styled(
            format!(
                " ✖ DENY {} — {} ({})",
                deny.rule, deny.message, deny.resource
            ),
            theme.get("risk.blocked"),
        )));
    }
    for finding in &a.findings {
        let style = if finding.severity == "high" {
            theme.get("risk.high")
        } else {
            theme.get("risk.medium")
        };
        lines.push(Line::from(Span::styled(
            format!(
                " ▸ {} ({}): {} — {}",
                finding.rule, finding.severity, finding.resource, finding.message
            ),
            style,
        )));
    }
    lines.push(Line::from(Span::styled(
        format!(
            " files: {}",
            prepared
                .files
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        theme.ui("muted"),
    )));
    let width = area.width.saturating_sub(2) as usize;
    for file in &prepared.files {
        lines.push(Line::from(Span::styled(
            format!("── {} ", file.path),
            theme.get("diff.hunk"),
        )));
        let diff = TextDiff::from_lines(file.old.as_str(), file.new.as_str());
        if view.side_by_side {
            side_by_side(&mut lines, &diff, theme, width);
        } else {
            unified(&mut lines, &diff, theme);
        }
    }
    let footer = match (&view.staged, a.blocked) {
        (Some(branch), _) => format!(" staged as local branch {branch} — nothing pushed.  [n] close"),
        (None, true) => " blocked by policy: it cannot be staged.  [n] close  [d] side-by-side".to_string(),
        (None, false) => format!(
            " [y] stage  [n] cancel  [d] side-by-side — creates local branch {} (one commit, {} file(s)); nothing is pushed",
            prepared.branch,
            prepared.files.len()
        ),
    };
    let [_, body] = Layout::vertical([Constraint::Length(0), Constraint::Min(3)]).areas(area);
    frame.render_widget(Clear, body);
    let [content, footer_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(body);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.ui("border_focused"))
        .title(format!(" Proposal: {} ", prepared.title))
        .title_style(theme.ui("title"));
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((view.scroll, 0)),
        content,
    );
    frame.render_widget(
        Paragraph::new(fit(&footer, footer_area.width as usize)).style(theme.ui("status")),
        footer_area,
    );
}

fn unified<'a>(lines: &mut Vec<Line<'a>>, diff: &TextDiff<'_, '_, str>, theme: &Theme) {
    for group in diff.grouped_ops(2) {
        for op in &group {
            for change in diff.iter_inline_changes(op) {
                let (sign, base, emphasis) = match change.tag() {
                    ChangeTag::Delete => (
                        "-",
                        theme.get("diff.removed"),
                        theme.get("diff.removed_emphasis"),
                    ),
                    ChangeTag::Insert => (
                        "+",
                        theme.get("diff.added"),
                        theme.get("diff.added_emphasis"),
                    ),
                    ChangeTag::Equal => (" ", theme.get("diff.context"), theme.get("diff.context")),
                };
                let mut spans = vec![Span::styled(sign.to_string(), base)];
                for (emphasized, text) in change.iter_strings_lossy() {
                    let text = text.trim_end_matches('\n').to_string();
                    spans.push(Span::styled(text, if emphasized { emphasis } else { base }));
                }
                lines.push(Line::from(spans));
            }
        }
    }
}

fn side_by_side<'a>(
    lines: &mut Vec<Line<'a>>,
    diff: &TextDiff<'_, '_, str>,
    theme: &Theme,
    width: usize,
) {
    let half = width.saturating_sub(3) / 2;
    for group in diff.grouped_ops(2) {
        for op in &group {
            let (mut old, mut new) = (Vec::new(), Vec::new());
            for change in diff.iter_changes(op) {
                let text = change.value().trim_end_matches('\n').to_string();
                match change.tag() {
                    ChangeTag::Delete => old.push((text, theme.get("diff.removed"))),
                    ChangeTag::Insert => new.push((text, theme.get("diff.added"))),
                    ChangeTag::Equal => {
                        old.push((text.clone(), theme.get("diff.context")));
                        new.push((text, theme.get("diff.context")));
                    }
                }
            }
            for row in 0..old.len().max(new.len()) {
                let left = old.get(row).cloned().unwrap_or_default();
                let right = new.get(row).cloned().unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::styled(format!("{:<half$}", fit(&left.0, half)), left.1),
                    Span::styled(" │ ".to_string(), theme.ui("border")),
                    Span::styled(fit(&right.0, half), right.1),
                ]));
            }
        }
    }
}
