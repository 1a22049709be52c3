//! The bounded ring of records and the per-template rate series.
//!
//! Appends are O(1); the oldest records are evicted when either cap (lines or
//! bytes) is exceeded. Rates are 1-second buckets for the recent window and
//! 1-minute buckets for the long one, both bounded.

use std::collections::VecDeque;

use super::{LogLevel, Record};

/// Recent window at 1 s resolution.
const SECOND_BUCKETS: usize = 900;
/// Long window at 1 min resolution (a day).
const MINUTE_BUCKETS: usize = 1440;
/// Fixed overhead of one record beyond its text, for the memory figure.
const RECORD_OVERHEAD_BYTES: usize = std::mem::size_of::<Record>() + 16;

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

/// Counts per time bucket, newest last, bounded.
#[derive(Debug, Clone, Default)]
pub struct RateSeries {
    seconds: VecDeque<(i64, u32)>,
    minutes: VecDeque<(i64, u32)>,
}

impl RateSeries {
    pub fn add(&mut self, time_ms: i64) {
        bump(&mut self.seconds, time_ms.div_euclid(1000), SECOND_BUCKETS);
        bump(
            &mut self.minutes,
            time_ms.div_euclid(60_000),
            MINUTE_BUCKETS,
        );
    }

    /// Lines per second in `buckets` equal slices of the `window_ms` ending at `end_ms`.
    pub fn per_second(&self, end_ms: i64, window_ms: i64, buckets: usize) -> Vec<f64> {
        let buckets = buckets.max(1);
        let slice_ms = (window_ms / buckets as i64).max(1000);
        let start_ms = end_ms - slice_ms * buckets as i64;
        let mut out = vec![0.0; buckets];
        let fine = window_ms <= SECOND_BUCKETS as i64 * 1000;
        let (series, unit_ms) = if fine {
            (&self.seconds, 1000)
        } else {
            (&self.minutes, 60_000)
        };
        for (bucket, count) in series.iter().rev() {
            let time_ms = bucket * unit_ms;
            if time_ms < start_ms {
                break;
            }
            let index = ((time_ms - start_ms) / slice_ms) as usize;
            if let Some(slot) = out.get_mut(index) {
                *slot += f64::from(*count);
            }
        }
        out.iter_mut().for_each(|v| *v /= slice_ms as f64 / 1000.0);
        out
    }

    /// Count in the 1-second buckets from `from_ms` (inclusive) to `to_ms` (exclusive).
    pub fn count_between(&self, from_ms: i64, to_ms: i64) -> u64 {
        let (from, to) = (from_ms.div_euclid(1000), to_ms.div_euclid(1000));
        self.seconds
            .iter()
            .rev()
            .take_while(|(second, _)| *second >= from)
            .filter(|(second, _)| *second < to)
            .map(|(_, count)| u64::from(*count))
            .sum()
    }

    pub fn memory_bytes(&self) -> usize {
        (self.seconds.capacity() + self.minutes.capacity()) * std::mem::size_of::<(i64, u32)>()
    }
}

fn bump(series: &mut VecDeque<(i64, u32)>, bucket: i64, cap: usize) {
    match series.back_mut() {
        Some((last, count)) if *last == bucket => *count += 1,
        Some((last, _)) if *last > bucket => {
            // Late line: count it in its bucket if still retained.
            if let Some(entry) = series.iter_mut().rev().find(|(b, _)| *b == bucket) {
                entry.1 += 1;
            }
        }
        _ => {
            if series.len() == cap {
                series.pop_front();
            }
            series.push_back((bucket, 1));
        }
    }
}

#[derive(Debug, Default)]
pub struct Store {
    records: VecDeque<Record>,
    cap_lines: usize,
    cap_bytes: usize,
    text_bytes: usize,
    evicted: u64,
    counts: LevelCounts,
}

impl Store {
    pub fn new(cap_lines: usize, cap_bytes: usize) -> Self {
        Store {
            records: VecDeque::new(),
            cap_lines: cap_lines.max(1),
            cap_bytes: cap_bytes.max(1),
            text_bytes: 0,
            evicted: 0,
            counts: LevelCounts::default(),
        }
    }

    pub fn push(&mut self, record: Record) {
        self.counts.add(usize::from(record.source), record.level);
        self.text_bytes += record.text.len();
        self.records.push_back(record);
        while self.records.len() > self.cap_lines
            || (self.text_bytes > self.cap_bytes && self.records.len() > 1)
        {
            if let Some(old) = self.records.pop_front() {
                self.text_bytes -= old.text.len();
                self.evicted += 1;
            }
        }
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

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Record> {
        self.records.iter()
    }

    pub fn counts(&self) -> &LevelCounts {
        &self.counts
    }

    /// Records dropped by the caps so far.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// Bytes held by retained records (text plus fixed overhead).
    pub fn memory_bytes(&self) -> usize {
        self.text_bytes + self.records.len() * RECORD_OVERHEAD_BYTES
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::RecordFlags;

    fn record(seq: u64, text: &str) -> Record {
        Record {
            seq,
            time_ms: Some(seq as i64 * 1000),
            arrival_ms: 0,
            level: LogLevel::Info,
            source: 0,
            text: text.to_string(),
            template: 0,
            flags: RecordFlags::default(),
        }
    }

    #[test]
    fn both_caps_bound_the_ring() {
        let mut store = Store::new(3, 1_000_000);
        (0..10).for_each(|i| store.push(record(i, "x")));
        assert_eq!(
            (store.len(), store.get(0).map(|r| r.seq), store.evicted()),
            (3, Some(7), 7)
        );
        let mut by_bytes = Store::new(100, 10);
        (0..10).for_each(|i| by_bytes.push(record(i, "abcd")));
        assert_eq!(by_bytes.len(), 2);
        assert_eq!(by_bytes.counts().level_total(LogLevel::Info), 10);
    }

    #[test]
    fn rates_bucket_by_second_and_minute() {
        let mut rate = RateSeries::default();
        for ms in [0, 100, 999, 1000, 5000] {
            rate.add(ms);
        }
        assert_eq!(rate.count_between(0, 1000), 3);
        assert_eq!(rate.count_between(0, 6000), 5);
        let per = rate.per_second(6000, 6000, 6);
        assert_eq!(per, vec![3.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
    }
}
