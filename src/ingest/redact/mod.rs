//! Secret redaction, before anything is mined, stored, shown or sent.
//!
//! A line is first checked for cheap anchor strings (two passes: a SIMD search
//! for the exact anchors of case-sensitive formats such as `AKIA`, `ghp_`, and
//! the same search over a lowercased copy of the line for the case-insensitive
//! ones such as `password`);
//! only rules whose anchors appear run their regex, so a clean line costs two
//! scans. `key=value` secrets only wake when an assignment follows the key. Each secret becomes `[REDACTED:<kind>]`, counted by kind. At the LLM
//! boundary `redact_stable` numbers them (`[REDACTED:jwt#2]`): the same secret
//! gets the same number within an incident, and only its hash is remembered.

mod rules;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use rules::{
    assignment_follows, harmless_key, harmless_value, Rule, KEY_ENDINGS, RULES, SECRET_KV,
};

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

/// One secret found in a text: its kind and byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: String,
    pub start: usize,
    pub end: usize,
}

/// Anchors of one matching mode and the rules each wakes.
struct Anchors {
    /// Fallback when the SIMD searcher is unavailable.
    finder: Option<AhoCorasick>,
    /// SIMD gate (Teddy), when the CPU and the set allow it. For the
    /// case-insensitive set it holds the lowercased anchors and runs on a
    /// lowercased copy of the line: copying is one vectorised pass, far
    /// cheaper than a case-folding DFA stepping through every byte.
    packed: Option<aho_corasick::packed::Searcher>,
    case_insensitive: bool,
    /// anchor index → rule indices (RULES, then SECRET_KV last).
    rules: Vec<Vec<usize>>,
    /// anchor index → whether it ends a key name and needs an assignment after it.
    key_ending: Vec<bool>,
}

impl Anchors {
    fn build(anchors: &[(&str, Vec<usize>)], case_insensitive: bool) -> Anchors {
        // Longest first: the SIMD search reports the leftmost match and, of
        // anchors starting there, the one listed first (`credentials` before
        // `credential`; no anchor holds another except as a prefix — tested).
        let mut anchors = anchors.to_vec();
        anchors.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
        let packed = aho_corasick::packed::Config::new()
            .builder()
            .extend(anchors.iter().map(|(a, _)| {
                if case_insensitive {
                    a.to_ascii_lowercase()
                } else {
                    a.to_string()
                }
            }))
            .build();
        // Without SIMD (an old CPU), a DFA: one table step per byte.
        let finder = packed.is_none().then(|| {
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(case_insensitive)
                .build(anchors.iter().map(|(a, _)| a))
                .unwrap_or_else(|e| panic!("redaction anchors: {e}"))
        });
        Anchors {
            finder,
            packed,
            case_insensitive,
            rules: anchors.iter().map(|(_, r)| r.clone()).collect(),
            key_ending: anchors
                .iter()
                .map(|(a, _)| KEY_ENDINGS.contains(a))
                .collect(),
        }
    }

    /// Marks in `wanted` the rules whose anchors occur in `text`; whether any did.
    fn mark(&self, text: &str, wanted: &mut [bool]) -> bool {
        let mut any = false;
        self.scan(text, |anchor, _| {
            for &rule in &self.rules[anchor] {
                wanted[rule] = true;
                any = true;
            }
        });
        any
    }

    /// Calls `hit(anchor, start)` for each anchor occurrence in `text` that can
    /// wake its rules (a key ending only with an assignment after it). One
    /// pass: most lines hold no anchor, and this search is all they cost.
    fn scan(&self, text: &str, mut hit: impl FnMut(usize, usize)) {
        let mut found = |anchor: usize, start: usize, end: usize| {
            if !self.key_ending[anchor] || assignment_follows(&text[end..]) {
                hit(anchor, start);
            }
        };
        match (&self.packed, &self.finder) {
            (Some(packed), _) if self.case_insensitive => {
                // Most lines fit a stack buffer; longer ones use a reused heap one.
                let mut stack = [0u8; 512];
                if let Some(lowered) = stack.get_mut(..text.len()) {
                    lowered.copy_from_slice(text.as_bytes());
                    lowered.make_ascii_lowercase();
                    every_start(packed, lowered, &mut found);
                } else {
                    LOWERED.with_borrow_mut(|lowered| {
                        lowered.clear();
                        lowered.extend_from_slice(text.as_bytes());
                        lowered.make_ascii_lowercase();
                        every_start(packed, lowered, &mut found);
                    });
                }
            }
            (Some(packed), _) => every_start(packed, text.as_bytes(), &mut found),
            (None, Some(finder)) => {
                for hit in finder.find_overlapping_iter(text) {
                    found(hit.pattern().as_usize(), hit.start(), hit.end());
                }
            }
            (None, None) => {}
        }
    }
}

/// How often a redacted text is redacted again before it counts as settled;
/// the fuzzer's worst case so far needed one.
const MAX_EXTRA_PASSES: usize = 3;

thread_local! {
    /// The lowercased copy of the line being checked (reused: no allocation per line).
    static LOWERED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reports `(anchor, start, end)` for an anchor starting at every position
/// where one does (the longest there): the next search starts one byte after
/// the last hit's start, so overlapping anchors (`shp` + `pwd` in `shpwd=`)
/// are all seen.
fn every_start(
    packed: &aho_corasick::packed::Searcher,
    haystack: &[u8],
    found: &mut impl FnMut(usize, usize, usize),
) {
    let mut at = 0;
    while at < haystack.len() {
        let span = aho_corasick::Span::from(at..haystack.len());
        let Some(hit) = packed.find_in(haystack, span) else {
            return;
        };
        found(hit.pattern().as_usize(), hit.start(), hit.end());
        at = hit.start() + 1;
    }
}

/// SECRET_KV comes after RULES.
const SECRET_KV_INDEX: usize = RULES.len();

struct Compiled {
    folded: Anchors,
    exact: Anchors,
    /// Anchors under three bytes, each searched on its own → its rule.
    short: Vec<(memchr::memmem::Finder<'static>, usize)>,
    regexes: Vec<Regex>,
}

/// The redactor: compiled once, cheap to clone and share.
#[derive(Clone)]
pub struct Redactor {
    compiled: Arc<Compiled>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor")
            .field("rules", &(RULES.len() + 1))
            .finish()
    }
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

fn all_rules() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().chain(std::iter::once(&SECRET_KV))
}

impl Redactor {
    /// The rules are constants, so one compiled set serves the whole process:
    /// a new Engine (every fuzz input, every test) costs a pointer copy, not a
    /// rebuild of the DFAs and regexes.
    pub fn new() -> Self {
        static COMPILED: std::sync::OnceLock<Arc<Compiled>> = std::sync::OnceLock::new();
        Redactor {
            compiled: COMPILED.get_or_init(compile).clone(),
        }
    }
}

/// Which of the two SIMD searches looks for `anchor`. Anchors of `(?i)` rules
/// are searched in the lowercased line. So are the short lowercase anchors of
/// case-sensitive rules (`ghp_`, `sk-`, `://`): finding them in any case is a
/// superset, fine for a gate, and it keeps each search at 32 anchors or fewer,
/// the size up to which the searcher runs its fast variant.
fn searched_lowercased(rule: &Rule, anchor: &str) -> bool {
    rule.pattern.starts_with("(?i)")
        || (anchor.len() < 5 && !anchor.bytes().any(|b| b.is_ascii_uppercase()))
}

/// Anchors per SIMD search at most (see `searched_lowercased`).
const MAX_ANCHORS_PER_SEARCH: usize = 32;

fn compile() -> Arc<Compiled> {
    let mut folded: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut exact: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut short = Vec::new();
    let mut regexes = Vec::new();
    for (index, rule) in all_rules().enumerate() {
        for anchor in rule.anchors {
            // A two-byte anchor (Twilio's `SK`, `AC`) would cut the fingerprint
            // of a whole SIMD set to two bytes and flood it with candidates;
            // it gets a search of its own instead.
            if anchor.len() < 3 {
                short.push((
                    memchr::memmem::Finder::new(anchor.as_bytes()).into_owned(),
                    index,
                ));
                continue;
            }
            let list = if searched_lowercased(rule, anchor) {
                &mut folded
            } else {
                &mut exact
            };
            match list.iter_mut().find(|(a, _)| a == anchor) {
                Some((_, rules)) => rules.push(index),
                None => list.push((anchor, vec![index])),
            }
        }
        // The patterns are constants tested below; a bad one is a build-time bug.
        regexes
            .push(Regex::new(rule.pattern).unwrap_or_else(|e| panic!("rule {}: {e}", rule.kind)));
    }
    debug_assert!(folded.len() <= MAX_ANCHORS_PER_SEARCH && exact.len() <= MAX_ANCHORS_PER_SEARCH);
    Arc::new(Compiled {
        folded: Anchors::build(&folded, true),
        exact: Anchors::build(&exact, false),
        short,
        regexes,
    })
}

impl Redactor {
    /// Every secret in `text`, non-overlapping, in order.
    pub fn find(&self, text: &str) -> Vec<Finding> {
        let compiled = &self.compiled;
        // Most lines hold no anchor at all: a few fast scans rule them out.
        let mut wanted = [false; SECRET_KV_INDEX + 1];
        let folded = compiled.folded.mark(text, &mut wanted);
        let exact = compiled.exact.mark(text, &mut wanted);
        let mut short = false;
        for (finder, rule) in &compiled.short {
            if finder.find(text.as_bytes()).is_some() {
                wanted[*rule] = true;
                short = true;
            }
        }
        if !folded && !exact && !short {
            return Vec::new();
        }
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for (index, rule) in all_rules().enumerate().filter(|(i, _)| wanted[*i]) {
            for captures in compiled.regexes[index].captures_iter(text) {
                let Some(secret) = captures.get(rule.group) else {
                    continue;
                };
                if std::ptr::eq(rule, &SECRET_KV) {
                    let key = captures.get(1).map(|m| m.as_str()).unwrap_or("");
                    // `token=Token{…}`: an object being printed, not a value.
                    let object_follows = text[secret.end()..].starts_with(['{', '(']);
                    if harmless_key(key) || harmless_value(secret.as_str()) || object_follows {
                        continue;
                    }
                } else if rule.group > 0 && harmless_value(secret.as_str()) {
                    continue;
                }
                // Text already redacted stays as it is: a placeholder is not a
                // secret (`https://[REDACTED:x]@host` is no password URL), and
                // no secret starts or ends in the middle of one.
                if touches_placeholder(text, secret.start(), secret.end()) {
                    continue;
                }
                candidates.push((secret.start(), secret.end(), index));
            }
        }
        // Overlapping matches become one span (the union), named by the rule
        // listed first: dropping the later one could leave part of a secret
        // visible — `KEY=<token>=<other token>` (found by the redact fuzzer).
        candidates.sort_unstable();
        let mut findings: Vec<(usize, usize, usize)> = Vec::new();
        for (start, end, index) in candidates {
            match findings.last_mut() {
                Some(last) if start < last.1 => {
                    last.1 = last.1.max(end);
                    last.2 = last.2.min(index);
                }
                _ => findings.push((start, end, index)),
            }
        }
        let kinds: Vec<&str> = all_rules().map(|r| r.kind).collect();
        findings
            .into_iter()
            .map(|(start, end, index)| Finding {
                kind: kinds[index].to_string(),
                start,
                end,
            })
            .collect()
    }

    /// Byte positions in `text` where an anchor that could wake a rule starts,
    /// in no particular order: a screen for many lines at once. A line of
    /// `text` that holds none of them has nothing to redact (`redact` returns
    /// it as it is); one that holds some still goes through `redact`.
    pub fn anchor_positions(&self, text: &str, positions: &mut Vec<usize>) {
        let compiled = &self.compiled;
        compiled.folded.scan(text, |_, start| positions.push(start));
        compiled.exact.scan(text, |_, start| positions.push(start));
        for (finder, _) in &compiled.short {
            positions.extend(finder.find_iter(text.as_bytes()));
        }
    }

    /// Returns the text with every secret replaced by `[REDACTED:<kind>]`,
    /// adding what it replaced to `counts`. Borrows when nothing matched.
    ///
    /// Redacting is idempotent: replacing a secret joins the text on either
    /// side, which can form a new match (a webhook's path removed leaves
    /// `https://[REDACTED:x]…@`), so the result is redacted again until
    /// nothing more matches — a line with secrets is rare, so the extra pass is cheap.
    pub fn redact<'a>(&self, text: &'a str, counts: &mut RedactionCounts) -> Cow<'a, str> {
        let mut current = Cow::Borrowed(text);
        for _ in 0..=MAX_EXTRA_PASSES {
            let findings = self.find(&current);
            if findings.is_empty() {
                break;
            }
            current = Cow::Owned(replace(&current, &findings, |f| {
                counts.add(&f.kind, 1);
                format!("[REDACTED:{}]", f.kind)
            }));
        }
        current
    }

    /// Like `redact`, with numbered placeholders stable within `placeholders`.
    pub fn redact_stable(
        &self,
        text: &str,
        placeholders: &mut Placeholders,
        counts: &mut RedactionCounts,
    ) -> String {
        let mut current = text.to_string();
        for _ in 0..=MAX_EXTRA_PASSES {
            let findings = self.find(&current);
            if findings.is_empty() {
                break;
            }
            current = replace(&current, &findings, |f| {
                counts.add(&f.kind, 1);
                let number = placeholders.number(&f.kind, &current[f.start..f.end]);
                format!("[REDACTED:{}#{number}]", f.kind)
            });
        }
        current
    }
}

/// Whether `start..end` lies within a `[REDACTED:…]` placeholder of `text`,
/// or starts or ends strictly inside one (a pattern that reads the
/// placeholder's own `:` or `]` as part of a secret).
fn touches_placeholder(text: &str, start: usize, end: usize) -> bool {
    text.match_indices("[REDACTED:").any(|(open, _)| {
        text[open..].find(']').is_some_and(|close| {
            let close = open + close + 1;
            let within = open <= start && end <= close;
            let cuts_in = (open < start && start < close) || (open < end && end < close);
            within || cuts_in
        })
    })
}

fn replace(
    text: &str,
    findings: &[Finding],
    mut placeholder: impl FnMut(&Finding) -> String,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for finding in findings {
        out.push_str(&text[at..finding.start]);
        out.push_str(&placeholder(finding));
        at = finding.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Numbers secrets per kind; remembers only a sha256 of each secret.
#[derive(Debug, Default, Clone)]
pub struct Placeholders {
    numbers: BTreeMap<(String, [u8; 32]), u32>,
    next: BTreeMap<String, u32>,
}

impl Placeholders {
    fn number(&mut self, kind: &str, secret: &str) -> u32 {
        let digest: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
        if let Some(n) = self.numbers.get(&(kind.to_string(), digest)) {
            return *n;
        }
        let next = self.next.entry(kind.to_string()).or_insert(0);
        *next += 1;
        self.numbers.insert((kind.to_string(), digest), *next);
        *next
    }
}

#[cfg(test)]
mod tests;
