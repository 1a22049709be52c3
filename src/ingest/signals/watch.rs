//! Per-template (and per-source error) memory for NEW, BURST and SURGE, judged
//! on each template's own event time, so that sources read one after another
//! (whole files) are judged as fairly as sources read side by side (a tail).
//!
//! NEW is a test, not a count. Under the null hypothesis that a template was
//! always there at a steady rate, its episodes (the 10 s windows it occurs
//! in) fall uniformly over the time its source has been observed, and the
//! chance that all of them after the first land after a quiet gap is
//! `((now − first) / (now − source start))^(episodes − 1)`. A small value
//! says the template was absent for longer than its own rate explains: it is
//! new. A template seen in its source's baseline (the first `BASELINE_MS`)
//! cannot be new; a rare periodic template that happened to start late
//! (a cron line every 30 min) gets a large value and stays quiet; and an
//! error that shows up a few times after a long quiet stretch gets a small
//! one even at low volume. Episodes rather than lines, so one burst of lines
//! is one observation, not many.

use super::robust_score;

/// A template first seen within this much of its source's first event is part of the baseline.
pub const BASELINE_MS: i64 = 120_000;
/// Window for burst and surge detection.
pub const WINDOW_MS: i64 = 10_000;
/// Windows of history kept per counter for burst scoring (an hour).
pub const MAX_WINDOWS: usize = 360;
/// False NEW signals accepted per analysis, shared out over the templates of
/// a family (Bonferroni): errors are one family, everything else another.
pub const FAMILY_ALPHA: f64 = 0.05;
const BURST_MIN_COUNT: u64 = 20;
/// Windows of history a burst is judged against, at least.
const BURST_MIN_HISTORY: usize = 6;
pub const ROBUST_SCORE_MIN: f64 = 6.0;
/// A template or metric is signalled at most once per this much event time.
const REPEAT_AFTER_MS: i64 = 300_000;

/// Counts of events per `WINDOW_MS` of event time, newest last, bounded.
#[derive(Debug, Clone, Default)]
pub struct WindowCounter {
    /// Closed windows, oldest first (at most `MAX_WINDOWS`).
    windows: Vec<u64>,
    current: u64,
    current_index: Option<i64>,
    /// Count from which the current window is a burst (computed once per window).
    burst_from: Option<Option<f64>>,
    burst_reported: bool,
    pub last_burst_ms: Option<i64>,
}

/// What one counted event did to its counter.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counted {
    /// The event opened a window the counter had no event in yet.
    pub new_window: bool,
    /// The current window just became a burst: (window start, robust score).
    pub burst: Option<(i64, f64)>,
}

impl WindowCounter {
    /// A counter that has watched since `start_ms`: the windows before its
    /// first event count as empty history (error lines of a source that had
    /// none before a surge).
    pub fn starting_at(start_ms: i64) -> WindowCounter {
        let mut counter = WindowCounter::default();
        counter.open(start_ms.div_euclid(WINDOW_MS));
        counter
    }

    /// Counts one event at `event_ms`. A late event (an earlier window) is
    /// added to its window's history when still kept.
    pub fn add(&mut self, event_ms: i64) -> Counted {
        let index = event_ms.div_euclid(WINDOW_MS);
        let mut counted = Counted::default();
        match self.current_index {
            Some(current) if index < current => {
                let back = usize::try_from(current - index).unwrap_or(usize::MAX);
                if let Some(at) = self.windows.len().checked_sub(back) {
                    self.windows[at] += 1;
                }
                return counted;
            }
            Some(current) if index == current => {}
            Some(current) => {
                self.windows.push(self.current);
                let gap = usize::try_from(index - current - 1).unwrap_or(usize::MAX);
                let zeros = gap.min(MAX_WINDOWS);
                self.windows.extend(std::iter::repeat_n(0, zeros));
                if self.windows.len() > MAX_WINDOWS {
                    self.windows.drain(..self.windows.len() - MAX_WINDOWS);
                }
                self.open(index);
                counted.new_window = true;
            }
            None => {
                self.open(index);
                counted.new_window = true;
            }
        }
        self.current += 1;
        if self.burst_reported || self.current < BURST_MIN_COUNT {
            return counted;
        }
        let windows = &self.windows;
        let from = *self
            .burst_from
            .get_or_insert_with(|| burst_threshold(windows));
        if from.is_some_and(|from| self.current as f64 >= from) {
            self.burst_reported = true;
            let start = index * WINDOW_MS;
            if may_repeat(self.last_burst_ms, start) {
                self.last_burst_ms = Some(start);
                counted.burst = Some((start, robust_score(&self.windows, self.current)));
            }
        }
        counted
    }

    fn open(&mut self, index: i64) {
        self.current = 0;
        self.current_index = Some(index);
        self.burst_from = None;
        self.burst_reported = false;
    }

    /// The count of the window being filled.
    pub fn current(&self) -> u64 {
        self.current
    }
}

/// The count at which a window scores `ROBUST_SCORE_MIN` against `history`
/// (the score is linear in the count); `None` with too little history.
fn burst_threshold(history: &[u64]) -> Option<f64> {
    if history.len() < BURST_MIN_HISTORY {
        return None;
    }
    let zero = robust_score(history, 0);
    let one = robust_score(history, 1);
    let per_count = one - zero;
    (per_count > 0.0).then(|| ((ROBUST_SCORE_MIN - zero) / per_count).max(0.0))
}

/// Decides whether a window with `count` events is a burst against `history`.
pub fn burst_score(history: &[u64], count: u64) -> Option<f64> {
    if count < BURST_MIN_COUNT || history.len() < BURST_MIN_HISTORY {
        return None;
    }
    let score = robust_score(history, count);
    (score >= ROBUST_SCORE_MIN).then_some(score)
}

pub fn may_repeat(last_ms: Option<i64>, now_ms: i64) -> bool {
    last_ms.is_none_or(|last| now_ms - last >= REPEAT_AFTER_MS)
}

/// Per-template memory.
#[derive(Debug, Clone, Default)]
pub struct TemplateWatch {
    pub counter: WindowCounter,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
    /// The first event time of the source the template first came from.
    pub source_start_ms: i64,
    /// Windows the template occurred in.
    pub episodes: u64,
    pub total: u64,
    /// Some record of the template was at error level or above.
    pub error_family: bool,
    pub new_signalled: bool,
}

impl TemplateWatch {
    pub fn new(event_ms: i64, source_start_ms: i64) -> TemplateWatch {
        TemplateWatch {
            first_seen_ms: event_ms,
            last_seen_ms: event_ms,
            source_start_ms: source_start_ms.min(event_ms),
            ..TemplateWatch::default()
        }
    }

    /// Counts one occurrence; returns what the counter saw.
    pub fn add(&mut self, event_ms: i64) -> Counted {
        self.total += 1;
        self.first_seen_ms = self.first_seen_ms.min(event_ms);
        self.last_seen_ms = self.last_seen_ms.max(event_ms);
        let counted = self.counter.add(event_ms);
        if counted.new_window {
            self.episodes += 1;
        }
        counted
    }

    /// The chance of a gap this long before the first occurrence if the
    /// template had always been there (see the module comment); 1 inside the baseline.
    pub fn novelty_p(&self) -> f64 {
        let gap = self.first_seen_ms - self.source_start_ms;
        let observed = self.last_seen_ms - self.source_start_ms;
        if gap < BASELINE_MS || observed <= 0 || self.episodes < 2 {
            return 1.0;
        }
        let since_first = (self.last_seen_ms - self.first_seen_ms) as f64;
        (since_first / observed as f64).powf((self.episodes - 1) as f64)
    }
}

/// Whether a template is new, its family holding `family_size` templates.
pub fn is_new(watch: &TemplateWatch, family_size: usize) -> Option<f64> {
    if watch.new_signalled {
        return None;
    }
    let p = watch.novelty_p();
    (p < FAMILY_ALPHA / family_size.max(1) as f64).then_some(p)
}

#[cfg(test)]
mod tests;
