use super::*;
use crate::ingest::MetricPoint;

fn series(values: impl IntoIterator<Item = f64>) -> MetricSeries {
    MetricSeries {
        name: "m".into(),
        points: values
            .into_iter()
            .enumerate()
            .map(|(i, value)| MetricPoint {
                time_ms: i as i64 * 60_000,
                value,
            })
            .collect(),
        ..MetricSeries::default()
    }
}

/// Deterministic noise, roughly normal with σ = 1 (a sum of 12 uniforms − 6).
struct Noise(u64);

impl Noise {
    /// A generator whose first outputs are already well mixed.
    fn seeded(seed: u64) -> Noise {
        let mut noise = Noise(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        for _ in 0..4 {
            noise.next();
        }
        noise
    }

    fn next(&mut self) -> f64 {
        let mut sum = 0.0;
        for _ in 0..12 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            sum += (self.0 >> 11) as f64 / (1u64 << 53) as f64;
        }
        sum - 6.0
    }
}

#[test]
fn a_step_is_found_at_its_index() {
    let values = (0..40).map(|i| {
        if i < 25 {
            1.0 + (i % 3) as f64 * 0.1
        } else {
            40.0 + (i % 2) as f64
        }
    });
    let change = change_point(&series(values)).expect("a change");
    assert_eq!(change.index, 25);
    assert_eq!(change.shape, ChangeShape::Level);
    assert!(change.score >= CHANGE_SCORE_MIN);
    assert!((change.after - 40.5).abs() < 1.0, "{change:?}");
}

#[test]
fn a_bump_that_returns_is_found_where_it_starts() {
    // Utilisation 0.38 ± 0.01 for an hour, 0.97 for 40 minutes, then back.
    let mut noise = Noise::seeded(7);
    let values: Vec<f64> = (0..140)
        .map(|i| {
            let level = if (60..100).contains(&i) { 0.97 } else { 0.38 };
            level + 0.01 * noise.next()
        })
        .collect();
    let change = change_point(&series(values)).expect("a change");
    assert_eq!(change.index, 60, "{change:?}");
    assert_eq!(change.shape, ChangeShape::Level);
}

#[test]
fn a_sustained_ramp_is_found_near_its_start() {
    // Memory flat at 280 MB (± 2 MB) for 80 minutes, then +5 MB a minute.
    let mut noise = Noise::seeded(11);
    let values: Vec<f64> = (0..200)
        .map(|i| {
            let ramp = if i >= 80 { 5.0 * (i - 80) as f64 } else { 0.0 };
            280.0 + ramp + 2.0 * noise.next()
        })
        .collect();
    let change = change_point(&series(values)).expect("a change");
    assert_eq!(change.shape, ChangeShape::Ramp, "{change:?}");
    assert!(change.index.abs_diff(80) <= 3, "{change:?}");
    // A falling ramp (free disk space) too.
    let mut noise = Noise::seeded(13);
    let falling: Vec<f64> = (0..200)
        .map(|i| {
            7.0e10
                - if i >= 50 {
                    4.0e8 * (i - 50) as f64
                } else {
                    0.0
                }
                + 1.0e7 * noise.next()
        })
        .collect();
    let change = change_point(&series(falling)).expect("a change");
    assert!(change.index.abs_diff(50) <= 3, "{change:?}");
    assert!(change.after < change.before);
}

#[test]
fn flat_noisy_series_have_no_change_point() {
    for seed in 1..40 {
        let mut noise = Noise::seeded(seed);
        let values: Vec<f64> = (0..500).map(|_| 100.0 + 5.0 * noise.next()).collect();
        assert_eq!(change_point(&series(values)), None, "seed {seed}");
    }
    // A seasonal wobble is not a change either.
    let mut noise = Noise::seeded(3);
    let wobble: Vec<f64> = (0..500)
        .map(|i| 50.0 + 10.0 * (i as f64 * std::f64::consts::TAU / 60.0).sin() + noise.next())
        .collect();
    assert_eq!(change_point(&series(wobble)), None);
    // Nor is a constant series.
    assert_eq!(change_point(&series(vec![3.0; 100])), None);
}

#[test]
fn spikes_and_sparse_counts_are_not_shifts() {
    let mut values = vec![10.0; 100];
    values[50] = 500.0;
    values[51] = 480.0;
    assert_eq!(change_point(&series(values)), None);
    // Errors per minute: mostly 0, a 1 now and then.
    let sparse = (0..300).map(|i| f64::from(i % 7 == 3 || i % 11 == 5));
    assert_eq!(change_point(&series(sparse)), None);
}

#[test]
fn a_rise_from_zero_is_a_change() {
    let values = (0..100).map(|i| if i < 70 { 0.0 } else { 0.025 });
    let change = change_point(&series(values)).expect("a change");
    assert_eq!(change.index, 70);
}

#[test]
fn a_resumed_scan_finds_what_a_whole_scan_finds() {
    let mut noise = Noise::seeded(5);
    let values: Vec<f64> = (0..300)
        .map(|i| 20.0 + if i >= 200 { 15.0 } else { 0.0 } + noise.next())
        .collect();
    let whole = change_point(&series(values.clone()));
    let mut resume_ms = i64::MIN;
    let mut found = None;
    // Polls of 15 points each, as a Prometheus source delivers them.
    for end in (15..=300).step_by(15) {
        let scan = scan_for_change(&series(values[..end].to_vec()), resume_ms);
        resume_ms = scan.resume_ms;
        if scan.found.is_some() {
            found = scan.found;
            break;
        }
    }
    assert_eq!(found.map(|c| c.index), whole.map(|c| c.index));
    assert_eq!(whole.map(|c| c.index), Some(200));
}

#[test]
fn a_lasting_drop_below_a_wobbly_baseline_is_a_change() {
    // Requests per second wobbling ±12 % for 200 points, then a fifth of it.
    let wobble = [0.15, 0.15, 0.19, 0.19, 0.17, 0.17];
    let values = (0..300).map(|i| wobble[i % 6] * if i >= 200 { 0.2 } else { 1.0 });
    let change = change_point(&series(values)).expect("a change");
    assert_eq!(change.index, 200, "{change:?}");
    assert!(change.after < change.before);
}
