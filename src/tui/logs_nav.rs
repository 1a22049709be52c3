//! Where the Logs pane is looking: follow or an anchor record, and the filters
//! (level, template, search). Rows are found by scanning back from the anchor,
//! so the cost of a frame depends on the pane's height, not on retained lines.

use super::app::LEVEL_CYCLE;
use super::keymap::Action;
use crate::ingest::parse::envelope;
use crate::ingest::{Engine, LogLevel, Record, TemplateId};

/// How far one search or filter scan may look before giving up (keeps a frame bounded).
const MAX_SCAN_RECORDS: usize = 2_000_000;

#[derive(Debug, Clone, Default)]
pub struct LogView {
    /// `Some(seq)`: the bottom row is this record; `None`: follow the newest.
    pub anchor_seq: Option<u64>,
    pub min_level: Option<LogLevel>,
    pub template: Option<TemplateId>,
    pub search: Option<String>,
}

impl LogView {
    pub fn following(&self) -> bool {
        self.anchor_seq.is_none()
    }

    /// Does this record pass the level and template filters?
    pub fn passes(&self, record: &Record) -> bool {
        self.min_level.is_none_or(|min| record.level >= min)
            && self.template.is_none_or(|t| t == record.template)
    }

    /// The store indices of the rows to draw, oldest first, at most `height`.
    pub fn visible_rows(&self, engine: &Engine, height: usize) -> Vec<usize> {
        let store = engine.store();
        let Some(bottom) = self.anchor_index(engine).or(store.len().checked_sub(1)) else {
            return Vec::new();
        };
        let mut rows = Vec::with_capacity(height);
        let mut index = bottom + 1;
        let mut scanned = 0;
        while index > 0 && rows.len() < height && scanned < MAX_SCAN_RECORDS {
            index -= 1;
            scanned += 1;
            if store.get(index).is_some_and(|r| self.passes(r)) {
                rows.push(index);
            }
        }
        rows.reverse();
        rows
    }

    pub fn toggle_follow(&mut self, engine: &Engine) {
        self.anchor_seq = match self.anchor_seq {
            Some(_) => None,
            None => last_seq(engine),
        };
    }

    pub fn clear_filters(&mut self) {
        self.min_level = None;
        self.template = None;
        self.search = None;
    }

    pub fn cycle_level(&mut self) {
        let at = LEVEL_CYCLE
            .iter()
            .position(|l| *l == self.min_level)
            .unwrap_or(0);
        self.min_level = LEVEL_CYCLE[(at + 1) % LEVEL_CYCLE.len()];
    }

    pub fn filter_template(&mut self, id: TemplateId) {
        self.template = Some(id);
        self.anchor_seq = None;
    }

    pub fn scroll(&mut self, engine: &Engine, action: Action, page: usize) {
        let store = engine.store();
        let Some(last) = store.len().checked_sub(1) else {
            return;
        };
        let current = self.anchor_index(engine).unwrap_or(last);
        let target = match action {
            Action::Up => self.step(engine, current, 1, true),
            Action::PageUp => self.step(engine, current, page, true),
            Action::Down => self.step(engine, current, 1, false),
            Action::PageDown => self.step(engine, current, page, false),
            Action::Top => self
                .step(engine, 0, 0, false)
                .max(page.saturating_sub(1).min(last)),
            _ => last,
        };
        self.anchor_seq = if target >= last && !matches!(action, Action::Up | Action::PageUp) {
            None
        } else {
            store.get(target).map(|r| r.seq)
        };
    }

    /// Moves `count` passing records older (`back`) or newer from `from`.
    fn step(&self, engine: &Engine, from: usize, count: usize, back: bool) -> usize {
        let store = engine.store();
        let mut index = from;
        let mut moved = 0;
        let mut scanned = 0;
        while moved < count && scanned < MAX_SCAN_RECORDS {
            scanned += 1;
            let next = if back {
                index.checked_sub(1)
            } else {
                Some(index + 1)
            };
            match next {
                Some(n) if n < store.len() => {
                    index = n;
                    if store.get(n).is_some_and(|r| self.passes(r)) {
                        moved += 1;
                    }
                }
                _ => break,
            }
        }
        index
    }

    /// Runs a search: remembers it and jumps to the newest match.
    pub fn set_search(&mut self, engine: &Engine, query: String) {
        if query.is_empty() {
            self.search = None;
            return;
        }
        self.search = Some(query);
        self.anchor_seq = None;
        let start = engine.store().len();
        if let Some(found) = self.find_match(engine, start, true) {
            self.anchor_seq = engine.store().get(found).map(|r| r.seq);
        }
    }

    /// n / N: the next older or newer match; false when there is none.
    pub fn step_match(&mut self, engine: &Engine, older: bool) -> bool {
        if self.search.is_none() {
            return false;
        }
        let store = engine.store();
        let current = self.anchor_index(engine).unwrap_or(store.len());
        match self.find_match(engine, current, older) {
            Some(found) => {
                self.anchor_seq = store.get(found).map(|r| r.seq);
                true
            }
            None => false,
        }
    }

    fn find_match(&self, engine: &Engine, from: usize, older: bool) -> Option<usize> {
        let query = self.search.as_deref()?;
        let finder = memchr::memmem::Finder::new(query.as_bytes());
        let store = engine.store();
        // Search matches what the pane shows: a JSON line's message and
        // fields, not its envelope (the quick test spares most parses).
        let hit = |i: usize| {
            store.get(i).is_some_and(|r| {
                self.passes(r)
                    && envelope::may_show(&r.text, query)
                    && finder
                        .find(envelope::shown_text(&r.text).as_bytes())
                        .is_some()
            })
        };
        if older {
            (0..from).rev().take(MAX_SCAN_RECORDS).find(|i| hit(*i))
        } else {
            (from + 1..store.len())
                .take(MAX_SCAN_RECORDS)
                .find(|i| hit(*i))
        }
    }

    /// `t`: jump to the first record at or after HH:MM[:SS] (UTC) on the day of the newest record.
    pub fn jump_to_time(&mut self, engine: &Engine, input: &str) -> Result<(), String> {
        let seconds = parse_clock(input)
            .ok_or_else(|| format!("time {input:?} is not HH:MM or HH:MM:SS (UTC)"))?;
        let store = engine.store();
        let newest = (0..store.len())
            .rev()
            .take(10_000)
            .find_map(|i| store.get(i).and_then(|r| r.time_ms))
            .ok_or("no line with a timestamp yet")?;
        let day_start = newest - newest.rem_euclid(86_400_000);
        let target = day_start + seconds * 1000;
        let found = (0..store.len())
            .take(MAX_SCAN_RECORDS)
            .find(|i| {
                store
                    .get(*i)
                    .and_then(|r| r.time_ms)
                    .is_some_and(|t| t >= target)
            })
            .ok_or_else(|| format!("no line at or after {input}"))?;
        let height_hint = 5;
        let bottom = (found + height_hint).min(store.len().saturating_sub(1));
        self.anchor_seq = store.get(bottom).map(|r| r.seq);
        Ok(())
    }

    fn anchor_index(&self, engine: &Engine) -> Option<usize> {
        let seq = self.anchor_seq?;
        let store = engine.store();
        let first = store.get(0)?.seq;
        let index = seq.checked_sub(first)? as usize;
        Some(index.min(store.len().saturating_sub(1)))
    }
}

fn last_seq(engine: &Engine) -> Option<u64> {
    let store = engine.store();
    store
        .len()
        .checked_sub(1)
        .and_then(|i| store.get(i))
        .map(|r| r.seq)
}

/// "03:04" or "03:04:31" → seconds since midnight.
fn parse_clock(input: &str) -> Option<i64> {
    let parts: Vec<&str> = input.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut seconds = 0;
    for (i, part) in parts.iter().enumerate() {
        let value: i64 = part.parse().ok()?;
        let limit = if i == 0 { 24 } else { 60 };
        if !(0..limit).contains(&value) {
            return None;
        }
        seconds = seconds * 60 + value;
    }
    if parts.len() == 2 {
        seconds *= 60;
    }
    Some(seconds)
}

#[cfg(test)]
mod tests {
    use super::parse_clock;

    #[test]
    fn clock_times_parse() {
        assert_eq!(parse_clock("03:04"), Some(3 * 3600 + 4 * 60));
        assert_eq!(parse_clock("03:04:31"), Some(3 * 3600 + 4 * 60 + 31));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(parse_clock("nope"), None);
    }
}
