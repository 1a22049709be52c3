//! Signals: new and bursting templates, error surges, change points, deploys.
//! PLACEHOLDER API — the log-engine work replaces the internals.

use serde::{Deserialize, Serialize};

use super::mine::TemplateId;

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
    /// One line for the timeline: `NEW T41 "db pool exhausted after <*> ms"`.
    pub title: String,
    pub templates: Vec<TemplateId>,
    pub exemplars: Vec<String>,
    /// Metric name for change points.
    pub metric: Option<String>,
}
