//! From findings to a risk label: high if any high finding, medium if any
//! medium (unknown actions included), else low. High needs two-person review;
//! any deny blocks the proposal.

use std::collections::BTreeSet;

use serde::Serialize;

use super::policy::{Evaluation, Finding};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }
}

/// The verdict `lookout check` prints and the proposal carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub risk: Risk,
    /// Every rule id that fired, sorted.
    pub rules: Vec<String>,
    pub findings: Vec<Finding>,
    pub blocked: bool,
    pub denies: Vec<Finding>,
    pub two_person: bool,
}

impl Assessment {
    /// Exit code of `lookout check`: 0 low, 10 medium, 20 high, 30 blocked.
    pub fn exit_code(&self) -> u8 {
        match (self.blocked, self.risk) {
            (true, _) => 30,
            (false, Risk::High) => 20,
            (false, Risk::Medium) => 10,
            (false, Risk::Low) => 0,
        }
    }
}

pub fn assess(evaluation: Evaluation) -> Assessment {
    let risk = evaluation
        .findings
        .iter()
        .map(|f| match f.severity.as_str() {
            "high" => Risk::High,
            "medium" => Risk::Medium,
            _ => Risk::Low,
        })
        .max()
        .unwrap_or(Risk::Low);
    let rules: BTreeSet<String> = evaluation.findings.iter().map(|f| f.rule.clone()).collect();
    Assessment {
        risk,
        rules: rules.into_iter().collect(),
        blocked: !evaluation.denies.is_empty(),
        two_person: risk == Risk::High,
        findings: evaluation.findings,
        denies: evaluation.denies,
    }
}
