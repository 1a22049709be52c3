//! Streaming template mining. PLACEHOLDER API — the log-engine work replaces the internals.

use serde::{Deserialize, Serialize};

/// Stable id of a template: a hash of its text (merged ids resolve through aliases).
pub type TemplateId = u64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub id: TemplateId,
    /// Tokens with `<*>` wildcards.
    pub text: String,
    pub count: u64,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
    /// A few redacted example lines.
    pub exemplars: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Miner {
    templates: Vec<Template>,
}

impl Miner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Assigns `content` (already redacted) to a template and returns its id.
    pub fn add(&mut self, content: &str, time_ms: i64) -> TemplateId {
        let _ = (content, time_ms);
        0
    }

    /// Follows merge aliases to the live id.
    pub fn resolve(&self, id: TemplateId) -> TemplateId {
        id
    }

    pub fn get(&self, id: TemplateId) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.templates.iter()
    }

    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }
}
