//! The data's own lexicon of values: words seen at a position the
//! vocabulary rules proved variable are values wherever they meet again
//! (`cyrus`, `news`, `test` proved users in `session closed for user …` are
//! users in `session opened for user … by …` too, where only three showed).
//! Learned from the lines mined, never from a list; bounded in size.

use super::compare::{compare, Conflict};
use super::hash::fnv1a;
use super::{Miner, MAX_KNOWN_VALUES, SIMILARITY};

impl Miner {
    /// Whether `word` was seen at a position proven variable.
    pub(super) fn is_known_value(&self, word: &str) -> bool {
        self.known_values.contains_key(&fnv1a(word.as_bytes(), 0))
    }

    /// Remembers the words of an opened position (the newcomer's and its
    /// neighbours') as values, up to a bound.
    pub(super) fn remember_values(
        &mut self,
        tokens: &[String],
        neighbours: &[(usize, usize, f64)],
        position: usize,
    ) {
        let words = std::iter::once(&tokens[position]).chain(
            neighbours
                .iter()
                .filter(|n| n.0 == position)
                .map(|n| &self.clusters[n.1].tokens[position]),
        );
        let hashes: Vec<u64> = words.map(|w| fnv1a(w.as_bytes(), 0)).collect();
        let mut learned = false;
        for hash in hashes {
            if self.known_values.len() >= MAX_KNOWN_VALUES {
                break;
            }
            learned |= self.known_values.insert(hash, ()).is_none();
        }
        self.lexicon_grew |= learned;
    }

    /// Merges what the grown lexicon allows, at most once per as many lines
    /// as there are templates: a scan visits every template, so its cost
    /// spread over the lines since the last one stays bounded per line.
    pub(super) fn maybe_merge_known_values(&mut self) {
        self.lines_since_scan += 1;
        if self.lexicon_grew && self.lines_since_scan >= self.live_count as u64 {
            self.lexicon_grew = false;
            self.lines_since_scan = 0;
            self.merge_known_values();
        }
    }

    /// Templates learned before their words were known values: siblings
    /// that differ at one position only, where both hold known values,
    /// merge (`session opened for user news` joins `… cyrus` once `closed`
    /// proved the users values). Runs after the lexicon grew; groups past
    /// the guard's cap are left to the guard.
    fn merge_known_values(&mut self) {
        let keys: Vec<u64> = self
            .groups
            .iter()
            .filter(|(_, members)| members.len() >= 2 && members.len() <= self.rules.group_cap)
            .map(|(key, _)| *key)
            .collect();
        for key in keys {
            while let Some((into, from)) = self.known_value_pair(key) {
                let tokens = self.clusters[from].tokens.clone();
                if self.generalize(into, &tokens) {
                    self.absorb_covered_siblings(into);
                } else {
                    break;
                }
            }
        }
    }

    /// Two siblings of group `key` that differ at one position where both
    /// hold known values (the busier one first).
    fn known_value_pair(&self, key: u64) -> Option<(usize, usize)> {
        let members = self.groups.get(&key)?;
        let known = |word: &str| self.is_known_value(word);
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                let (ta, tb) = (&self.clusters[a].tokens, &self.clusters[b].tokens);
                let fit = compare(ta, tb);
                if let Conflict::At(p) = fit.conflict {
                    if fit.similarity_elsewhere >= SIMILARITY && known(&ta[p]) && known(&tb[p]) {
                        let busier =
                            self.clusters[a].template.count >= self.clusters[b].template.count;
                        return Some(if busier { (a, b) } else { (b, a) });
                    }
                }
            }
        }
        None
    }
}
