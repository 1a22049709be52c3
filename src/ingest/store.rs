//! The bounded ring of records. PLACEHOLDER API — the log-engine work replaces the internals.

use std::collections::VecDeque;

use super::Record;

#[derive(Debug, Default)]
pub struct Store {
    records: VecDeque<Record>,
    cap_lines: usize,
}

impl Store {
    pub fn new(cap_lines: usize, cap_bytes: usize) -> Self {
        let _ = cap_bytes;
        Store {
            records: VecDeque::new(),
            cap_lines: cap_lines.max(1),
        }
    }

    pub fn push(&mut self, record: Record) {
        if self.records.len() == self.cap_lines {
            self.records.pop_front();
        }
        self.records.push_back(record);
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The i-th retained record, oldest first.
    pub fn get(&self, index: usize) -> Option<&Record> {
        self.records.get(index)
    }

    /// Approximate bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.records.iter().map(|r| r.text.len() + 64).sum()
    }
}
