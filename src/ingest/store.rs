//! The bounded ring of records. PLACEHOLDER API — the log-engine work replaces the internals.

use std::collections::VecDeque;

use super::{LogLevel, Record};

/// Counts of records ever stored, by source and level (not reduced by eviction).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LevelCounts {
    by_source: Vec<[u64; 6]>,
}

impl LevelCounts {
    pub fn add(&mut self, source: usize, level: LogLevel) {
        if self.by_source.len() <= source {
            self.by_source.resize(source + 1, [0; 6]);
        }
        self.by_source[source][level as usize] += 1;
    }

    pub fn get(&self, source: usize, level: LogLevel) -> u64 {
        self.by_source
            .get(source)
            .map(|row| row[level as usize])
            .unwrap_or(0)
    }

    pub fn level_total(&self, level: LogLevel) -> u64 {
        self.by_source.iter().map(|row| row[level as usize]).sum()
    }
}

#[derive(Debug, Default)]
pub struct Store {
    records: VecDeque<Record>,
    cap_lines: usize,
    counts: LevelCounts,
}

impl Store {
    pub fn new(cap_lines: usize, cap_bytes: usize) -> Self {
        let _ = cap_bytes;
        Store {
            records: VecDeque::new(),
            cap_lines: cap_lines.max(1),
            counts: LevelCounts::default(),
        }
    }

    pub fn push(&mut self, record: Record) {
        if self.records.len() == self.cap_lines {
            self.records.pop_front();
        }
        self.counts.add(usize::from(record.source), record.level);
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

    pub fn counts(&self) -> &LevelCounts {
        &self.counts
    }

    /// Approximate bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.records.iter().map(|r| r.text.len() + 64).sum()
    }
}
