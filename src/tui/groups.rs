//! The log group browser: `b` opens a picker over the account's CloudWatch
//! Logs groups (DescribeLogGroups, narrowed by a prefix the user types);
//! Enter adds the selected group as a source of the running workbench.
//! State and keys live here; drawing in `views/groups.rs`; the remote calls
//! (audited) are run by the event loop for the commands this returns.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{Cmd, State};

/// Groups listed at most (DescribeLogGroups pages of 50; the prefix narrows).
pub const MAX_LISTED: usize = 1_000;

/// What the picker shows.
#[derive(Debug, Clone, Default)]
pub struct GroupBrowser {
    /// What the user typed: group names must start with it.
    pub prefix: String,
    /// The prefix the last answer was asked with, and its groups.
    pub listed_for: Option<String>,
    pub listed: Vec<String>,
    /// A request is running (for `listed_for`'s successor).
    pub loading: bool,
    pub error: Option<String>,
    pub selected: usize,
}

impl GroupBrowser {
    /// The listed groups that match what is typed now. An answer for a
    /// shorter prefix is complete for a longer one, so typing filters it
    /// locally instead of asking again.
    pub fn visible(&self) -> Vec<&str> {
        self.listed
            .iter()
            .filter(|g| g.starts_with(&self.prefix))
            .map(String::as_str)
            .collect()
    }

    /// True when the listed groups do not cover the typed prefix.
    fn needs_listing(&self) -> bool {
        match &self.listed_for {
            Some(listed) => !self.prefix.starts_with(listed.as_str()),
            None => true,
        }
    }
}

/// `b`: open the browser and ask for the groups.
pub fn open(state: &mut State) -> Vec<Cmd> {
    state.groups = Some(GroupBrowser {
        loading: true,
        ..GroupBrowser::default()
    });
    vec![Cmd::ListGroups(String::new())]
}

/// The browser owns the keyboard while it is open.
pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Cmd> {
    let Some(browser) = state.groups.as_mut() else {
        return Vec::new();
    };
    let count = browser.visible().len();
    match key.code {
        KeyCode::Esc => state.groups = None,
        KeyCode::Up => browser.selected = browser.selected.saturating_sub(1),
        KeyCode::Down => browser.selected = (browser.selected + 1).min(count.saturating_sub(1)),
        KeyCode::Enter => {
            let chosen = browser
                .visible()
                .get(browser.selected)
                .map(|g| g.to_string());
            if let Some(group) = chosen {
                state.groups = None;
                return vec![Cmd::AddGroup(group)];
            }
        }
        KeyCode::Backspace | KeyCode::Char(_) => {
            match key.code {
                KeyCode::Char(c) if browser.prefix.len() < 512 => browser.prefix.push(c),
                KeyCode::Backspace => {
                    browser.prefix.pop();
                }
                _ => return Vec::new(),
            }
            browser.selected = 0;
            if browser.needs_listing() {
                browser.loading = true;
                return vec![Cmd::ListGroups(browser.prefix.clone())];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// An answer arrived; answers for a prefix no longer typed are ignored.
pub fn listed(state: &mut State, prefix: String, result: Result<Vec<String>, String>) {
    let Some(browser) = state.groups.as_mut() else {
        return;
    };
    if !browser.prefix.starts_with(&prefix) {
        return;
    }
    browser.loading = false;
    match result {
        Ok(mut groups) => {
            groups.truncate(MAX_LISTED);
            browser.listed = groups;
            browser.listed_for = Some(prefix);
            browser.error = None;
        }
        Err(err) => browser.error = Some(err),
    }
    browser.selected = browser
        .selected
        .min(browser.visible().len().saturating_sub(1));
}
