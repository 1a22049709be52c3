//! The incident's loud lines per minute, as a rollback is judged by them
//! (rollback.rs): errors, and lines at warning or worse, in total and per
//! template. Per template because code taken out by a rollback takes its
//! own log lines with it: when the rollback removes the commit that added
//! "charging profile not accepted", those lines stop whatever the trouble
//! does, and their stopping says nothing about the cause.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::ingest::mine::TemplateId;
use crate::ingest::LogLevel;

/// Minutes counted at most per map (bounds memory on a long replay).
const MAX_MINUTES: usize = 100_000;
/// Templates whose loud lines are counted apart, at most, and the minutes
/// they hold together: a week of minutes for a hundred loud templates.
const MAX_TEMPLATES: usize = 10_000;
const MAX_TEMPLATE_MINUTES: usize = 1_000_000;
/// A template logged again after this long without a line has come back.
const RETURN_GAP_MS: i64 = 30 * 60_000;
/// Templates coming back in one minute that make a restart: a banner, the
/// framework's start and the listener's, at least.
const RESTART_TEMPLATES: usize = 3;

/// Lines per minute at error or worse, and at warning or worse.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Symptoms {
    total: PerMinute,
    /// Lines of any level per minute: whether the logs went on.
    all: BTreeMap<i64, u64>,
    /// When each template was first and last logged, and per minute the
    /// routine (below warning) templates that came back in it after
    /// `RETURN_GAP_MS` without a line: a process's start-up lines come back
    /// together when it restarts.
    seen: HashMap<TemplateId, (i64, i64)>,
    returning: BTreeMap<i64, HashSet<TemplateId>>,
    /// The same, per template of the lines.
    by_template: HashMap<TemplateId, PerMinute>,
    /// Minutes `by_template` holds, over all templates.
    template_minutes: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct PerMinute {
    errors: BTreeMap<i64, u64>,
    warnings: BTreeMap<i64, u64>,
}

impl PerMinute {
    /// Counts a line; returns how many minutes it opened (0 to 2).
    fn add(&mut self, minute: i64, level: LogLevel) -> usize {
        let count = |map: &mut BTreeMap<i64, u64>| {
            let new = !map.contains_key(&minute);
            if map.len() < MAX_MINUTES || !new {
                *map.entry(minute).or_default() += 1;
                usize::from(new)
            } else {
                0
            }
        };
        let mut opened = 0;
        if level >= LogLevel::Warn {
            opened += count(&mut self.warnings);
        }
        if level >= LogLevel::Error {
            opened += count(&mut self.errors);
        }
        opened
    }
}

impl Symptoms {
    /// Counts one line (its own time: a stack frame is not another error)
    /// of `template`.
    pub fn add(&mut self, time_ms: i64, level: LogLevel, template: TemplateId) {
        let minute = time_ms.div_euclid(60_000);
        if self.all.len() < MAX_MINUTES || self.all.contains_key(&minute) {
            *self.all.entry(minute).or_default() += 1;
        }
        if level < LogLevel::Warn {
            self.note_return(time_ms, template);
        }
        if level < LogLevel::Warn {
            return;
        }
        self.total.add(minute, level);
        let room = self.template_minutes < MAX_TEMPLATE_MINUTES
            && (self.by_template.len() < MAX_TEMPLATES || self.by_template.contains_key(&template));
        if room {
            self.template_minutes += self
                .by_template
                .entry(template)
                .or_default()
                .add(minute, level);
        }
    }

    fn note_return(&mut self, time_ms: i64, template: TemplateId) {
        let came_back = match self.seen.get_mut(&template) {
            Some((_, last)) if time_ms > *last => {
                let came_back = time_ms - *last >= RETURN_GAP_MS;
                *last = time_ms;
                came_back
            }
            Some(_) => false,
            None => {
                if self.seen.len() < MAX_TEMPLATES {
                    self.seen.insert(template, (time_ms, time_ms));
                }
                false
            }
        };
        let minute = time_ms.div_euclid(60_000);
        let room = self.returning.len() < MAX_MINUTES || self.returning.contains_key(&minute);
        if came_back && room {
            self.returning.entry(minute).or_default().insert(template);
        }
    }

    /// The minutes in [from, to) in which `RESTART_TEMPLATES` or more
    /// routine templates came back together that had also first been
    /// logged together, in one minute: a process's start-up lines when it
    /// restarts (a restart that names no version is no deploy line). Rare
    /// lines that come back one by one, or an error that returns, are not.
    pub fn restarts_in(&self, from_ms: i64, to_ms: i64) -> Vec<i64> {
        let minute = |ms: i64| ms.div_euclid(60_000);
        self.returning
            .range(minute(from_ms)..minute(to_ms))
            .filter(|(_, templates)| {
                let mut first_minutes: HashMap<i64, usize> = HashMap::new();
                for template in templates.iter() {
                    if let Some((first_ms, _)) = self.seen.get(template) {
                        *first_minutes.entry(minute(*first_ms)).or_default() += 1;
                    }
                }
                first_minutes.values().any(|n| *n >= RESTART_TEMPLATES)
            })
            .map(|(minute, _)| minute * 60_000)
            .collect()
    }

    /// These symptoms without the lines of `templates`.
    /// (Rates only: the restarts, which recovery.rs reads from the whole
    /// symptoms, are not carried over.)
    pub fn without(&self, templates: &HashSet<TemplateId>) -> Symptoms {
        let mut out = Symptoms {
            total: self.total.clone(),
            all: self.all.clone(),
            ..Symptoms::default()
        };
        for (template, counts) in &self.by_template {
            if !templates.contains(template) {
                continue;
            }
            for (total, own) in [
                (&mut out.total.errors, &counts.errors),
                (&mut out.total.warnings, &counts.warnings),
            ] {
                for (minute, n) in own {
                    if let Some(left) = total.get_mut(minute) {
                        *left = left.saturating_sub(*n);
                    }
                }
            }
        }
        out
    }

    /// Lines in [from, to) of the errors, or of the warnings when the
    /// incident logged no error from `onset` on.
    pub fn lines(&self, onset_ms: i64, from_ms: i64, to_ms: i64) -> u64 {
        let errors_from_onset = lines_in(&self.total.errors, onset_ms, i64::MAX) > 0;
        let map = if errors_from_onset {
            &self.total.errors
        } else {
            &self.total.warnings
        };
        lines_in(map, from_ms, to_ms)
    }

    /// [`Symptoms::lines`] per minute.
    pub fn rate(&self, onset_ms: i64, from_ms: i64, to_ms: i64) -> f64 {
        per_minute(self.lines(onset_ms, from_ms, to_ms), from_ms, to_ms)
    }

    /// Lines of any level per minute in [from, to).
    pub fn line_rate(&self, from_ms: i64, to_ms: i64) -> f64 {
        per_minute(lines_in(&self.all, from_ms, to_ms), from_ms, to_ms)
    }

    /// Lines at warning or worse per minute in [from, to).
    pub fn warning_rate(&self, from_ms: i64, to_ms: i64) -> f64 {
        per_minute(
            lines_in(&self.total.warnings, from_ms, to_ms),
            from_ms,
            to_ms,
        )
    }
}

/// Lines counted in the minutes of [from, to).
fn lines_in(map: &BTreeMap<i64, u64>, from_ms: i64, to_ms: i64) -> u64 {
    let minute = |ms: i64| ms.div_euclid(60_000);
    map.range(minute(from_ms)..minute(to_ms))
        .map(|(_, n)| n)
        .sum()
}

fn per_minute(lines: u64, from_ms: i64, to_ms: i64) -> f64 {
    lines as f64 / ((to_ms - from_ms) as f64 / 60_000.0).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    #[test]
    fn without_a_template_its_lines_no_longer_count() {
        let mut symptoms = Symptoms::default();
        for m in 0..10 {
            symptoms.add(m * MINUTE, LogLevel::Warn, 1);
            symptoms.add(m * MINUTE, LogLevel::Warn, 2);
            symptoms.add(m * MINUTE, LogLevel::Info, 3);
        }
        assert_eq!(symptoms.lines(0, 0, 10 * MINUTE), 20);
        let without = symptoms.without(&HashSet::from([1]));
        assert_eq!(without.lines(0, 0, 10 * MINUTE), 10);
        assert!((without.warning_rate(0, 10 * MINUTE) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn errors_are_read_while_any_remain_after_the_onset() {
        let mut symptoms = Symptoms::default();
        for m in 0..10 {
            symptoms.add(m * MINUTE, LogLevel::Error, 1);
            symptoms.add(m * MINUTE, LogLevel::Warn, 2);
            symptoms.add(m * MINUTE, LogLevel::Warn, 2);
        }
        assert_eq!(symptoms.lines(0, 0, 10 * MINUTE), 10);
        // Taking out the only error template leaves the warnings to judge by.
        let without = symptoms.without(&HashSet::from([1]));
        assert_eq!(without.lines(0, 0, 10 * MINUTE), 20);
    }
}
