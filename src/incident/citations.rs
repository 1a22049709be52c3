//! The citation verifier: a deterministic check of a draft or answer against
//! the evidence pack that was sent. Every cited id must resolve in the pack;
//! every unit that states a claim (claims.rs) should cite an id that does.
//!
//! A citation is a bracketed group whose first entry has the shape of a pack
//! id: `S`, `M`, `T` or `C` followed by lowercase hex digits (`[S4]`,
//! `[T1a2b]`, `[M2]`, `[C1a2b3c]`), possibly a list (`[S1, T2]`, `[S1; M1]`).
//! Redaction placeholders (`[REDACTED:…]`), checkboxes and link texts do not
//! have that shape. Text inside fenced code blocks is not read.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::claims::{self, ClaimKind};

/// Characters of a claim quoted in the report.
const QUOTE_CHARS: usize = 120;

/// A unit that states a claim without citing an id that resolves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UncitedClaim {
    /// 1-based line of the answer the unit starts on.
    pub line: usize,
    pub kind: ClaimKind,
    pub text: String,
}

/// What the verifier found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitationReport {
    /// Citations that resolve in the pack (each occurrence counts).
    pub ok: usize,
    /// Cited ids that are not in the pack, each once, in order of appearance.
    pub unknown: Vec<String>,
    /// How many claims cite nothing that resolves.
    pub uncited: usize,
    /// Those claims, with their line.
    pub uncited_claims: Vec<UncitedClaim>,
}

impl CitationReport {
    /// No unknown id and no uncited claim.
    pub fn is_clean(&self) -> bool {
        self.unknown.is_empty() && self.uncited == 0
    }
}

impl fmt::Display for CitationReport {
    /// `citations: 12 ok, 1 unknown [S99], 2 uncited claims`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "citations: {} ok, {} unknown",
            self.ok,
            self.unknown.len()
        )?;
        if !self.unknown.is_empty() {
            write!(f, " [{}]", self.unknown.join(", "))?;
        }
        let plural = if self.uncited == 1 { "" } else { "s" };
        write!(f, ", {} uncited claim{plural}", self.uncited)
    }
}

fn bracket() -> &'static Regex {
    static BRACKET: OnceLock<Regex> = OnceLock::new();
    BRACKET.get_or_init(|| Regex::new(r"\[([^\[\]\n]{1,200})\]").expect("bracket pattern is valid"))
}

/// `S4`, `T1a2b`, `M2`, `C1a2b3c`: a kind letter, then lowercase hex digits.
fn is_id_shaped(token: &str) -> bool {
    let mut chars = token.chars();
    matches!(chars.next(), Some('S' | 'M' | 'T' | 'C'))
        && token.len() > 1
        && token.len() <= 41
        && chars.all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// The ids cited in `line`, in order (repeats included).
pub fn cited_ids(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for group in bracket().captures_iter(line) {
        let tokens: Vec<&str> = group[1]
            .split([',', ';', ' '])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.first().is_some_and(|t| is_id_shaped(t)) {
            out.extend(
                tokens
                    .into_iter()
                    .filter(|t| is_id_shaped(t))
                    .map(String::from),
            );
        }
    }
    out
}

/// Checks `answer` against the ids of the pack that was sent.
pub fn verify(answer: &str, known: &BTreeSet<String>) -> CitationReport {
    let mut report = CitationReport::default();
    for unit in claims::units(answer) {
        let mut resolves = false;
        for id in cited_ids(&unit.text) {
            if known.contains(&id) {
                report.ok += 1;
                resolves = true;
            } else if !report.unknown.contains(&id) {
                report.unknown.push(id);
            }
        }
        if resolves {
            continue;
        }
        if let Some(kind) = claims::claim_kind(&unit.text) {
            report.uncited += 1;
            report.uncited_claims.push(UncitedClaim {
                line: unit.line,
                kind,
                text: unit.text.chars().take(QUOTE_CHARS).collect(),
            });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ids_lists_and_non_citations_are_told_apart() {
        assert_eq!(cited_ids("see [S4] and [T1a2b]"), ["S4", "T1a2b"]);
        assert_eq!(
            cited_ids("[S1, T2] [M2; C1a2b3c]"),
            ["S1", "T2", "M2", "C1a2b3c"]
        );
        assert_eq!(cited_ids("[S1][S1]"), ["S1", "S1"]);
        for not_cited in [
            "[REDACTED:aws_access_key#1]",
            "- [ ] owner",
            "- [x] done",
            "[partial — the LLM call failed]",
            "[Critical] alert",
            "[link](https://example.com)",
            "[s4] lowercase",
            "[T1A2B] uppercase hex",
        ] {
            assert!(cited_ids(not_cited).is_empty(), "{not_cited}");
        }
    }

    #[test]
    fn unknown_ids_and_uncited_claims_are_reported() {
        let answer = "# Summary\n\nThe pool ran dry at 03:04:30 [S3].\n\n- 40 % of checkouts fail [M1, S99]\n- The deploy caused it.\n- Errors rose to 1,656 lines [T9999].\n- Hypothesis: the deploy caused it.\n- Next step: check the pool size.\n\n```diff\n-max 10 [S77]\n```\n";
        let report = verify(answer, &known(&["S3", "M1", "T0bb2"]));
        assert_eq!(report.ok, 2);
        assert_eq!(report.unknown, ["S99", "T9999"]);
        assert_eq!(report.uncited, 2);
        assert_eq!(
            report
                .uncited_claims
                .iter()
                .map(|c| c.line)
                .collect::<Vec<_>>(),
            [6, 7]
        );
        assert_eq!(report.uncited_claims[0].kind, ClaimKind::Cause);
        assert_eq!(report.uncited_claims[1].kind, ClaimKind::Number);
        assert_eq!(
            report.to_string(),
            "citations: 2 ok, 2 unknown [S99, T9999], 2 uncited claims"
        );
        assert!(!report.is_clean());
    }

    #[test]
    fn a_clean_answer_and_the_json_shape() {
        let report = verify("Errors from 03:04 [S3].\n\nWhat next?\n", &known(&["S3"]));
        assert!(report.is_clean());
        assert_eq!(
            report.to_string(),
            "citations: 1 ok, 0 unknown, 0 uncited claims"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["ok"], 1);
        assert_eq!(json["unknown"], serde_json::json!([]));
        assert_eq!(json["uncited"], 0);
        let back: CitationReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, report);
    }
}
