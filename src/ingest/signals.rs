//! Signals: what changed. New templates (absent for longer than their own
//! rate explains, `watch`), bursts of a template and surges of error lines
//! per source (robust score against the counter's own history: median and MAD
//! of earlier windows), metric change points (level shifts and ramps,
//! `change`), and deploy markers. All judged on event time, so a replay at any
//! speed, or files read one after another, find the same signals at the same times.

use serde::{Deserialize, Serialize};

use super::mine::TemplateId;

mod change;
mod watch;

pub use change::{change_point, scan_for_change, ChangePoint, ChangeShape, Scan};
pub use watch::{
    burst_score, is_new, may_repeat, TemplateWatch, WindowCounter, BASELINE_MS, MAX_WINDOWS,
    WINDOW_MS,
};

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

/// How long a failure in the platform takes to reach the service's logs: a
/// connection or dial timeout, a health-check interval, a DNS TTL — seconds
/// to minutes. What happened further before the onset than this did not
/// start it by itself (the ranking's announcements, the pack's first
/// warnings).
pub const PROPAGATION_MS: i64 = 15 * 60_000;

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

    #[test]
    fn robust_score_flags_outliers_only() {
        let history = [10, 12, 9, 11, 10, 10, 13];
        assert!(robust_score(&history, 80) > watch::ROBUST_SCORE_MIN);
        assert!(robust_score(&history, 14) < watch::ROBUST_SCORE_MIN);
        assert!(burst_score(&history, 80).is_some());
        assert!(burst_score(&[0; 3], 80).is_none(), "too little history");
    }
}
