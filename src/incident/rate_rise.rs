//! Whether a template's rate rose at the onset, beyond what chance gives.
//!
//! A burst (signals/watch.rs) is 20 lines in one 10 s window. A rate that
//! goes from one line every few minutes to a few every 10 s — failed logins
//! in a credential-stuffing run, retries of a slow dependency — never fills
//! such a window, yet it is the trouble's own line. The test here is the
//! classic one for two Poisson counts: given `n = before + after` lines, and
//! a steady rate, the lines from the onset are Binomial(n, p₀) with p₀ the
//! share of the observed time that lies after the onset. The Chernoff bound
//! `P(X ≥ x) ≤ exp(−n · KL(x/n ‖ p₀))` gives the evidence against a steady
//! rate in nats, without a table and for any n.

/// Nats of evidence that a template's rate rose at the onset: `n · KL(x/n ‖ p₀)`
/// when it logged a larger share of its lines after the onset than the time
/// after the onset is of the time observed, else 0.
pub fn rise_nats(before: u64, after: u64, span_before_ms: i64, span_after_ms: i64) -> f64 {
    let n = before + after;
    if n == 0 || span_before_ms <= 0 || span_after_ms <= 0 {
        return 0.0;
    }
    let p0 = span_after_ms as f64 / (span_before_ms + span_after_ms) as f64;
    let q = after as f64 / n as f64;
    if q <= p0 {
        return 0.0;
    }
    n as f64 * kl_bernoulli(q, p0)
}

/// The least evidence, in nats, for a rise to count: a one-sided chance of
/// at most 0.1 % (ln 1000) that a steady rate gave it, divided over the
/// `templates` tested (Bonferroni), so that a log with many templates does
/// not find rises by looking at all of them.
pub fn rise_min_nats(templates: usize) -> f64 {
    (1000.0 * templates.max(1) as f64).ln()
}

/// KL divergence of Bernoulli(q) from Bernoulli(p), in nats.
fn kl_bernoulli(q: f64, p: f64) -> f64 {
    let term = |a: f64, b: f64| if a <= 0.0 { 0.0 } else { a * (a / b).ln() };
    term(q, p) + term(1.0 - q, 1.0 - p)
}

/// The source a template's lines came from, or that they came from several.
#[derive(Debug, Clone, Copy, Default)]
pub enum Sources {
    #[default]
    None,
    One(crate::ingest::SourceIndex),
    Several,
}

impl Sources {
    pub fn note(&mut self, source: crate::ingest::SourceIndex) {
        *self = match *self {
            Sources::None => Sources::One(source),
            Sources::One(seen) if seen == source => Sources::One(seen),
            _ => Sources::Several,
        };
    }

    pub fn merge(&mut self, other: Sources) {
        match other {
            Sources::None => {}
            Sources::One(source) => self.note(source),
            Sources::Several => *self = Sources::Several,
        }
    }

    /// The span its sources were watched: its one source's, else all of them.
    pub fn observed(self, per_source: &[Option<(i64, i64)>]) -> Option<(i64, i64)> {
        match self {
            Sources::None => None,
            Sources::One(source) => per_source.get(usize::from(source)).copied().flatten(),
            Sources::Several => per_source
                .iter()
                .flatten()
                .copied()
                .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn a_steady_rate_is_no_rise() {
        // 90 min before, 45 after: a third of the time, a third of the lines.
        assert_eq!(rise_nats(60, 30, 90 * MIN, 45 * MIN), 0.0);
        assert!(rise_nats(58, 32, 90 * MIN, 45 * MIN) < rise_min_nats(50));
    }

    #[test]
    fn a_few_lines_a_minute_after_a_few_an_hour_is_a_rise() {
        // 18 lines in 90 min, then 790 in 50: far past any Bonferroni bar.
        let nats = rise_nats(18, 790, 90 * MIN, 50 * MIN);
        assert!(nats > rise_min_nats(100), "{nats}");
    }

    #[test]
    fn few_lines_are_weak_evidence() {
        // 0 before and 2 after is what chance gives a rare line often enough.
        assert!(rise_nats(0, 2, 90 * MIN, 45 * MIN) < rise_min_nats(1));
        assert_eq!(rise_nats(0, 0, 90 * MIN, 45 * MIN), 0.0);
    }

    #[test]
    fn no_time_on_either_side_is_no_evidence() {
        assert_eq!(rise_nats(0, 50, 0, 45 * MIN), 0.0);
        assert_eq!(rise_nats(50, 0, 90 * MIN, 0), 0.0);
    }

    #[test]
    fn a_template_is_watched_as_long_as_its_sources() {
        let per_source = [Some((0, 100)), Some((60, 200))];
        let mut one = Sources::default();
        assert_eq!(one.observed(&per_source), None);
        one.note(1);
        one.note(1);
        // A file that begins at the onset says nothing of the rate before it.
        assert_eq!(one.observed(&per_source), Some((60, 200)));
        let mut several = one;
        several.merge(Sources::One(0));
        assert_eq!(several.observed(&per_source), Some((0, 200)));
    }
}
