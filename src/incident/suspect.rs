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
    /// What it changed, for the first few suspects: the changed lines of its
    /// redacted diff under their files' names, bounded (`diff_excerpt`). A
    /// model can only judge whether a change can cause what the logs show
    /// (does the failing path read the setting it moved?) from what it did,
    /// not from its subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff_excerpt: Option<String>,
}

fn explains_by_default() -> bool {
    true
}

/// Changed lines an excerpt keeps at most, and characters of each.
const EXCERPT_LINES: usize = 16;
const EXCERPT_LINE_CHARS: usize = 120;

/// The changed lines of a unified diff under the names of their files:
/// `--- a/x` / `+++ b/x` headers become `x:`, hunks keep only their `+` and
/// `-` lines, each cut to `EXCERPT_LINE_CHARS`, at most `EXCERPT_LINES` of
/// them (then `… N more changed lines`). None when nothing changed.
pub fn diff_excerpt(diff: &str) -> Option<String> {
    let mut out = String::new();
    let mut kept = 0usize;
    let mut more = 0usize;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            if kept < EXCERPT_LINES {
                let path = path.strip_prefix("b/").unwrap_or(path);
                if path != "/dev/null" {
                    out.push_str(path);
                    out.push_str(":\n");
                }
            }
            continue;
        }
        if line.starts_with("--- ") || line.starts_with("diff ") || line.starts_with("index ") {
            continue;
        }
        if !(line.starts_with('+') || line.starts_with('-')) || line.trim().len() <= 1 {
            continue;
        }
        if kept == EXCERPT_LINES {
            more += 1;
            continue;
        }
        let cut: String = line.chars().take(EXCERPT_LINE_CHARS).collect();
        out.push_str(&cut);
        if cut.len() < line.len() {
            out.push('…');
        }
        out.push('\n');
        kept += 1;
    }
    if kept == 0 {
        return None;
    }
    if more > 0 {
        out.push_str(&format!("… {more} more changed line(s)\n"));
    }
    Some(out)
}

impl SuspectChange {
    /// The id a commit is cited by: `C` and the first 7 hex digits of its sha.
    pub fn id_for(sha: &str) -> String {
        let short: String = sha.chars().take(7).collect();
        format!("C{}", short.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_keeps_the_changed_lines_under_their_files() {
        let diff = "diff --git a/config/production.yaml b/config/production.yaml\nindex 02eb797..f476ebb 100644\n--- a/config/production.yaml\n+++ b/config/production.yaml\n@@ -4,7 +4,7 @@ database:\n   max_idle_conns: 10\n-  conn_max_idle_time: 10m\n+  conn_max_idle_time: 2m\n ledger:\n";
        assert_eq!(
            diff_excerpt(diff).as_deref(),
            Some(
                "config/production.yaml:\n-  conn_max_idle_time: 10m\n+  conn_max_idle_time: 2m\n"
            )
        );
        assert_eq!(diff_excerpt(""), None);
        assert_eq!(
            diff_excerpt("--- a/x\n+++ b/x\n@@ -1 +1 @@\n context\n"),
            None
        );
        // Long diffs are bounded, and say how much was left out.
        let long: String = (0..40)
            .map(|i| format!("+line {i} {}\n", "x".repeat(300)))
            .collect();
        let excerpt = diff_excerpt(&format!("+++ b/big.rs\n{long}")).unwrap();
        assert_eq!(excerpt.lines().count(), 1 + EXCERPT_LINES + 1, "{excerpt}");
        assert!(excerpt.ends_with("… 24 more changed line(s)\n"));
        assert!(excerpt
            .lines()
            .all(|l| l.chars().count() <= EXCERPT_LINE_CHARS + 1));
    }
}
