//! The trouble's first sign. A cause comes before its effect: when a series
//! the incident moved had already left its healthy level well before the
//! onset, in the same direction, and the onset then pushed it further, the
//! trouble began at that first departure — a leak filling a pool, a cache
//! whose hit ratio fell, CPU that rose with the release of the evening
//! before. A change that only started running after that departure was not
//! running when the trouble began, so it cannot have started it (it may have
//! made it worse; the reasons say so, and it still ranks on its words). The
//! deploy shortly before the departure gets the timing evidence a deploy
//! shortly before the onset gets (deploys::coincidence), measured against
//! the departure.
//!
//! What counts as a departure is decided by the series alone, so that the
//! day's load, which also rises before most incidents, is not read as
//! trouble: the series' first change point (signals/change.rs: six robust
//! spreads of its baseline, a step or a significant ramp) at least
//! `LEAD_MS` before the onset; from the onset the series is at least
//! `GROWTH` times as far from its baseline as that first change took it;
//! and the onset itself moved it, by at least the first change's size,
//! against the level just before — a smooth climb into a daily peak moves
//! as much before the onset as after it and does not qualify.

use crate::ingest::signals::change_point;
use crate::ingest::MetricSeries;

use super::score::{human_duration, Suspect};

/// How long before the onset a departure must be to be a first sign rather
/// than the onset itself, as the humans who dated it saw it (a dashboard's
/// resolution, a first page minutes after the first errors).
pub const LEAD_MS: i64 = 15 * 60_000;
/// How much further than its first change the incident took the series.
const GROWTH: f64 = 2.0;
/// The least share of the incident's move (from the baseline to the level
/// from the onset) a first change must be: the change detector's relative floor.
const RELATIVE_FLOOR: f64 = 0.01;
/// How much more the half hour across the onset must move the series than the half hour before it.
const SHARPER: f64 = 3.0;
/// The span around the onset whose median is the series' level there.
const LEVEL_SPAN_MS: i64 = 15 * 60_000;

/// A first sign of the trouble: a series that left its level before the
/// onset and that the onset pushed further, or a warning that began before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Precursor {
    pub time_ms: i64,
    /// How far off `time_ms` may be: two sampling steps for a series (a
    /// change point is placed by a fit over points, not at a known instant),
    /// a minute for a log line.
    pub uncertainty_ms: i64,
    /// What showed it, for the reasons: `pg_stat_activity_count{…} left its level`.
    pub what: String,
    /// The numbers: `0 → 3; 90 from the onset`.
    pub detail: String,
}

/// Three significant digits (`0.000412`, `3`, `90`, `2.13e9` as `2130000000`).
fn short(value: f64) -> String {
    if value.fract() == 0.0 || value.abs() >= 100.0 {
        return format!("{value:.0}");
    }
    let decimals = (2 - value.abs().log10().floor() as i32).clamp(0, 12) as usize;
    format!("{value:.decimals$}")
}

/// The series' median sampling step (a minute when it cannot tell).
fn median_step_ms(series: &MetricSeries) -> i64 {
    let mut steps: Vec<i64> = series
        .points
        .windows(2)
        .map(|w| w[1].time_ms.saturating_sub(w[0].time_ms))
        .filter(|d| *d > 0)
        .collect();
    if steps.is_empty() {
        return 60_000;
    }
    steps.sort_unstable();
    steps[steps.len() / 2]
}

fn median_between(series: &MetricSeries, from_ms: i64, to_ms: i64) -> Option<f64> {
    let mut values: Vec<f64> = series
        .points
        .iter()
        .filter(|p| p.value.is_finite() && p.time_ms >= from_ms && p.time_ms < to_ms)
        .map(|p| p.value)
        .collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[values.len() / 2])
}

/// The series' first sign of the trouble, if it shows one (module comment).
pub fn of_series(series: &MetricSeries, onset_ms: i64) -> Option<Precursor> {
    let change = change_point(series)?;
    if change.time_ms > onset_ms.saturating_sub(LEAD_MS) {
        return None;
    }
    let step = change.after - change.before;
    if step == 0.0 || !step.is_finite() {
        return None;
    }
    if !constancy_not_chance(series, change.index, change.before, onset_ms) {
        return None;
    }
    let direction = step.signum();
    let at_onset = median_between(series, onset_ms, onset_ms.saturating_add(LEVEL_SPAN_MS))?;
    // Levels half an hour apart: the quarter hours from the onset, before
    // it by half an hour, and by an hour. The onset is dated by people who
    // saw it, often minutes after the series turned, so the level just
    // before it may already be moving.
    let before_onset = median_between(
        series,
        onset_ms.saturating_sub(2 * LEVEL_SPAN_MS),
        onset_ms.saturating_sub(LEVEL_SPAN_MS),
    )?;
    let an_hour_before = median_between(
        series,
        onset_ms.saturating_sub(4 * LEVEL_SPAN_MS),
        onset_ms.saturating_sub(3 * LEVEL_SPAN_MS),
    )?;
    let grew = direction * (at_onset - change.before) >= GROWTH * step.abs();
    // From a zero baseline any blip is infinitely many spreads: the first
    // change must be a share of the incident's own scale, as the detector
    // asks a share of the level (`RELATIVE_FLOOR`).
    let material = step.abs() >= RELATIVE_FLOOR * (at_onset - change.before).abs();
    // The onset moved it, and by more than the half hour before did: a climb
    // into a daily peak (or a disk filling at a steady rate) moves about as
    // much before the onset as across it.
    let onset_move = direction * (at_onset - before_onset);
    let moved_at_onset =
        onset_move >= step.abs() && onset_move >= SHARPER * (before_onset - an_hour_before).abs();
    (grew && material && moved_at_onset).then(|| Precursor {
        time_ms: change.time_ms,
        uncertainty_ms: 2 * median_step_ms(series),
        what: format!("{} left its level", series.name),
        detail: format!(
            "{} → {}; {} from the onset",
            short(change.before),
            short(change.after),
            short(at_onset)
        ),
    })
}

/// Whether a baseline that never varied is long enough to say the series
/// changed where the detector put it. A baseline with no spread makes any
/// later value infinitely many spreads away, so a counter of rare errors
/// (zero for its first hour, then a one now and then all day) "leaves its
/// level" at its first ones. Were the baseline's `n` points drawn like the
/// points after it up to the onset, of which a share `q` equals its value,
/// all would equal it with chance `qⁿ`; the detector tried every point
/// before the onset as the split, so that chance times their number must
/// be at most `ABSENCE_P`, as a log line's absence must (`of_template`).
fn constancy_not_chance(
    series: &MetricSeries,
    change_index: usize,
    level: f64,
    onset_ms: i64,
) -> bool {
    let finite: Vec<f64> = series
        .points
        .iter()
        .filter(|p| p.value.is_finite() && p.time_ms < onset_ms)
        .map(|p| p.value)
        .collect();
    let change_index = change_index.min(finite.len());
    let (baseline, after) = finite.split_at(change_index);
    if baseline.is_empty() || after.is_empty() || baseline.iter().any(|v| *v != level) {
        return true;
    }
    let q = after.iter().filter(|v| **v == level).count() as f64 / after.len() as f64;
    q.powi(baseline.len() as i32) * finite.len() as f64 <= ABSENCE_P
}

/// The earliest first sign among the series and the logs' (`of_template`).
pub fn earliest(
    series: &[MetricSeries],
    from_logs: &[Precursor],
    onset_ms: i64,
) -> Option<Precursor> {
    series
        .iter()
        .filter_map(|s| of_series(s, onset_ms))
        .chain(from_logs.iter().cloned())
        .min_by_key(|p| p.time_ms)
}

/// How unlikely, at most, a template's lines before the onset all falling
/// after its first one is by chance for it to count as having begun there.
const ABSENCE_P: f64 = 0.01;

/// One template's warning or error lines: when the first came, how many
/// came before the onset and from it.
#[derive(Debug, Clone, Copy)]
pub struct TemplateHistory {
    pub first_ms: i64,
    pub before: u64,
    pub after: u64,
}

/// A warning or error template as a first sign: its first line at least
/// `LEAD_MS` before the onset, its absence before that line not chance (were
/// its `n` lines before the onset spread over the logs as they are over the
/// time since its first, all would fall there with chance
/// `((onset − first) / (onset − logs start))^n`, at most `ABSENCE_P`), and
/// its rate from the onset at least `GROWTH` times its rate between its first
/// line and the onset: a problem that began quietly and that the onset made
/// loud (a decoder failing on a few entries at a rollout, then on most). A
/// warning logged steadily since a deploy, no louder at the onset, says
/// something changed then, not that it is this incident.
pub fn of_template(
    text: &str,
    history: TemplateHistory,
    logs_start_ms: i64,
    onset_ms: i64,
    logs_end_ms: i64,
) -> Option<Precursor> {
    let TemplateHistory {
        first_ms,
        before,
        after,
    } = history;
    if first_ms > onset_ms.saturating_sub(LEAD_MS)
        || before == 0
        || after == 0
        || first_ms <= logs_start_ms
    {
        return None;
    }
    let share = onset_ms.saturating_sub(first_ms) as f64
        / onset_ms.saturating_sub(logs_start_ms).max(1) as f64;
    if share.powi(before.min(i32::MAX as u64) as i32) > ABSENCE_P {
        return None;
    }
    let rate_before = before as f64 / onset_ms.saturating_sub(first_ms).max(60_000) as f64;
    let rate_after = after as f64 / logs_end_ms.saturating_sub(onset_ms).max(60_000) as f64;
    (rate_after >= GROWTH * rate_before).then(|| Precursor {
        time_ms: first_ms,
        uncertainty_ms: 60_000,
        what: format!("\"{}\" began", cut(text, 80)),
        detail: format!("{before} line(s) before the onset, {after} from it"),
    })
}

/// `of_template` over every warning and error template, when the logs have a span and an onset.
pub fn of_templates(
    histories: impl Iterator<Item = (String, TemplateHistory)>,
    logs_start_ms: Option<i64>,
    onset_ms: Option<i64>,
    logs_end_ms: Option<i64>,
) -> Vec<Precursor> {
    let (Some(start), Some(onset), Some(end)) = (logs_start_ms, onset_ms, logs_end_ms) else {
        return Vec::new();
    };
    histories
        .filter_map(|(text, history)| of_template(&text, history, start, onset, end))
        .collect()
}

fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Marks every suspect that started running after the first sign as not
/// explaining the incident, saying why.
pub fn weigh(suspects: &mut [Suspect], precursor: &Precursor, onset_ms: i64) {
    for suspect in suspects.iter_mut() {
        let running_since = suspect.deployed_ms.unwrap_or(suspect.landed_ms);
        if running_since > precursor.time_ms.saturating_add(precursor.uncertainty_ms) {
            suspect.explains = false;
            suspect.reasons.push(format!(
                "started running {} before the onset, after the trouble began: {} {} before the onset ({})",
                human_duration(onset_ms.saturating_sub(running_since)),
                precursor.what,
                human_duration(onset_ms.saturating_sub(precursor.time_ms)),
                precursor.detail
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::MetricPoint;

    const MINUTE: i64 = 60_000;
    const ONSET: i64 = 600 * MINUTE;

    /// A point a minute over 5 h before the onset and 30 min after it.
    fn series(name: &str, value: impl Fn(i64) -> f64) -> MetricSeries {
        MetricSeries {
            name: name.into(),
            points: (-300..30)
                .map(|m| MetricPoint {
                    time_ms: ONSET + m * MINUTE,
                    value: value(m),
                })
                .collect(),
            ..MetricSeries::default()
        }
    }

    fn suspect(name: &str, running_since_ms: i64) -> Suspect {
        Suspect::running_since(name, running_since_ms)
    }

    #[test]
    fn a_leak_that_began_hours_before_the_onset_is_its_first_sign() {
        // Idle-in-transaction connections: 0, then 3 from 2 h before the
        // onset (the leak), then 90 (the pool runs dry).
        let leak = series("idle_in_transaction", |m| match m {
            m if m < -120 => 0.0,
            m if m < 0 => 3.0,
            _ => 90.0,
        });
        let first = of_series(&leak, ONSET).expect("a first sign");
        assert!(
            (first.time_ms - (ONSET - 120 * MINUTE)).abs() <= 2 * MINUTE,
            "{first:?}"
        );
        assert_eq!(first.detail, "0 → 3; 90 from the onset");
        // The change that started running after it does not explain the
        // onset; the one running before it keeps its verdict.
        let mut suspects = vec![
            suspect("late", ONSET - 30 * MINUTE),
            suspect("early", ONSET - 150 * MINUTE),
        ];
        weigh(&mut suspects, &first, ONSET);
        assert!(
            !suspects[0].explains && suspects[1].explains,
            "{suspects:#?}"
        );
        assert!(suspects[0].reasons[0].contains("after the trouble began"));
    }

    #[test]
    fn a_change_deployed_as_the_series_turned_is_not_cleared() {
        let leak = series("idle", |m| {
            if m < -60 {
                0.0
            } else if m < 0 {
                3.0
            } else {
                90.0
            }
        });
        let first = of_series(&leak, ONSET).expect("a first sign");
        // Running since a minute after the fitted change: within two steps.
        let mut suspects = vec![suspect("same-time", first.time_ms + MINUTE)];
        weigh(&mut suspects, &first, ONSET);
        assert!(suspects[0].explains, "{suspects:#?}");
    }

    #[test]
    fn a_counter_of_rare_errors_does_not_leave_its_level_at_its_first_ones() {
        // Zero for the first 18 minutes, then a one in about every fourth
        // minute all day (three in a row at first), and 8 from the onset.
        let sporadic = series("lookups_errors", |m| match m {
            m if m < -282 => 0.0,
            -282..=-280 => 1.0,
            m if m < 0 => f64::from(m.rem_euclid(4) == 0),
            _ => 8.0,
        });
        assert_eq!(of_series(&sporadic, ONSET), None);
        // The same start, but the ones never stop: the zeros were the old level.
        let began = series("lookups_errors", |m| match m {
            m if m < -282 => 0.0,
            m if m < 0 => 1.0,
            _ => 8.0,
        });
        assert!(of_series(&began, ONSET).is_some());
    }

    #[test]
    fn a_steady_climb_into_the_peak_is_load_not_a_first_sign() {
        // Requests climbing all afternoon, faster and faster, and a disk
        // filling at a steady rate: no sharper move at the onset.
        let traffic = series("requests_per_second", |m| {
            60.0 + ((m + 300) as f64).powf(1.3) / 10.0
        });
        assert_eq!(of_series(&traffic, ONSET), None);
        let disk = series("disk_used_ratio", |m| 0.4 + 0.001 * (m + 300).max(0) as f64);
        assert_eq!(of_series(&disk, ONSET), None);
        // A series that turned only at the onset has no earlier sign.
        let step = series("errors", |m| if m < 0 { 1.0 } else { 50.0 });
        assert_eq!(of_series(&step, ONSET), None);
        // A change that stays where it went (a new level, nothing more at the
        // onset) is not this incident's growth.
        // A blip off zero (a stray error) is not the start of a rate of 50.
        let blip = series("errors_per_second", |m| match m {
            m if m < -60 => 0.0,
            m if m < 0 => 0.0003,
            _ => 50.0,
        });
        assert_eq!(of_series(&blip, ONSET), None);
        let moved = series("replicas", |m| if m < -200 { 4.0 } else { 5.0 });
        assert_eq!(of_series(&moved, ONSET), None);
        assert_eq!(earliest(&[traffic, disk, step, moved], &[], ONSET), None);
    }

    #[test]
    fn a_warning_that_began_quietly_and_the_onset_made_loud_is_a_first_sign() {
        let start = ONSET - 300 * MINUTE;
        let end = ONSET + 30 * MINUTE;
        // Ten lines from 2 h before the onset (none in the 3 h before), 400 from it.
        let quiet = TemplateHistory {
            first_ms: ONSET - 120 * MINUTE,
            before: 10,
            after: 400,
        };
        let first = of_template("cache entry undecodable <*>", quiet, start, ONSET, end)
            .expect("a first sign");
        assert_eq!(first.time_ms, ONSET - 120 * MINUTE);
        assert!(first.what.contains("undecodable") && first.detail.contains("10 line(s)"));
        // Two lines could fall late by chance (0.4² = 0.16): not a first sign.
        let sporadic = TemplateHistory { before: 2, ..quiet };
        assert_eq!(of_template("x", sporadic, start, ONSET, end), None);
        // As loud before the onset as from it: it says something changed
        // then, not that this is the incident.
        let steady = TemplateHistory {
            before: 480,
            after: 120,
            ..quiet
        };
        assert_eq!(of_template("x", steady, start, ONSET, end), None);
        // From the start of the logs, or only just before the onset: no.
        let from_start = TemplateHistory {
            first_ms: start,
            ..quiet
        };
        assert_eq!(of_template("x", from_start, start, ONSET, end), None);
        let late = TemplateHistory {
            first_ms: ONSET - 5 * MINUTE,
            ..quiet
        };
        assert_eq!(of_template("x", late, start, ONSET, end), None);
    }

    #[test]
    fn hostile_times_do_not_overflow() {
        let points = [i64::MIN, i64::MIN + 1, 0, i64::MAX - 1, i64::MAX]
            .iter()
            .map(|&time_ms| MetricPoint {
                time_ms,
                value: 1.0,
            })
            .collect();
        let wild = MetricSeries {
            name: "wild".into(),
            points,
            ..MetricSeries::default()
        };
        for onset in [i64::MIN, 0, i64::MAX] {
            assert_eq!(earliest(std::slice::from_ref(&wild), &[], onset), None);
            let history = TemplateHistory {
                first_ms: i64::MIN,
                before: 3,
                after: 3,
            };
            assert_eq!(of_template("x", history, i64::MIN, onset, i64::MAX), None);
        }
    }
}
