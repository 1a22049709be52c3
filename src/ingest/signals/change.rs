//! Metric change points: the first place a series leaves its baseline, as a
//! level shift (a step, or a bump that later returns) or a sustained ramp.
//!
//! The baseline is the points before a candidate split (at most the last
//! `MAX_BASELINE`): its median is the level and its robust spread (1.4826·MAD,
//! the normal-consistent scale) the noise. Scanning splits from the start:
//! - level: the median of the next `LEVEL_WINDOW` points is `CHANGE_SCORE_MIN`
//!   spreads or more from the baseline level, or the median of the next
//!   `RAMP_WINDOW` points half that (a median's noise shrinks as 1/√n). A
//!   median, so one spike is not a shift, and a bump that returns later is
//!   still found where it starts.
//! - ramp: over the next `RAMP_WINDOW` points the Theil–Sen slope rises (or
//!   falls) by `CHANGE_SCORE_MIN` spreads and the Mann–Kendall trend test is
//!   significant (one-sided p < 0.001), so a slow leak is found where it
//!   starts, long before it crosses a level.
//!
//! The first split that passes either test is where the change is detected;
//! its place and shape come from a least-squares fit around it (from a ramp
//! window before it, where a slow ramp may already have begun, to two after),
//! from the baseline level: a step (a new constant) or a hinge (a line from
//! the baseline level), whichever leaves the smaller error, at its best index.

use crate::ingest::MetricSeries;

/// Spreads of the baseline a change must move the series by.
pub const CHANGE_SCORE_MIN: f64 = 6.0;
const MIN_BASELINE: usize = 10;
const MAX_BASELINE: usize = 120;
const LEVEL_WINDOW: usize = 5;
const RAMP_WINDOW: usize = 20;
/// Mann–Kendall z for a one-sided p of 0.001.
const TREND_Z: f64 = 3.09;
/// Changes smaller than this share of the level are not changes, however
/// flat the baseline (a perfectly constant series has no spread at all).
const RELATIVE_FLOOR: f64 = 0.01;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeShape {
    Level,
    Ramp,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangePoint {
    /// Index (in the series' finite points) of the first point after the change.
    pub index: usize,
    /// Its time, epoch milliseconds.
    pub time_ms: i64,
    /// How many baseline spreads the series moved.
    pub score: f64,
    /// The baseline level.
    pub before: f64,
    /// The new level (a step) or where the ramp had got to `RAMP_WINDOW` points on.
    pub after: f64,
    pub shape: ChangeShape,
}

impl ChangePoint {
    /// `change point 5xx: 0.0044 → 0.114 %` (`ramp` for a ramp).
    pub fn describe(&self, name: &str, unit: &str) -> String {
        let shape = match self.shape {
            ChangeShape::Level => "change point",
            ChangeShape::Ramp => "ramp",
        };
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        format!(
            "{shape} {name}: {} → {}{unit}",
            significant(self.before),
            significant(self.after)
        )
    }
}

/// Three significant digits, without an exponent for everyday magnitudes.
fn significant(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude == 0.0 {
        return "0".into();
    }
    if !(1e-3..1e6).contains(&magnitude) {
        return format!("{value:.2e}");
    }
    let decimals = (2 - magnitude.log10().floor() as i32).max(0) as usize;
    format!("{value:.decimals$}")
}

/// Finds the first change of a series (see the module comment).
pub fn change_point(series: &MetricSeries) -> Option<ChangePoint> {
    scan_for_change(series, i64::MIN).found
}

/// A scan that can be resumed as points arrive: splits whose windows were
/// complete are decided for good, so a poll only looks at the new ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scan {
    pub found: Option<ChangePoint>,
    /// Scan again from the split at this time when more points have come.
    pub resume_ms: i64,
}

/// `change_point` over the splits at or after `resume_ms` (event time, so the
/// oldest points may be dropped in between).
pub fn scan_for_change(series: &MetricSeries, resume_ms: i64) -> Scan {
    let finite: Vec<_> = series
        .points
        .iter()
        .filter(|p| p.value.is_finite())
        .collect();
    let values: Vec<f64> = finite.iter().map(|p| p.value).collect();
    // The first split whose ramp window is not complete yet: a later scan starts there.
    let first_open = values
        .len()
        .saturating_sub(RAMP_WINDOW - 1)
        .max(MIN_BASELINE);
    let next_resume_ms = finite
        .get(first_open)
        .map(|p| p.time_ms)
        .or_else(|| finite.last().map(|p| p.time_ms.saturating_add(1)))
        .map_or(resume_ms, |t| t.max(resume_ms));
    let first_split = finite
        .partition_point(|p| p.time_ms < resume_ms)
        .max(MIN_BASELINE);
    let scale = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let absolute_floor = f64::EPSILON.sqrt() * scale.max(f64::MIN_POSITIVE);
    for split in first_split..values.len() {
        let baseline = &values[split.saturating_sub(MAX_BASELINE)..split];
        let level = median(baseline);
        let spread = robust_spread(baseline, level)
            .max(RELATIVE_FLOOR * level.abs())
            .max(absolute_floor);
        let score = level_score(&values[split..], baseline.len(), level, spread)
            .into_iter()
            .chain(ramp_score(&values[split..], spread))
            .fold(None, |best: Option<f64>, s| {
                Some(best.map_or(s, |b| b.max(s)))
            });
        if let Some(score) = score {
            // A ramp may have begun before the split that crossed a test:
            // the fit looks back a ramp window, from the level before that.
            let start = split.saturating_sub(RAMP_WINDOW).max(MIN_BASELINE);
            let level = median(&values[start.saturating_sub(MAX_BASELINE)..start]);
            let window = &values[start..values.len().min(split + 2 * RAMP_WINDOW)];
            let (offset, shape, after) = best_fit(window, level);
            let index = start + offset;
            return Scan {
                found: Some(ChangePoint {
                    index,
                    time_ms: finite[index].time_ms,
                    score,
                    before: level,
                    after,
                    shape,
                }),
                resume_ms: next_resume_ms,
            };
        }
    }
    Scan {
        found: None,
        resume_ms: next_resume_ms,
    }
}

/// The level test on the points after a split, over a short window and a
/// long one. The median of `w` points varies as 1/√w, so the long window asks
/// for proportionally fewer spreads: a drop to a fifth of a wobbly baseline
/// that lasts is a change, though no five points alone prove it. The score is
/// in short-window spreads either way.
/// The long window needs a baseline three times its length, so that a slow
/// wobble shows in the baseline's spread before a window is measured by it.
fn level_score(after: &[f64], baseline_len: usize, level: f64, spread: f64) -> Option<f64> {
    [LEVEL_WINDOW, RAMP_WINDOW]
        .into_iter()
        .filter(|width| *width == LEVEL_WINDOW || baseline_len >= 3 * width)
        .filter_map(|width| {
            let window = after.get(..width)?;
            let shift = (median(window) - level).abs() / spread;
            let score = shift * (width as f64 / LEVEL_WINDOW as f64).sqrt();
            (score >= CHANGE_SCORE_MIN).then_some(score)
        })
        .reduce(f64::max)
}

/// The ramp test on the points after a split.
fn ramp_score(after: &[f64], spread: f64) -> Option<f64> {
    let window = after.get(..RAMP_WINDOW)?;
    let slope = theil_sen_slope(window);
    let trend = mann_kendall_z(window);
    let score = (slope * (RAMP_WINDOW - 1) as f64).abs() / spread;
    (score >= CHANGE_SCORE_MIN && trend.abs() >= TREND_Z && trend.signum() == slope.signum())
        .then_some(score)
}

/// The least-squares shape of `window` leaving `level`: (offset of the change
/// in the window, shape, the level it reaches).
fn best_fit(window: &[f64], level: f64) -> (usize, ChangeShape, f64) {
    let flat_error =
        |upto: usize| -> f64 { window[..upto].iter().map(|v| (v - level).powi(2)).sum() };
    let mut best = (f64::INFINITY, 0, ChangeShape::Level, level);
    for at in 0..window.len().saturating_sub(1) {
        let rest = &window[at..];
        let mean = rest.iter().sum::<f64>() / rest.len() as f64;
        let step_error = flat_error(at) + rest.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
        // A line through (at, level): slope by least squares through that point.
        let (mut xy, mut xx) = (0.0, 0.0);
        for (k, v) in rest.iter().enumerate() {
            xy += k as f64 * (v - level);
            xx += (k * k) as f64;
        }
        let slope = if xx > 0.0 { xy / xx } else { 0.0 };
        let ramp_error = flat_error(at)
            + rest
                .iter()
                .enumerate()
                .map(|(k, v)| (v - level - slope * k as f64).powi(2))
                .sum::<f64>();
        let reached = level + slope * (rest.len().min(RAMP_WINDOW) - 1) as f64;
        for (error, shape, after) in [
            (step_error, ChangeShape::Level, mean),
            (ramp_error, ChangeShape::Ramp, reached),
        ] {
            if error < best.0 {
                best = (error, at, shape, after);
            }
        }
    }
    (best.1, best.2, best.3)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 0 => (sorted[mid - 1] + sorted[mid]) / 2.0,
        _ => sorted[mid],
    }
}

/// The noise of a baseline: the larger of two robust estimates of σ, from the
/// values (1.4826·MAD) and from their steps (1.4826·MAD of the differences
/// / √2), so that a short baseline that happens to bunch up does not pass for
/// a quiet one. When most points sit on the median (counts that are mostly
/// 0), the mean absolute deviation scaled to σ (·√(π/2)) instead.
fn robust_spread(values: &[f64], center: f64) -> f64 {
    let deviations: Vec<f64> = values.iter().map(|v| (v - center).abs()).collect();
    let steps: Vec<f64> = values.windows(2).map(|w| w[1] - w[0]).collect();
    let step_center = median(&steps);
    let step_deviations: Vec<f64> = steps.iter().map(|d| (d - step_center).abs()).collect();
    let mad = median(&deviations).max(median(&step_deviations) / std::f64::consts::SQRT_2);
    if mad > 0.0 {
        return 1.4826 * mad;
    }
    let mean_abs = deviations.iter().sum::<f64>() / deviations.len().max(1) as f64;
    mean_abs * std::f64::consts::FRAC_PI_2.sqrt()
}

/// Median of the pairwise slopes: a trend that one outlier cannot bend.
fn theil_sen_slope(values: &[f64]) -> f64 {
    let mut slopes = Vec::with_capacity(values.len() * values.len() / 2);
    for i in 0..values.len() {
        for j in i + 1..values.len() {
            slopes.push((values[j] - values[i]) / (j - i) as f64);
        }
    }
    median(&slopes)
}

/// Mann–Kendall trend statistic as a z-score (ties count as no trend; their
/// variance correction is left out, which only makes the test stricter).
fn mann_kendall_z(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mut s = 0.0;
    for i in 0..values.len() {
        for j in i + 1..values.len() {
            s += (values[j] - values[i]).signum() * f64::from(values[j] != values[i]);
        }
    }
    let variance = n * (n - 1.0) * (2.0 * n + 5.0) / 18.0;
    if variance <= 0.0 || s == 0.0 {
        return 0.0;
    }
    (s - s.signum()) / variance.sqrt()
}

#[cfg(test)]
mod tests;
