//! Signals: what changed. New templates (unseen in the baseline window), bursts
//! of a template and surges of error lines (robust score against the template's
//! own history: median and MAD of earlier windows), metric change points (a
//! mean shift), and deploy markers. All judged on event time, so a replay at
//! any speed finds the same signals at the same times.

use serde::{Deserialize, Serialize};

use super::mine::TemplateId;
use super::MetricSeries;

/// Lines before this much event time has passed are the baseline.
pub const BASELINE_MS: i64 = 120_000;
/// Window for burst and surge detection.
pub const WINDOW_MS: i64 = 10_000;
/// A new template must recur this often before it is worth a signal.
const NEW_MIN_COUNT: u64 = 3;
const BURST_MIN_COUNT: u64 = 20;
const ROBUST_SCORE_MIN: f64 = 6.0;
/// A template or metric is signalled at most once per this much event time.
const REPEAT_AFTER_MS: i64 = 300_000;
const CHANGE_MIN_POINTS_EACH_SIDE: usize = 5;
const CHANGE_SCORE_MIN: f64 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    NewTemplate,
    Burst,
    ErrorSurge,
    ChangePoint,
    Deploy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// `S1`, `S2`, … in order of detection; cited by the co-pilot.
    pub id: String,
    pub kind: SignalKind,
    pub time_ms: i64,
    pub score: f64,
    /// One line for the timeline: `NEW "db pool exhausted after <*>"`.
    pub title: String,
    pub templates: Vec<TemplateId>,
    pub exemplars: Vec<String>,
    /// Metric name for change points.
    pub metric: Option<String>,
}

/// Robust z-score of `value` against `history`: (x − median) / (1.4826·MAD + 1).
/// The +1 keeps a flat history from turning every small wobble into infinity.
pub fn robust_score(history: &[u64], value: u64) -> f64 {
    if history.is_empty() {
        return 0.0;
    }
    let median = median_u64(history);
    let deviations: Vec<u64> = history.iter().map(|v| v.abs_diff(median as u64)).collect();
    let mad = median_u64(&deviations);
    (value as f64 - median) / (1.4826 * mad + 1.0)
}

fn median_u64(values: &[u64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) as f64 / 2.0
    } else {
        sorted[mid] as f64
    }
}

/// Finds the strongest mean shift in a series: (index of the first point after
/// the shift, score = |Δmean| / pooled standard deviation).
pub fn change_point(series: &MetricSeries) -> Option<(usize, f64)> {
    let values: Vec<f64> = series
        .points
        .iter()
        .map(|p| p.value)
        .filter(|v| v.is_finite())
        .collect();
    let n = values.len();
    if n < CHANGE_MIN_POINTS_EACH_SIDE * 2 {
        return None;
    }
    let mut prefix = vec![0.0; n + 1];
    let mut prefix_sq = vec![0.0; n + 1];
    for (i, v) in values.iter().enumerate() {
        prefix[i + 1] = prefix[i] + v;
        prefix_sq[i + 1] = prefix_sq[i] + v * v;
    }
    let stats = |from: usize, to: usize| {
        let count = (to - from) as f64;
        let mean = (prefix[to] - prefix[from]) / count;
        let variance = ((prefix_sq[to] - prefix_sq[from]) / count - mean * mean).max(0.0);
        (mean, variance)
    };
    let mut best: Option<(usize, f64)> = None;
    for split in CHANGE_MIN_POINTS_EACH_SIDE..=n - CHANGE_MIN_POINTS_EACH_SIDE {
        let (before, var_before) = stats(0, split);
        let (after, var_after) = stats(split, n);
        let pooled = ((var_before + var_after) / 2.0).sqrt();
        // Floor the spread at 1% of the level so a perfectly flat series is not infinitely sensitive.
        let floor = 0.01 * before.abs().max(after.abs()).max(1e-9);
        let score = (after - before).abs() / pooled.max(floor);
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((split, score));
        }
    }
    best.filter(|(_, score)| *score >= CHANGE_SCORE_MIN)
}

/// Per-template memory for burst detection.
#[derive(Debug, Clone, Default)]
pub struct TemplateWatch {
    /// Counts of closed windows since the template appeared (bounded).
    pub windows: Vec<u64>,
    pub current: u64,
    pub first_seen_ms: i64,
    pub total: u64,
    pub new_signalled: bool,
    pub last_burst_ms: Option<i64>,
}

/// Decides whether a template is newly worth a NEW signal.
pub fn is_new(watch: &TemplateWatch, baseline_end_ms: i64) -> bool {
    !watch.new_signalled && watch.first_seen_ms > baseline_end_ms && watch.total >= NEW_MIN_COUNT
}

/// Decides whether the window that just closed with `count` lines is a burst.
pub fn burst_score(history: &[u64], count: u64) -> Option<f64> {
    if count < BURST_MIN_COUNT || history.len() < 6 {
        return None;
    }
    let score = robust_score(history, count);
    (score >= ROBUST_SCORE_MIN).then_some(score)
}

pub fn may_repeat(last_ms: Option<i64>, now_ms: i64) -> bool {
    last_ms.is_none_or(|last| now_ms - last >= REPEAT_AFTER_MS)
}

/// A phase of the incident timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// `baseline`, `onset`, `ongoing`.
    pub name: String,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    pub signals: Vec<String>,
}

/// Orders signals into phases: baseline until the first non-deploy signal,
/// onset for the two minutes after it, then ongoing.
pub fn timeline(signals: &[Signal], start_ms: i64) -> Vec<Phase> {
    let mut sorted: Vec<&Signal> = signals.iter().collect();
    sorted.sort_by_key(|s| (s.time_ms, s.id.clone()));
    let first = sorted
        .iter()
        .find(|s| s.kind != SignalKind::Deploy)
        .map(|s| s.time_ms);
    let Some(onset_ms) = first else {
        return vec![Phase {
            name: "baseline".into(),
            start_ms,
            end_ms: None,
            signals: sorted.iter().map(|s| s.id.clone()).collect(),
        }];
    };
    let ongoing_ms = onset_ms + 120_000;
    let pick = |from: i64, to: Option<i64>| -> Vec<String> {
        sorted
            .iter()
            .filter(|s| s.time_ms >= from && to.is_none_or(|t| s.time_ms < t))
            .map(|s| s.id.clone())
            .collect()
    };
    vec![
        Phase {
            name: "baseline".into(),
            start_ms,
            end_ms: Some(onset_ms),
            signals: pick(i64::MIN, Some(onset_ms)),
        },
        Phase {
            name: "onset".into(),
            start_ms: onset_ms,
            end_ms: Some(ongoing_ms),
            signals: pick(onset_ms, Some(ongoing_ms)),
        },
        Phase {
            name: "ongoing".into(),
            start_ms: ongoing_ms,
            end_ms: None,
            signals: pick(ongoing_ms, None),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::MetricPoint;

    #[test]
    fn robust_score_flags_outliers_only() {
        let history = [10, 12, 9, 11, 10, 10, 13];
        assert!(robust_score(&history, 80) > ROBUST_SCORE_MIN);
        assert!(robust_score(&history, 14) < ROBUST_SCORE_MIN);
        assert!(burst_score(&history, 80).is_some());
        assert!(burst_score(&[0; 3], 80).is_none(), "too little history");
    }

    #[test]
    fn a_step_change_is_found_at_its_index() {
        let points = (0..40)
            .map(|i| MetricPoint {
                time_ms: i * 10_000,
                value: if i < 25 {
                    1.0 + (i % 3) as f64 * 0.1
                } else {
                    40.0 + (i % 2) as f64
                },
            })
            .collect();
        let series = MetricSeries {
            name: "5xx".into(),
            unit: "%".into(),
            query: None,
            points,
            ..MetricSeries::default()
        };
        let (index, score) = change_point(&series).unwrap();
        assert_eq!(index, 25);
        assert!(score > CHANGE_SCORE_MIN);
        let flat = MetricSeries {
            points: (0..40)
                .map(|i| MetricPoint {
                    time_ms: i,
                    value: 5.0 + (i % 3) as f64,
                })
                .collect(),
            ..series
        };
        assert!(change_point(&flat).is_none());
    }
}
