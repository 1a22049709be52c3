//! Streaming template mining, Drain-style: lines are tokenized, variable-looking
//! tokens masked (see `mask`), and each line joins the most similar template of
//! the same length and first token (or starts a new one); differing positions
//! become `<*>`.
//!
//! A template keeps its constant words: a line with another *word* where it
//! has one (masked values are fine) starts a sibling, so `client SPP.` stays
//! apart from 600 × `client WindowsUpdateAgent.`. Whether such a word
//! position is really a variable is decided from the values seen there
//! (`vocabulary`: a long tail of rare values, or values each new, or many
//! values make a variable; a few balanced, repeated values — HTTP methods,
//! states — stay constants where they lead a message, and are an argument's
//! values in its trailing half; words proven values once are values wherever
//! they meet again, `lexicon`): then the line joins its nearest sibling, the
//! position becomes `<*>`, and every sibling the generalized template covers
//! merges into it. A guard merges within a group whose templates multiply
//! like its lines. A value that runs to the end of the line in any number of
//! tokens — a list after a label whose lines show lists of different
//! lengths, a command's argument vector — is one `<*>`, so its lines meet
//! across lengths (`tails`). A fast path remembers the exact masked shape of
//! every line seen, so a repeated shape costs one hash lookup.
//! Terminal colour codes are not part of a line's text (`ansi`).
//! Template ids are a hash of the template text; when a template generalizes or
//! absorbs a sibling, the old id keeps resolving to the new one through an alias.

mod ansi;
mod compare;
pub mod files;
mod hash;
mod lexicon;
mod mask;
mod tails;
mod vocabulary;

use ansi::strip_ansi;
use compare::{compare, Conflict};
use hash::{fnv1a, shape_hash, FastMap};

pub use vocabulary::MinerRules;

use serde::{Deserialize, Serialize};

/// Stable id of a template: a hash of its text (merged ids resolve through aliases).
pub type TemplateId = u64;

pub use mask::WILDCARD;

const MAX_EXEMPLARS: usize = 3;
/// Words remembered as values (bounds the lexicon's memory, 8 bytes a word).
const MAX_KNOWN_VALUES: usize = 1 << 16;
/// Share of non-wildcard positions that must agree for a line to join a template.
const SIMILARITY: f64 = 0.7;

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

#[derive(Debug)]
struct Cluster {
    tokens: Vec<String>,
    template: Template,
    group_key: u64,
    /// Set when this cluster was merged into another (its shapes still point here).
    merged_into: Option<usize>,
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
    /// Clusters not merged into another.
    live_count: usize,
    rules: MinerRules,
    /// Group → bit mask of the word positions its vocabularies proved variable.
    opened: FastMap<u128>,
    /// Hashes of the words seen at positions proven variable: the data's own
    /// lexicon of values.
    known_values: FastMap<()>,
    /// Words were learned since the last merge by the lexicon.
    lexicon_grew: bool,
    /// Lines mined since the lexicon last merged.
    lines_since_scan: u64,
    /// Values running to the end of the line, by template (`tails`).
    tails: tails::Tails,
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

    /// A miner deciding variables by `rules` instead of the built-in ones.
    pub fn with_rules(rules: MinerRules) -> Self {
        Miner {
            rules,
            ..Self::default()
        }
    }

    /// Assigns `content` (already redacted) to a template and returns its id.
    pub fn add(&mut self, content: &str, time_ms: i64) -> TemplateId {
        self.add_shaped(content, Miner::shape_of(content), time_ms)
    }

    /// The masked shape of `content`, the key `add` looks up first. Pure, so
    /// another thread may compute it and hand it to `add_shaped`.
    pub fn shape_of(content: &str) -> u64 {
        shape_hash(&strip_ansi(content))
    }

    /// `add` with the shape already computed (`shape` must be `shape_of(content)`).
    pub fn add_shaped(&mut self, content: &str, shape: u64, time_ms: i64) -> TemplateId {
        let cluster = self.assign(content, shape);
        self.maybe_merge_known_values();
        // A merge may have folded the line's template into another.
        let cluster = self.live(cluster);
        let template = &mut self.clusters[cluster].template;
        template.count += 1;
        template.last_seen_ms = template.last_seen_ms.max(time_ms);
        template.first_seen_ms = template.first_seen_ms.min(time_ms);
        if template.exemplars.len() < MAX_EXEMPLARS {
            // Stripped only here and on the slow path: most lines need neither.
            let content = strip_ansi(content);
            if !template.exemplars.iter().any(|e| *e == content) {
                template.exemplars.push(content.chars().take(300).collect());
            }
        }
        template.id
    }

    /// The cluster index `content` belongs to (creating or generalizing one).
    fn assign(&mut self, content: &str, shape: u64) -> usize {
        if let Some(&cluster) = self.shapes.get(&shape) {
            return self.live(cluster);
        }
        let (tokens, tail) = self.tails.masked_line(&strip_ansi(content));
        let group_key = group_key(&tokens);
        let cluster = match self.best_fit(&tokens, group_key) {
            Some((cluster, generalize)) => {
                if generalize && self.generalize(cluster, &tokens) {
                    self.absorb_covered_siblings(cluster);
                }
                cluster
            }
            // A value running to the line's end, of another length.
            None => match self.tail_cover(&tokens, tail) {
                Some(cluster) => cluster,
                None => {
                    let cluster = self.create(tokens, group_key);
                    // A new template may be more general than older siblings
                    // (the line had a value where they hold a word).
                    self.absorb_covered_siblings(cluster);
                    cluster
                }
            },
        };
        self.note_tail(cluster, tail);
        let cluster = self.live(cluster);
        self.shapes.insert(shape, cluster);
        cluster
    }

    /// The template `tokens` joins, and whether joining may generalize it:
    /// the most similar template without a conflicting word; failing that, a
    /// template that differs only at a position whose values form an open
    /// vocabulary (`vocabulary`); failing that, when the group grows like
    /// its lines, its most similar template whatever the conflicts.
    fn best_fit(&mut self, tokens: &[String], group_key: u64) -> Option<(usize, bool)> {
        let candidates = self
            .groups
            .get(&group_key)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut best: Option<(usize, f64)> = None;
        let mut closest: Option<(usize, f64)> = None;
        // (position, cluster, similarity elsewhere) of templates with one conflict.
        let mut neighbours: Vec<(usize, usize, f64)> = Vec::new();
        for &c in candidates {
            let fit = compare(&self.clusters[c].tokens, tokens);
            if closest.is_none_or(|(_, s)| fit.similarity > s) {
                closest = Some((c, fit.similarity));
            }
            match fit.conflict {
                Conflict::None
                    if fit.similarity >= SIMILARITY
                        && best.is_none_or(|(_, s)| fit.similarity > s) =>
                {
                    best = Some((c, fit.similarity));
                }
                Conflict::At(position) if fit.similarity_elsewhere >= SIMILARITY => {
                    neighbours.push((position, c, fit.similarity_elsewhere));
                }
                _ => {}
            }
        }
        if let Some((cluster, _)) = best {
            return Some((cluster, true));
        }
        let lines: u64 = candidates
            .iter()
            .map(|&c| self.clusters[c].template.count)
            .sum();
        let overgrown = self.rules.overgrown(candidates.len(), lines);
        if let Some(cluster) = self.open_neighbour(group_key, tokens, &neighbours) {
            return Some((cluster, true));
        }
        if overgrown {
            return closest.map(|(cluster, _)| (cluster, true));
        }
        None
    }

    /// Among templates that differ from `tokens` at one position only, the
    /// one to join when that position's values (theirs, with their lines, and
    /// the newcomer's) form an open vocabulary; the position with the most
    /// distinct values wins, then the most similar template.
    fn open_neighbour(
        &mut self,
        group_key: u64,
        tokens: &[String],
        neighbours: &[(usize, usize, f64)],
    ) -> Option<usize> {
        let mut positions: Vec<usize> = neighbours.iter().map(|n| n.0).collect();
        positions.sort_unstable();
        positions.dedup();
        let mut chosen: Option<(usize, usize, f64, usize)> = None;
        for position in positions {
            let mut values: Vec<(&str, u64)> = Vec::new();
            let mut nearest: Option<(usize, f64)> = None;
            // Another word position of this group already proved a variable:
            // the words here stayed put while that one varied, so this one
            // is a type (`status <state> <package>`), not a second value.
            let opened = self.opened.get(&group_key).copied().unwrap_or(0);
            let crossed = opened & !position_bit(position) != 0;
            for &(p, c, similarity) in neighbours.iter().filter(|n| n.0 == position) {
                let cluster = &self.clusters[c];
                let word = cluster.tokens[p].as_str();
                match values.iter_mut().find(|(w, _)| *w == word) {
                    Some((_, lines)) => *lines += cluster.template.count,
                    None => values.push((word, cluster.template.count)),
                }
                if nearest.is_none_or(|(_, s)| similarity > s) {
                    nearest = Some((c, similarity));
                }
            }
            let lines: Vec<u64> = values.iter().map(|v| v.1).collect();
            let length = self.clusters[neighbours[0].1].tokens.len();
            // Words already proven values at an opened position elsewhere
            // (`cyrus` of `session closed for user cyrus`) are values here too.
            let known = self.is_known_value(&tokens[position])
                && values.iter().all(|(word, _)| self.is_known_value(word));
            let open = known
                || if crossed {
                    lines.len() + 1 >= self.rules.open_values
                } else {
                    self.rules.is_open_at(&lines, position, length)
                };
            if !open {
                continue;
            }
            if let Some((cluster, similarity)) = nearest {
                let better = chosen.is_none_or(|(distinct, _, s, _)| {
                    values.len() > distinct || (values.len() == distinct && similarity > s)
                });
                if better {
                    chosen = Some((values.len(), cluster, similarity, position));
                }
            }
        }
        let (_, cluster, _, position) = chosen?;
        *self.opened.entry(group_key).or_default() |= position_bit(position);
        self.remember_values(tokens, neighbours, position);
        Some(cluster)
    }

    /// The live cluster `cluster` was merged into (itself when it is live).
    fn live(&self, mut cluster: usize) -> usize {
        while let Some(next) = self.clusters[cluster].merged_into {
            cluster = next;
        }
        cluster
    }

    /// Merges into `into` every sibling of its group its template now covers.
    fn absorb_covered_siblings(&mut self, into: usize) {
        let key = self.clusters[into].group_key;
        let Some(siblings) = self.groups.get(&key) else {
            return;
        };
        let covered: Vec<usize> = siblings
            .iter()
            .copied()
            .filter(|&s| {
                let (template, sibling) = (&self.clusters[into].tokens, &self.clusters[s].tokens);
                s != into
                    && covers(template, sibling)
                    && compare(template, sibling).similarity >= SIMILARITY
            })
            .collect();
        self.fold(into, covered);
    }

    /// Merges the templates `covered` into `into` (their ids become aliases).
    fn fold(&mut self, into: usize, covered: Vec<usize>) {
        let live_id = self.clusters[into].template.id;
        for sibling in covered {
            let key = self.clusters[sibling].group_key;
            if let Some(siblings) = self.groups.get_mut(&key) {
                siblings.retain(|&s| s != sibling);
            }
            let absorbed = std::mem::take(&mut self.clusters[sibling].template.exemplars);
            let (count, first, last, old_id) = {
                let t = &self.clusters[sibling].template;
                (t.count, t.first_seen_ms, t.last_seen_ms, t.id)
            };
            self.clusters[sibling].merged_into = Some(into);
            self.clusters[sibling].tokens = Vec::new();
            self.by_id.remove(&old_id);
            self.aliases.insert(old_id, live_id);
            self.live_count -= 1;
            let template = &mut self.clusters[into].template;
            template.count += count;
            template.first_seen_ms = template.first_seen_ms.min(first);
            template.last_seen_ms = template.last_seen_ms.max(last);
            for exemplar in absorbed {
                if template.exemplars.len() < MAX_EXEMPLARS
                    && !template.exemplars.contains(&exemplar)
                {
                    template.exemplars.push(exemplar);
                }
            }
        }
    }

    fn create(&mut self, tokens: Vec<String>, group_key: u64) -> usize {
        let index = self.clusters.len();
        let text = tokens.join(" ");
        let id = self.free_id(&text);
        self.clusters.push(Cluster {
            tokens,
            group_key,
            merged_into: None,
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
        self.live_count += 1;
        index
    }

    /// Turns positions where `tokens` differ into wildcards; re-ids if the text
    /// changed, and says whether it did.
    fn generalize(&mut self, cluster: usize, tokens: &[String]) -> bool {
        let mut changed = false;
        for (mine, theirs) in self.clusters[cluster].tokens.iter_mut().zip(tokens) {
            if mine != theirs && mine != WILDCARD {
                *mine = WILDCARD.to_string();
                changed = true;
            }
        }
        if !changed {
            return false;
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
        true
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
        (slot < self.clusters.len()).then(|| &self.clusters[self.live(slot)].template)
    }

    pub fn get(&self, id: TemplateId) -> Option<&Template> {
        let live = self.resolve(id);
        self.by_id.get(&live).map(|&c| &self.clusters[c].template)
    }

    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.clusters
            .iter()
            .filter(|c| c.merged_into.is_none())
            .map(|c| &c.template)
    }

    /// Live templates (merged ones are not counted).
    pub fn len(&self) -> usize {
        self.live_count
    }

    pub fn is_empty(&self) -> bool {
        self.live_count == 0
    }
}

/// Whether `template` matches every token of `tokens` (same length).
fn covers(template: &[String], tokens: &[String]) -> bool {
    template.len() == tokens.len()
        && template
            .iter()
            .zip(tokens)
            .all(|(t, other)| t == WILDCARD || t == other)
}

/// The bit of `position` in a group's `opened` mask (positions past 127 share the last).
fn position_bit(position: usize) -> u128 {
    1u128 << position.min(127)
}

fn group_key(tokens: &[String]) -> u64 {
    let first = tokens.first().map(String::as_str).unwrap_or("");
    fnv1a(first.as_bytes(), tokens.len() as u64)
}

/// The short form of a template id shown in the UI and cited by the co-pilot: `T1a2b`.
pub fn short_id(id: TemplateId) -> String {
    format!("T{:04x}", id & 0xffff)
}

#[cfg(test)]
mod tests;
