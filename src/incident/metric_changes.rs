//! The metrics' change points as evidence: each series' one change point
//! (`signals::change_point`), with the means before and after it.

use super::gather::MetricEvidence;
use crate::ingest::{signals, Engine, MetricSeries, SignalKind};

/// Change points of every metric series, numbered in order of change time.
pub fn metric_changes(engine: &Engine) -> Vec<MetricEvidence> {
    let mut found: Vec<MetricEvidence> = engine
        .metrics()
        .iter()
        .filter_map(|series| {
            let signal_id = engine
                .signals()
                .iter()
                .find(|s| {
                    s.kind == SignalKind::ChangePoint && s.metric.as_ref() == Some(&series.name)
                })
                .map(|s| s.id.clone());
            change_of(series, signal_id)
        })
        .collect();
    found.sort_by(|a, b| a.time_ms.cmp(&b.time_ms).then(a.name.cmp(&b.name)));
    for (index, metric) in found.iter_mut().enumerate() {
        metric.id = format!("M{}", index + 1);
    }
    found
}

fn change_of(series: &MetricSeries, signal_id: Option<String>) -> Option<MetricEvidence> {
    let points: Vec<_> = series
        .points
        .iter()
        .filter(|p| p.value.is_finite())
        .copied()
        .collect();
    let change = signals::change_point(series)?;
    let (at, score) = (change.index, change.score);
    let mean = |values: &[crate::ingest::MetricPoint]| {
        values.iter().map(|p| p.value).sum::<f64>() / values.len().max(1) as f64
    };
    let last = points.last()?;
    Some(MetricEvidence {
        id: String::new(),
        signal_id,
        name: series.name.clone(),
        unit: series.unit.clone(),
        time_ms: points.get(at)?.time_ms,
        mean_before: mean(&points[..at]),
        mean_after: mean(&points[at..]),
        last_value: last.value,
        last_ms: last.time_ms,
        score,
    })
}
