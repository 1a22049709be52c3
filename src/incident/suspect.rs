//! A suspect change as the evidence pack receives it: a plain value filled by
//! whoever read the service's repository (src/changes), so the pack neither
//! reads git nor depends on how suspects are ranked.

use serde::{Deserialize, Serialize};

/// One commit suspected of causing the incident, ranked by its reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspectChange {
    /// `C` and the first 7 hex digits of the commit id: `C1a2b3c`; the id answers cite.
    pub id: String,
    /// The commit's subject line (redacted by the reader).
    pub subject: String,
    /// Author time, epoch milliseconds.
    pub time_ms: i64,
    /// Paths the commit touched.
    pub files: Vec<String>,
    /// The reader's ranking score: higher is more suspect.
    pub score: f64,
    /// Why it is suspect, in words: "12 min before the onset", "touches db.pool.max_size" …
    pub reasons: Vec<String>,
    /// The reader judged that it explains the incident (its score reached
    /// the threshold). Only an explaining change is a hypothesis; the others
    /// are listed so a reader sees what was ruled out. Records written before
    /// this field existed read as explaining, as they were then treated.
    #[serde(default = "explains_by_default")]
    pub explains: bool,
}

fn explains_by_default() -> bool {
    true
}

impl SuspectChange {
    /// The id a commit is cited by: `C` and the first 7 hex digits of its sha.
    pub fn id_for(sha: &str) -> String {
        let short: String = sha.chars().take(7).collect();
        format!("C{}", short.to_ascii_lowercase())
    }
}
