//! Plain data for metric series and deploy markers, shared by sources, signals and views.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MetricPoint {
    pub time_ms: i64,
    pub value: f64,
}

/// One named series (e.g. "5xx rate") as configured or as the demo ships it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MetricSeries {
    pub name: String,
    /// Display unit: "%", "ms", "req/s", "conns" …
    pub unit: String,
    /// The PromQL (or other) query that produced it, if any.
    pub query: Option<String>,
    pub points: Vec<MetricPoint>,
    /// Configured thresholds: values above them are drawn as warning / critical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn_above: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical_above: Option<f64>,
    /// The series' labels (Prometheus), e.g. `version` of a build-info series.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
}

/// A deploy or config change, shown on the timeline and the metric charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeployMarker {
    pub time_ms: i64,
    pub service: String,
    pub version: String,
    pub description: String,
}
