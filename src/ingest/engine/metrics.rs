//! What the engine does with the other feeds than log lines: metric series
//! (merged by name, bounded, scanned for a change point) and deploy markers.
//! Both become timeline signals beside the log signals.

use super::{Engine, MAX_DEPLOYS, MAX_METRIC_POINTS};
use crate::ingest::signals::{self, Signal, SignalKind};
use crate::ingest::{DeployMarker, MetricSeries};

impl Engine {
    /// Merges new points of a metric series (by name) and checks it for a change point.
    pub fn push_metric(&mut self, update: MetricSeries) {
        let index = match self.metrics.iter().position(|m| m.name == update.name) {
            Some(index) => {
                self.metrics[index].points.extend(update.points);
                index
            }
            None => {
                self.metrics.push(update);
                self.metric_resume_ms.push(i64::MIN);
                self.metrics.len() - 1
            }
        };
        // Days of polling must not grow memory: keep the newest points.
        let points = &mut self.metrics[index].points;
        if points.len() > MAX_METRIC_POINTS {
            points.drain(..points.len() - MAX_METRIC_POINTS);
        }
        let series = &self.metrics[index];
        if self.changed_metrics.contains(&series.name) {
            return;
        }
        // Only the splits that new points completed are scanned (days of polling).
        let scan = signals::scan_for_change(series, self.metric_resume_ms[index]);
        self.metric_resume_ms[index] = scan.resume_ms;
        if let Some(change) = scan.found {
            let signal = Signal {
                id: String::new(),
                kind: SignalKind::ChangePoint,
                time_ms: change.time_ms,
                score: change.score,
                title: change.describe(&series.name, &series.unit),
                templates: Vec::new(),
                exemplars: Vec::new(),
                metric: Some(series.name.clone()),
            };
            self.changed_metrics.push(series.name.clone());
            self.emit(signal);
        }
    }

    /// Records a deploy marker (it becomes a timeline signal).
    pub fn push_deploy(&mut self, marker: DeployMarker) {
        let signal = Signal {
            id: String::new(),
            kind: SignalKind::Deploy,
            time_ms: marker.time_ms,
            score: 0.0,
            title: format!(
                "deploy {} {} — {}",
                marker.service, marker.version, marker.description
            ),
            templates: Vec::new(),
            exemplars: Vec::new(),
            metric: None,
        };
        if self.deploys.len() >= MAX_DEPLOYS {
            self.deploys.remove(0);
        }
        self.deploys.push(marker);
        self.emit(signal);
    }
}
