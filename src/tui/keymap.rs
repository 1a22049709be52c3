//! Every key binding, in one table: the help overlay is generated from it, so
//! the help can never disagree with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for, independent of which key it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Zoom,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Follow,
    Search,
    NextMatch,
    PrevMatch,
    LevelFilter,
    JumpToTime,
    Select,
    ClearFilters,
    Summarize,
    Runbook,
    Postmortem,
    Ask,
    Propose,
    Scoreboard,
    BrowseGroups,
}

/// One row of the help overlay: keys as the user types them, and what they do.
pub const BINDINGS: &[(&str, &str, Action)] = &[
    (
        "q  Ctrl-C",
        "quit (the terminal is always restored)",
        Action::Quit,
    ),
    ("?", "show / hide this help", Action::Help),
    ("Tab", "focus the next pane", Action::FocusNext),
    ("Shift-Tab", "focus the previous pane", Action::FocusPrev),
    (
        "z",
        "zoom the focused pane (again to restore)",
        Action::Zoom,
    ),
    ("k  ↑  wheel up", "scroll up / previous row", Action::Up),
    ("j  ↓  wheel down", "scroll down / next row", Action::Down),
    ("PgUp  Ctrl-B", "page up", Action::PageUp),
    ("PgDn  Ctrl-F", "page down", Action::PageDown),
    ("g  Home", "oldest retained line / first row", Action::Top),
    ("G  End", "newest line / last row", Action::Bottom),
    (
        "f",
        "Logs: toggle follow (newest at the bottom)",
        Action::Follow,
    ),
    (
        "/",
        "Logs: search (Enter to run, Esc to cancel)",
        Action::Search,
    ),
    ("n", "Logs: next (older) match", Action::NextMatch),
    ("N", "Logs: previous (newer) match", Action::PrevMatch),
    (
        "l",
        "Logs: cycle the level filter (all → ≥debug → ≥info → ≥warn → ≥error)",
        Action::LevelFilter,
    ),
    (
        "t",
        "Logs: jump to a time (HH:MM[:SS], Enter)",
        Action::JumpToTime,
    ),
    (
        "Enter",
        "Templates: filter Logs to the selected template",
        Action::Select,
    ),
    (
        "Esc",
        "clear search and filters / cancel",
        Action::ClearFilters,
    ),
    (
        "s",
        "Co-pilot: draft an incident summary",
        Action::Summarize,
    ),
    ("r", "Co-pilot: draft a runbook", Action::Runbook),
    ("m", "Co-pilot: draft a postmortem", Action::Postmortem),
    (
        "a",
        "Co-pilot: ask a question (Enter asks; a follow-up carries the earlier turns)",
        Action::Ask,
    ),
    (
        "p",
        "Proposals (Level 1): stage the proposed fix as a local branch",
        Action::Propose,
    ),
    (
        "S",
        "scoreboard: what lookout did, from every incident's audit log (S/Esc closes)",
        Action::Scoreboard,
    ),
    (
        "b",
        "CloudWatch: browse log groups (type a prefix, Enter adds the group)",
        Action::BrowseGroups,
    ),
];

/// Maps a key in normal mode to an action.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let action = match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('b') if ctrl => Action::PageUp,
        KeyCode::Char('f') if ctrl => Action::PageDown,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Char('z') => Action::Zoom,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Char('f') => Action::Follow,
        KeyCode::Char('/') => Action::Search,
        KeyCode::Char('n') => Action::NextMatch,
        KeyCode::Char('N') => Action::PrevMatch,
        KeyCode::Char('l') => Action::LevelFilter,
        KeyCode::Char('t') => Action::JumpToTime,
        KeyCode::Enter => Action::Select,
        KeyCode::Esc => Action::ClearFilters,
        KeyCode::Char('s') => Action::Summarize,
        KeyCode::Char('r') => Action::Runbook,
        KeyCode::Char('m') => Action::Postmortem,
        KeyCode::Char('a') => Action::Ask,
        KeyCode::Char('p') => Action::Propose,
        KeyCode::Char('S') => Action::Scoreboard,
        KeyCode::Char('b') => Action::BrowseGroups,
        _ => return None,
    };
    Some(action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_in_the_table_is_reachable_by_a_key() {
        let keys = [
            'q', '?', 'z', 'k', 'j', 'g', 'G', 'f', '/', 'n', 'N', 'l', 't', 's', 'r', 'm', 'a',
            'p', 'b', 'S',
        ];
        let mut reached: Vec<Action> = keys
            .iter()
            .filter_map(|c| action_for(KeyEvent::from(KeyCode::Char(*c))))
            .collect();
        for code in [
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Enter,
            KeyCode::Esc,
        ] {
            reached.extend(action_for(KeyEvent::from(code)));
        }
        for (_, _, action) in BINDINGS {
            assert!(reached.contains(action), "{action:?} has no key");
        }
    }
}
