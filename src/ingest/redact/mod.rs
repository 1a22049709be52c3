//! Secret redaction, before anything is mined, stored, shown or sent.
//!
//! A line is first screened for cheap anchor strings (`AKIA`, `ghp_`,
//! `sword`, …; SIMD searches over the line and a lowercased copy, see
//! `anchors.rs`); only rules whose anchors appear run their regex, so a clean
//! line costs the screen alone. `key=value` secrets only wake when an
//! assignment follows the key. Each secret becomes `[REDACTED:<kind>]`,
//! counted by kind. At the LLM boundary `redact_stable` numbers them
//! (`[REDACTED:jwt#2]`): the same secret gets the same number within an
//! incident, and only its hash is remembered.

mod anchors;
mod random;
mod rules;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use anchors::MAX_ANCHORS_PER_SEARCH;
use anchors::{Anchor, Anchors};
use random::looks_random;
use rules::{harmless_key, harmless_value, Rule, RULES, SECRET_KV};

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

/// How often a redacted text is redacted again before it counts as settled;
/// the fuzzer's worst case so far needed one.
const MAX_EXTRA_PASSES: usize = 3;

thread_local! {
    /// The lowercased copy of the text being screened (reused: no allocation per line).
    static LOWERED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// SECRET_KV comes after RULES.
const SECRET_KV_INDEX: usize = RULES.len();

struct Compiled {
    /// Searches in the text as it is: anchors as written. Anchors of four
    /// bytes or more and shorter ones (`SK`, `A3T`) are in separate sets, so
    /// the short ones do not cut the long ones' fingerprint to two or three
    /// bytes; a set holds at most `MAX_ANCHORS_PER_SEARCH`.
    exact: Vec<Anchors>,
    /// Searches in the lowercased text, split the same way.
    folded: Vec<Anchors>,
    regexes: Vec<Regex>,
}

impl Compiled {
    /// Calls `hit(rules, start)` for each anchor in `text` that can wake
    /// `rules`: the whole screen a clean line pays for.
    fn screen(&self, text: &str, mut hit: impl FnMut(&[usize], usize)) {
        let bytes = text.as_bytes();
        for set in &self.exact {
            set.scan(bytes, &mut |anchor, start| hit(&set.rules[anchor], start));
        }
        LOWERED.with_borrow_mut(|lowered| {
            lowered.clear();
            lowered.extend_from_slice(bytes);
            lowered.make_ascii_lowercase();
            for set in &self.folded {
                set.scan(lowered, &mut |anchor, start| hit(&set.rules[anchor], start));
            }
        });
    }
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

/// Whether `anchor` is searched in the lowercased text: the anchors of
/// `(?i)` rules. So are the short lowercase anchors of case-sensitive rules
/// (`sk-`, `xox`, `://`): finding them in any case is a superset, fine for a
/// gate, and it spares the short exact set (`SK`, `AC`) a two-byte fingerprint
/// shared with common lowercase pairs such as `sk` or `sh`. Longer anchors of
/// case-sensitive rules are searched exactly, where fewer false candidates pass.
fn searched_lowercased(rule: &Rule, anchor: &str) -> bool {
    rule.pattern.starts_with("(?i)")
        || (anchor.len() < FULL_FINGERPRINT && !anchor.bytes().any(|b| b.is_ascii_uppercase()))
}

/// Anchors shorter than this go to a set of their own (see `Compiled`).
const FULL_FINGERPRINT: usize = 4;

fn compile() -> Arc<Compiled> {
    // exact, exact short, folded, folded short
    let mut sets: [Vec<Anchor>; 4] = Default::default();
    let mut regexes = Vec::new();
    for (index, rule) in all_rules().enumerate() {
        for anchor in rule.anchors {
            let lowered = searched_lowercased(rule, anchor);
            let short = anchor.len() < FULL_FINGERPRINT;
            let searched = if lowered {
                anchor.to_ascii_lowercase()
            } else {
                anchor.to_string()
            };
            let set = &mut sets[2 * usize::from(lowered) + usize::from(short)];
            match set.iter_mut().find(|(a, _)| *a == searched) {
                Some((_, rules)) => rules.push(index),
                None => set.push((searched, vec![index])),
            }
        }
        // The patterns are constants tested below; a bad one is a build-time bug.
        regexes
            .push(Regex::new(rule.pattern).unwrap_or_else(|e| panic!("rule {}: {e}", rule.kind)));
    }
    let [exact, exact_short, folded, folded_short] = sets;
    Arc::new(Compiled {
        exact: [exact, exact_short]
            .into_iter()
            .flat_map(split_sets)
            .collect(),
        folded: [folded, folded_short]
            .into_iter()
            .flat_map(split_sets)
            .collect(),
        regexes,
    })
}

/// Builds `anchors` into as few searches as keep each within
/// `MAX_ANCHORS_PER_SEARCH`, of about equal size. Anchors are split in
/// sorted order, so those sharing a prefix (`gl…`, `sntry…`) stay together.
fn split_sets(mut anchors: Vec<Anchor>) -> Vec<Anchors> {
    if anchors.is_empty() {
        return Vec::new();
    }
    anchors.sort();
    let sets = anchors.len().div_ceil(MAX_ANCHORS_PER_SEARCH);
    let size = anchors.len().div_ceil(sets);
    let mut built = Vec::with_capacity(sets);
    while !anchors.is_empty() {
        let rest = anchors.split_off(size.min(anchors.len()));
        built.push(Anchors::build(std::mem::replace(&mut anchors, rest)));
    }
    built
}

impl Redactor {
    /// Every secret in `text`, non-overlapping, in order.
    pub fn find(&self, text: &str) -> Vec<Finding> {
        let compiled = &self.compiled;
        // Most lines hold no anchor at all: a few fast scans rule them out.
        let mut wanted = [false; SECRET_KV_INDEX + 1];
        let mut any = false;
        compiled.screen(text, |rules, _| {
            for &rule in rules {
                wanted[rule] = true;
            }
            any = true;
        });
        if !any {
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
                    // Without `:` or `=` only a random-looking value counts.
                    let bare = captures
                        .get(2)
                        .is_some_and(|m| !m.as_str().contains([':', '=']));
                    if bare && !looks_random(secret.as_str()) {
                        continue;
                    }
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

    /// Indices, ascending, of the texts that may hold a secret — those in
    /// which an anchor that could wake a rule occurs — found with one screen
    /// over them all. A text not listed is one `redact` returns as it is; a
    /// listed one still goes through `redact`, which decides. One screen per
    /// batch instead of one per line: a search's fixed cost, paid per line,
    /// was most of what a clean line cost.
    pub fn flag<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t str>,
        scratch: &mut BatchScreen,
    ) -> Vec<usize> {
        scratch.joined.clear();
        scratch.ends.clear();
        for text in texts {
            scratch.joined.push_str(text);
            scratch.ends.push(scratch.joined.len());
            scratch.joined.push('\n');
        }
        self.flag_joined(&scratch.joined, &scratch.ends, &mut scratch.positions)
    }

    /// `flag` for texts already joined: text `i` ends at `ends[i]` and is
    /// followed by one `\n` (a byte no anchor holds, so none spans two texts;
    /// an assignment check that reads past the end can only flag more).
    pub fn flag_joined(
        &self,
        joined: &str,
        ends: &[usize],
        positions: &mut Vec<usize>,
    ) -> Vec<usize> {
        positions.clear();
        self.compiled
            .screen(joined, |_, start| positions.push(start));
        let mut flagged: Vec<usize> = positions
            .iter()
            .map(|&at| ends.partition_point(|&end| end < at))
            .filter(|&text| text < ends.len())
            .collect();
        flagged.sort_unstable();
        flagged.dedup();
        flagged
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

/// Scratch space for `Redactor::flag`, kept between batches so a batch costs
/// no allocation.
#[derive(Debug, Default)]
pub struct BatchScreen {
    joined: String,
    ends: Vec<usize>,
    positions: Vec<usize>,
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
