//! Streaming template mining, Drain-style: lines are tokenized, variable-looking
//! tokens masked, and each line joins the most similar template of the same
//! length and first token (or starts a new one); differing positions become `<*>`.
//!
//! Built-in masks only — no per-dataset regexes or thresholds: a token holding a
//! digit is a variable (numbers, hex, IPs, UUIDs, sizes, durations, timestamps,
//! block ids); `key=value` / `key:value` keep their key. A fast path remembers the
//! exact masked shape of every line seen, so a repeated shape costs one hash lookup.
//! Template ids are a hash of the template text; when a template generalizes, its
//! old id keeps resolving to the new one through an alias.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

/// Stable id of a template: a hash of its text (merged ids resolve through aliases).
pub type TemplateId = u64;

const WILDCARD: &str = "<*>";
const MAX_EXEMPLARS: usize = 3;
/// Share of non-wildcard positions that must agree for a line to join a template.
const SIMILARITY: f64 = 0.7;
/// Tokens considered per line; longer lines are mined on their first tokens.
const MAX_TOKENS: usize = 120;

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

/// Keys that are already hashes need no further hashing.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type FastMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

#[derive(Debug)]
struct Cluster {
    tokens: Vec<String>,
    template: Template,
}

#[derive(Default)]
pub struct Miner {
    clusters: Vec<Cluster>,
    /// (token count, first token) → clusters: the prefix tree, two levels deep.
    groups: FastMap<Vec<usize>>,
    /// Exact masked shape → cluster (the fast path).
    shapes: FastMap<usize>,
    /// Live template id → cluster.
    by_id: FastMap<usize>,
    /// Retired id → the id it became.
    aliases: FastMap<TemplateId>,
}

impl std::fmt::Debug for Miner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Miner")
            .field("templates", &self.clusters.len())
            .finish()
    }
}

impl Miner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Assigns `content` (already redacted) to a template and returns its id.
    pub fn add(&mut self, content: &str, time_ms: i64) -> TemplateId {
        let cluster = self.assign(content);
        let template = &mut self.clusters[cluster].template;
        template.count += 1;
        template.last_seen_ms = template.last_seen_ms.max(time_ms);
        template.first_seen_ms = template.first_seen_ms.min(time_ms);
        if template.exemplars.len() < MAX_EXEMPLARS
            && !template.exemplars.iter().any(|e| e == content)
        {
            template.exemplars.push(content.chars().take(300).collect());
        }
        template.id
    }

    /// The cluster index `content` belongs to (creating or generalizing one).
    fn assign(&mut self, content: &str) -> usize {
        let shape = shape_hash(content);
        if let Some(&cluster) = self.shapes.get(&shape) {
            return cluster;
        }
        let tokens: Vec<String> = tokens(content).map(|t| mask(t).into_owned()).collect();
        let group_key = group_key(&tokens);
        let candidates = self
            .groups
            .get(&group_key)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let best = candidates
            .iter()
            .map(|&c| (c, similarity(&self.clusters[c].tokens, &tokens)))
            .filter(|(_, sim)| *sim >= SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let cluster = match best {
            Some((cluster, _)) => {
                self.generalize(cluster, &tokens);
                cluster
            }
            None => self.create(tokens, group_key),
        };
        self.shapes.insert(shape, cluster);
        cluster
    }

    fn create(&mut self, tokens: Vec<String>, group_key: u64) -> usize {
        let index = self.clusters.len();
        let text = tokens.join(" ");
        let id = self.free_id(&text);
        self.clusters.push(Cluster {
            tokens,
            template: Template {
                id,
                text,
                count: 0,
                first_seen_ms: i64::MAX,
                last_seen_ms: i64::MIN,
                exemplars: Vec::new(),
            },
        });
        self.by_id.insert(id, index);
        self.groups.entry(group_key).or_default().push(index);
        index
    }

    /// Turns positions where `tokens` differ into wildcards; re-ids if the text changed.
    fn generalize(&mut self, cluster: usize, tokens: &[String]) {
        let mut changed = false;
        for (mine, theirs) in self.clusters[cluster].tokens.iter_mut().zip(tokens) {
            if mine != theirs && mine != WILDCARD {
                *mine = WILDCARD.to_string();
                changed = true;
            }
        }
        if !changed {
            return;
        }
        let text = self.clusters[cluster].tokens.join(" ");
        let old = self.clusters[cluster].template.id;
        let new = self.free_id(&text);
        self.by_id.remove(&old);
        self.by_id.insert(new, cluster);
        self.aliases.insert(old, new);
        let template = &mut self.clusters[cluster].template;
        template.id = new;
        template.text = text;
    }

    /// A hash of `text` not used by another live template.
    fn free_id(&self, text: &str) -> TemplateId {
        let mut id = fnv1a(text.as_bytes(), 0);
        let mut salt = 1;
        while self.by_id.contains_key(&id) || self.aliases.contains_key(&id) {
            id = fnv1a(text.as_bytes(), salt);
            salt += 1;
        }
        id
    }

    /// Follows merge aliases to the live id.
    pub fn resolve(&self, mut id: TemplateId) -> TemplateId {
        for _ in 0..64 {
            match self.aliases.get(&id) {
                Some(&next) => id = next,
                None => break,
            }
        }
        id
    }

    /// A small stable number for the template `id` resolves to (its creation order),
    /// for per-template tables that must survive id changes.
    pub fn slot(&self, id: TemplateId) -> Option<usize> {
        self.by_id.get(&self.resolve(id)).copied()
    }

    /// The template in `slot`.
    pub fn by_slot(&self, slot: usize) -> Option<&Template> {
        self.clusters.get(slot).map(|c| &c.template)
    }

    pub fn get(&self, id: TemplateId) -> Option<&Template> {
        let live = self.resolve(id);
        self.by_id.get(&live).map(|&c| &self.clusters[c].template)
    }

    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.clusters.iter().map(|c| &c.template)
    }

    pub fn len(&self) -> usize {
        self.clusters.len()
    }

    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }
}

fn tokens(content: &str) -> impl Iterator<Item = &str> {
    content.split_ascii_whitespace().take(MAX_TOKENS)
}

/// The masked form of a token: `<*>` for variables, `key=<*>` for key=value.
fn mask(token: &str) -> std::borrow::Cow<'_, str> {
    if !is_variable(token) {
        return std::borrow::Cow::Borrowed(token);
    }
    if let Some(split) = token.find('=') {
        let key = &token[..split];
        if split > 0
            && !key.bytes().any(|b| b.is_ascii_digit())
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        {
            return std::borrow::Cow::Owned(format!("{}{WILDCARD}", &token[..=split]));
        }
    }
    std::borrow::Cow::Borrowed(WILDCARD)
}

/// A token is variable when it holds digits and looks like a value: it starts
/// with a digit or sign, carries separators (`.:/-_@=` …: IPs, paths, ids,
/// sizes, times), or is digit-heavy. Words like `ssh2` or `SOCKS5` stay words.
fn is_variable(token: &str) -> bool {
    let bytes = token.as_bytes();
    let digit_count = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    if digit_count == 0 {
        return false;
    }
    let starts_numeric = bytes[0].is_ascii_digit()
        || (matches!(bytes[0], b'-' | b'+' | b'#' | b'(' | b'[') && bytes.len() > 1);
    let has_separator = bytes.iter().any(|b| {
        matches!(
            b,
            b'.' | b':'
                | b'/'
                | b'-'
                | b'_'
                | b'@'
                | b'='
                | b'['
                | b']'
                | b'('
                | b')'
                | b','
                | b'#'
                | b'\\'
        )
    });
    starts_numeric || has_separator || digit_count * 3 >= bytes.len()
}

/// Hash of the masked token sequence, computed without allocating.
fn shape_hash(content: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for token in tokens(content) {
        let masked = mask(token);
        for b in masked.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn group_key(tokens: &[String]) -> u64 {
    let first = tokens.first().map(String::as_str).unwrap_or("");
    fnv1a(first.as_bytes(), tokens.len() as u64)
}

/// Drain's similarity: agreeing positions over the positions the template fixes.
fn similarity(template: &[String], tokens: &[String]) -> f64 {
    if template.len() != tokens.len() || tokens.is_empty() {
        return 0.0;
    }
    let mut same = 0;
    let mut fixed = 0;
    for (a, b) in template.iter().zip(tokens) {
        if a == WILDCARD {
            continue;
        }
        fixed += 1;
        if a == b {
            same += 1;
        }
    }
    if fixed == 0 {
        return 1.0;
    }
    f64::from(same) / f64::from(fixed)
}

fn fnv1a(bytes: &[u8], salt: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The short form of a template id shown in the UI and cited by the co-pilot: `T1a2b`.
pub fn short_id(id: TemplateId) -> String {
    format!("T{:04x}", id & 0xffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_ids_fold_into_one_template() {
        let mut miner = Miner::new();
        let a = miner.add("Connection to 10.0.0.1 timed out after 5000 ms", 1);
        let b = miner.add("Connection to 10.0.0.9 timed out after 30 ms", 2);
        assert_eq!(a, b);
        assert_eq!(
            miner.get(a).unwrap().text,
            "Connection to <*> timed out after <*> ms"
        );
        assert_eq!(miner.get(a).unwrap().count, 2);
    }

    #[test]
    fn generalizing_keeps_the_old_id_resolvable() {
        let mut miner = Miner::new();
        let first = miner.add("user alice logged in from web", 1);
        let second = miner.add("user bob logged in from web", 2);
        assert_ne!(first, second, "the template text changed, so its id did");
        assert_eq!(miner.resolve(first), second);
        assert_eq!(
            miner.get(first).unwrap().text,
            "user <*> logged in from web"
        );
        assert_eq!(miner.len(), 1);
    }

    #[test]
    fn different_messages_stay_apart() {
        let mut miner = Miner::new();
        let a = miner.add("db pool exhausted after 5000 ms", 1);
        let b = miner.add("order ord_1 placed for u-1 in 37 ms", 2);
        assert_ne!(miner.resolve(a), miner.resolve(b));
        assert_eq!(
            miner.add("key=12 mode=fast", 3),
            miner.add("key=99 mode=fast", 4)
        );
    }
}
