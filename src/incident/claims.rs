//! What counts as a claim in a draft or answer, so the verifier can ask that
//! each one cites evidence. A draft is read as markdown units: a paragraph, a
//! list item (with its continuation lines) or a table row; fenced code blocks
//! are skipped (a diff is not prose).
//!
//! A unit states a claim when it has, outside inline code and citations:
//! - a cause: a causal connective ("because", "due to", "caused", "led to",
//!   "resulted in", "triggered", "therefore", "root cause" …);
//! - a time: a clock time (`03:04`, `03:04:30`) or a calendar date (`2024-11-01`);
//! - a number with a unit: `40 %`, `1,656 errors`, `30 s`, `×12`, `512 MB`.
//!
//! It is not a claim when it is a heading, a question, lookout's own note
//! (`> [partial …]`), or hedged the way the prompts ask the model to hedge: it
//! says "unknown", is labelled a hypothesis, or is marked unconfirmed / "to be
//! confirmed". Modal verbs ("could", "may") are not hedges: "could not
//! connect" is a statement of fact.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Why a unit counts as a claim (the first rule that matched).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    Cause,
    Time,
    Number,
}

/// One markdown unit and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub line: usize,
    pub text: String,
}

fn patterns() -> &'static [(ClaimKind, Regex); 3] {
    static PATTERNS: OnceLock<[(ClaimKind, Regex); 3]> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let build = |pattern: &str| Regex::new(pattern).expect("claim pattern is valid");
        [
            (
                ClaimKind::Cause,
                build(
                    r"(?i)\b(because|due to|caus(e|es|ed|ing)|led to|lead(s|ing)? to|result(ed|s|ing)? in|as a result|result of|trigger(ed|s|ing)?|therefore|hence|owing to|attributed to|responsible for|explain(s|ed)?)\b",
                ),
            ),
            (
                ClaimKind::Time,
                build(r"(^|\D)\d{1,2}:\d{2}(\D|$)|\b\d{4}-\d{2}-\d{2}"),
            ),
            (
                ClaimKind::Number,
                build(
                    r"(?i)\d\s?%|×\s?\d|\bx\d|\b\d[\d,]*\s?×|\b\d[\d,]*(\.\d+)?\s?(percent|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|req/s|rps|qps|kb|mb|gb|tb|kib|mib|gib|bytes?|errors?|lines?|requests?|calls?|retries|attempts?|times|connections?|conns|pods?|instances?|nodes?|users?|customers?|orders?|failures?|timeouts?|exceptions?)\b",
                ),
            ),
        ]
    })
}

fn hedge() -> &'static Regex {
    static HEDGE: OnceLock<Regex> = OnceLock::new();
    HEDGE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(unknown|hypothes[ie]s|unconfirmed|not confirmed|to be confirmed|unverified)\b",
        )
        .expect("hedge pattern is valid")
    })
}

fn inline_code_and_citations() -> &'static Regex {
    static STRIP: OnceLock<Regex> = OnceLock::new();
    STRIP.get_or_init(|| Regex::new(r"`[^`]*`|\[[^\[\]]*\]").expect("strip pattern is valid"))
}

/// Splits markdown into units, skipping fenced code blocks.
pub fn units(text: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut open = false;
    let mut fenced = false;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
            open = false;
            continue;
        }
        if fenced || line.is_empty() {
            open = false;
            continue;
        }
        let standalone = line.starts_with('#') || line.starts_with('|') || line.starts_with('>');
        if standalone || is_list_item(line) || !open {
            out.push(Unit {
                line: index + 1,
                text: line.to_string(),
            });
            open = !standalone;
        } else if let Some(last) = out.last_mut() {
            last.text.push(' ');
            last.text.push_str(line);
        }
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let bullet = ["- ", "* ", "+ "].iter().any(|b| line.starts_with(b));
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    bullet || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// Whether `unit` states a cause, time or number that should cite evidence.
pub fn claim_kind(unit: &str) -> Option<ClaimKind> {
    let text = unit.trim();
    if text.starts_with('#') || text.starts_with("> [") || text.ends_with('?') {
        return None;
    }
    let prose = inline_code_and_citations().replace_all(text, " ");
    if hedge().is_match(&prose) {
        return None;
    }
    let prose = strip_list_marker(&prose);
    patterns()
        .iter()
        .find(|(_, pattern)| pattern.is_match(prose))
        .map(|(kind, _)| *kind)
}

/// `3. Check …` → `Check …`: a list number is not a quantity.
fn strip_list_marker(text: &str) -> &str {
    let text = text.trim_start();
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (text[digits..].starts_with(". ") || text[digits..].starts_with(") ")) {
        &text[digits + 2..]
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_times_and_numbers_with_units_are_claims() {
        let cases = [
            (
                "The pool ran dry because max_size was lowered.",
                ClaimKind::Cause,
            ),
            (
                "- Checkout failed due to the config change",
                ClaimKind::Cause,
            ),
            (
                "The retry storm was triggered by the deploy",
                ClaimKind::Cause,
            ),
            ("**Likely cause:** the deploy of v7.4.9", ClaimKind::Cause),
            ("Errors started at 03:04:30 UTC", ClaimKind::Time),
            ("- First seen 2024-11-01T03:04:30Z", ClaimKind::Time),
            ("The 5xx rate rose to 40.1 %", ClaimKind::Number),
            ("- 1,656 errors after the onset", ClaimKind::Number),
            ("p99 latency reached 5126 ms", ClaimKind::Number),
            ("the template repeated ×12", ClaimKind::Number),
            ("the template repeated x12", ClaimKind::Number),
            ("| db connections | 5 conns |", ClaimKind::Number),
        ];
        for (text, kind) in cases {
            assert_eq!(claim_kind(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn headings_questions_hedges_notes_and_plain_text_are_not_claims() {
        let cases = [
            "# Incident summary — 2024-11-01 at 03:04",
            "## Root cause",
            "Was the pool resized at 03:02?",
            "Root cause: unknown — the evidence does not say.",
            "**Hypothesis:** the deploy caused the pool exhaustion.",
            "- The cause is unconfirmed; 40 % of requests fail",
            "> [partial — the LLM call failed: timed out after 60 s]",
            "Check the dashboards and compare with the baseline.",
            "- verify: `kubectl logs --since=10m deployment/checkout`",
            "3. Decide: roll back or fix forward.",
            "Version v7.4.9 is running.",
            "Raise max 3 notches, see the box 2 notes.",
            "The connection could not be opened.",
            "See [S3] and [T0bb2].",
        ];
        for text in cases {
            assert_eq!(claim_kind(text), None, "{text}");
        }
    }

    #[test]
    fn units_are_paragraphs_items_and_rows_outside_code_fences() {
        let text = "# Title\nfirst line\ncontinued here\n\n- item one\n  wrapped\n- item two\n1. step\n```diff\n-a 10 ms\n```\n| a | b |\n> note\n";
        let units = units(text);
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "# Title",
                "first line continued here",
                "- item one wrapped",
                "- item two",
                "1. step",
                "| a | b |",
                "> note"
            ]
        );
        assert_eq!(units[1].line, 2);
        assert_eq!(units[2].line, 5);
    }
}
