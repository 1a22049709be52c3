//! The log group browser: `b` opens a picker over the account's CloudWatch
//! Logs groups (DescribeLogGroups, narrowed by a prefix the user types);
//! Enter adds the selected group as a source of the running workbench.
//! State, keys and the (audited) remote calls live here, drawing in
//! `views/groups.rs`; the event loop runs `list` and `add` for the commands
//! the keys return.

use crossterm::event::{KeyCode, KeyEvent};
use tokio::sync::mpsc;

use super::app::{Cmd, State};
use super::event::Event;
use crate::audit::entry::{SourceOpen, SourceRead};
use crate::audit::{Actor, AuditSink, Details};
use crate::source::cloudwatch::source::CloudwatchContext;
use crate::source::SourceEvent;

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

/// The group browser's listing: DescribeLogGroups in a task, audited, the
/// answer back as an event. Without a guarded connection it says why.
pub fn list(cloudwatch: Option<&CloudwatchContext>, prefix: String, tx: &mpsc::Sender<Event>) {
    let tx = tx.clone();
    let Some(context) = cloudwatch.cloned() else {
        let why = "no CloudWatch connection here: the group browser works in the workbench of a [[service]] with cloudwatch_groups (after the credential guard)".to_string();
        tokio::spawn(async move {
            let _ = tx
                .send(Event::Groups {
                    prefix,
                    result: Err(why),
                })
                .await;
        });
        return;
    };
    tokio::spawn(async move {
        let asked = (!prefix.is_empty()).then_some(prefix.as_str());
        let result = match context.logs.list_groups(asked).await {
            Ok(groups) => {
                let entry = SourceRead::new(
                    "DescribeLogGroups",
                    serde_json::json!({"prefix": prefix, "groups": groups.len()}),
                )
                .entry("cloudwatch:log-groups")
                .by(Actor::User);
                // Audited before the names are shown, like every other read.
                context
                    .audit
                    .append_async(entry)
                    .await
                    .map(|_| groups)
                    .map_err(|err| format!("audit failed, not shown: {err}"))
            }
            Err(err) => Err(err.to_string()),
        };
        let _ = tx.send(Event::Groups { prefix, result }).await;
    });
}

/// Enter in the group browser: the group becomes a followed source.
pub fn add(
    state: &mut State,
    cloudwatch: Option<&CloudwatchContext>,
    group: String,
    audit: &mut dyn AuditSink,
    source_tx: &mpsc::Sender<SourceEvent>,
) {
    let Some(context) = cloudwatch else {
        return;
    };
    if state
        .sources
        .iter()
        .any(|s| s.info.kind == "cloudwatch" && s.info.name == group)
    {
        state.message = Some(format!("{group} is already a source"));
        return;
    }
    let Some(index) = context.ids.next() else {
        state.message = Some("too many sources: cannot add another".to_string());
        return;
    };
    let entry = SourceOpen {
        service: Some(state.service.clone()),
        from: Some("group browser".to_string()),
        ..SourceOpen::default()
    }
    .entry(format!("cloudwatch:{group}"));
    if !super::audit_or_report(audit, state, entry) {
        return;
    }
    state.register_source(index, crate::source::cloudwatch::source::info(&group));
    state.message = Some(format!(
        "added {group}: reading the last --since, then following"
    ));
    crate::source::cloudwatch::source::spawn(context, group, index, source_tx.clone());
}
