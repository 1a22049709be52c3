//! What a metric with a change point names. Its series name and label
//! values say which series changed (`rabbitmq_queue_messages{queue=orders}`);
//! its label keys are the exporter's schema, and the unit and type suffixes
//! of its name (`_seconds`, `_bytes`, `_total`, Prometheus's naming
//! conventions) say how it is measured, not what: every latency histogram
//! ends in `_seconds`, and a commit that sets a timeout in seconds is no more
//! likely the cause of a latency change for it. The share of its level that
//! changed is how much the change point says.

use std::collections::BTreeSet;

use super::tokens::{tokens, tokens_into};
use crate::ingest::Engine;

/// Name suffixes that state a unit or a metric type (Prometheus's metric and
/// label naming conventions: base units, `_total` for counters, the series a
/// histogram or summary exposes, `_info` for info metrics).
const UNIT_SUFFIXES: &[&str] = &[
    "seconds", "bytes", "bits", "meters", "grams", "volts", "amperes", "joules", "celsius",
    "ratio", "percent", "total", "count", "sum", "bucket", "info", "created",
];

/// The share of a metric's level that changed at `at_ms`: |after − before| /
/// the larger, between the medians of its points before and from then on —
/// 0 → 5 counts fully, 0.4 → 0.97 about 0.6, and a fall counts as a rise
/// (requests dropping is news too). 1 when a side has no points to measure.
pub fn metric_change(engine: &Engine, metric: &str, at_ms: i64) -> f64 {
    let Some(series) = engine.metrics().iter().find(|s| s.name == metric) else {
        return 1.0;
    };
    let (mut before, mut after): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for point in series.points.iter().filter(|p| p.value.is_finite()) {
        if point.time_ms < at_ms {
            before.push(point.value);
        } else {
            after.push(point.value);
        }
    }
    match (median(&mut before), median(&mut after)) {
        (Some(before), Some(after)) => {
            let larger = before.abs().max(after.abs());
            if larger > 0.0 {
                ((after - before).abs() / larger).min(1.0)
            } else {
                0.0
            }
        }
        _ => 1.0,
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[values.len() / 2])
}

/// The words of a metric series' name and its label values, without the
/// label keys: `x_total{queue=orders,vhost=/}` → `x_total`, `x`, `total`, `orders`.
pub fn metric_words(series: &str) -> BTreeSet<String> {
    let (name, labels) = series.split_once('{').unwrap_or((series, ""));
    let mut words = tokens(name);
    // The unit and type suffixes, from the end of the name (`_seconds_total`),
    // unless the word also names something earlier in it.
    let mut parts: Vec<&str> = name.split(['_', ':', '.']).collect();
    while parts.len() > 1 {
        let Some(last) = parts.last().map(|p| p.to_ascii_lowercase()) else {
            break;
        };
        if !UNIT_SUFFIXES.contains(&last.as_str()) {
            break;
        }
        parts.pop();
        if !parts.iter().any(|p| p.eq_ignore_ascii_case(&last)) {
            words.remove(&last);
        }
    }
    for label in labels
        .trim_end_matches('}')
        .split(',')
        .filter(|l| !l.is_empty())
    {
        let value = label.split_once('=').map_or(label, |(_, value)| value);
        tokens_into(value.trim_matches('"'), &mut words);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_metric_is_named_by_its_name_and_label_values_not_its_label_keys() {
        let words = metric_words("queue_messages_ready{queue=orders.email,vhost=/}");
        for word in [
            "queue_messages_ready",
            "messages",
            "ready",
            "orders",
            "email",
        ] {
            assert!(words.contains(word), "{word} missing from {words:?}");
        }
        assert!(!words.contains("vhost"), "a label key is schema: {words:?}");
        assert_eq!(metric_words("cpu_utilization"), tokens("cpu_utilization"));
    }

    #[test]
    fn unit_and_type_suffixes_name_no_thing() {
        let words = metric_words("http_request_duration_seconds{route=/v1/signup}");
        assert!(
            words.contains("duration") && words.contains("signup"),
            "{words:?}"
        );
        assert!(!words.contains("seconds"), "a unit: {words:?}");
        let words = metric_words("node_network_receive_bytes_total");
        assert!(
            !words.contains("bytes") && !words.contains("total"),
            "{words:?}"
        );
        assert!(
            words.contains("node_network_receive_bytes_total"),
            "the whole name stays"
        );
        // A word the name uses as a thing stays, and so does a lone word.
        assert!(metric_words("ratio_ratio").contains("ratio"));
        assert!(metric_words("bytes").contains("bytes"));
    }
}
