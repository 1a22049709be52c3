use super::*;

const MINUTE: i64 = 60_000;

/// A watch fed occurrences at `times` (ms), its source observed from `start`.
fn watch(start: i64, times: impl IntoIterator<Item = i64>) -> TemplateWatch {
    let mut times = times.into_iter();
    let first = times.next().expect("one occurrence at least");
    let mut w = TemplateWatch::new(first, start);
    w.add(first);
    for t in times {
        w.add(t);
    }
    w
}

#[test]
fn a_template_in_the_baseline_is_never_new() {
    // Present from the source's first minute, then steadily for two hours.
    let w = watch(0, (1..720).map(|i| 30_000 + i * 10_000));
    assert_eq!(w.novelty_p(), 1.0);
    assert!(is_new(&w, 1).is_none());
}

#[test]
fn a_steady_template_that_starts_after_a_long_quiet_stretch_is_new() {
    // Observed for an hour, then a new line every 10 s for two minutes.
    let w = watch(0, (0..12).map(|i| 60 * MINUTE + i * 10_000));
    let p = w.novelty_p();
    assert!(p < 1e-15, "{p}");
    assert!(is_new(&w, 50).is_some());
}

#[test]
fn a_rare_periodic_template_that_starts_late_is_not_new() {
    // Every 30 minutes, first at minute 25 of a two-hour file.
    let w = watch(0, [25, 55, 85, 115].map(|m| m * MINUTE));
    assert!(w.novelty_p() > 0.3, "{}", w.novelty_p());
    assert!(is_new(&w, 1).is_none());
}

#[test]
fn a_few_errors_after_a_long_quiet_baseline_are_new_even_at_low_volume() {
    // An error every 5 minutes from minute 105 of a quiet source.
    let w = watch(0, (0..6).map(|i| 105 * MINUTE + i * 5 * MINUTE));
    // Errors are a small family: the threshold is shared by few templates.
    assert!(is_new(&w, 3).is_some(), "p = {}", w.novelty_p());
    // One line, or many lines in one window, is one episode: no evidence yet.
    let once = watch(0, (0..50).map(|i| 90 * MINUTE + i));
    assert_eq!(once.episodes, 1);
    assert_eq!(once.novelty_p(), 1.0);
}

#[test]
fn a_burst_is_reported_once_when_its_window_crosses_the_threshold() {
    let mut counter = WindowCounter::default();
    // An hour of 2–4 events per window.
    for window in 0..360i64 {
        for k in 0..(2 + window % 3) {
            assert!(counter.add(window * WINDOW_MS + k).burst.is_none());
        }
    }
    let start = 360 * WINDOW_MS;
    let bursts: Vec<_> = (0..80)
        .filter_map(|k| counter.add(start + k * 100).burst)
        .collect();
    assert_eq!(bursts.len(), 1, "{bursts:?}");
    assert_eq!(bursts[0].0, start);
    assert!(bursts[0].1 >= ROBUST_SCORE_MIN);
    // Late events land in their own window, not the current one.
    let before = counter.current();
    counter.add(start - 5 * WINDOW_MS);
    assert_eq!(counter.current(), before);
}

#[test]
fn steady_noise_never_bursts() {
    let mut counter = WindowCounter::default();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for window in 0..2_000i64 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // 20–39 events per window: busy but steady.
        for k in 0..(20 + state % 20) as i64 {
            assert!(counter.add(window * WINDOW_MS + k).burst.is_none());
        }
    }
}
