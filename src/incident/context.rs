//! The older entry point to the incident context: an evidence pack without
//! suspect changes, around the engine's own onset, as text and the ids it
//! holds. Kept so callers written before `EvidencePack` compile unchanged.

use super::pack::{EvidencePack, PackInput};
use crate::ingest::Engine;

#[derive(Debug, Clone, PartialEq)]
pub struct IncidentContext {
    pub text: String,
    /// Ids an answer may cite, in the pack's order (items, then the ids they define).
    pub evidence_ids: Vec<String>,
    /// True when items were cut to fit the budget.
    pub truncated: bool,
}

pub fn build(engine: &Engine, budget_tokens: usize) -> IncidentContext {
    let pack = EvidencePack::build(
        engine,
        &PackInput {
            onset_ms: None,
            suspects: None,
            budget_tokens,
        },
    );
    IncidentContext::from(&pack)
}

impl From<&EvidencePack> for IncidentContext {
    fn from(pack: &EvidencePack) -> Self {
        let mut evidence_ids: Vec<String> = pack.items.iter().map(|i| i.id.clone()).collect();
        for item in &pack.items {
            for id in &item.also_cites {
                if !evidence_ids.contains(id) {
                    evidence_ids.push(id.clone());
                }
            }
        }
        IncidentContext {
            text: pack.text.clone(),
            evidence_ids,
            truncated: pack.truncated,
        }
    }
}
