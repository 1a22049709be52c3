//! Secret redaction. PLACEHOLDER API — the redaction work replaces the internals.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Counts of redacted values by kind (`aws_access_key`, `jwt`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactionCounts(pub BTreeMap<String, u64>);

impl RedactionCounts {
    pub fn add(&mut self, kind: &str, n: u64) {
        *self.0.entry(kind.to_string()).or_insert(0) += n;
    }
    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }
    pub fn merge(&mut self, other: &RedactionCounts) {
        for (kind, n) in &other.0 {
            self.add(kind, *n);
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Redactor {}

impl Redactor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns the text with every secret replaced by `[REDACTED:<kind>]`,
    /// adding what it replaced to `counts`. Borrows when nothing matched.
    pub fn redact<'a>(&self, text: &'a str, counts: &mut RedactionCounts) -> Cow<'a, str> {
        let _ = counts;
        Cow::Borrowed(text)
    }
}
