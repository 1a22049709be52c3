//! Values that run to the end of the line, in any number of tokens: a list
//! after a label (`Install: a:amd64 (1.2), b:amd64 (3.4, automatic), …`,
//! `Removed 3 items: x, y, z`) and a command's argument vector (`apt-get
//! install -y a b c`, which the masks already make one `<*>` from its first
//! option on).
//!
//! The prefix tree groups lines by length, so such messages never meet: a
//! list of 5 and one of 40 are two lengths, and every new length starts a
//! template (templates then grow like the lines). A tail is a candidate list
//! when, after a label (a word ending in `:`), it is top-level
//! comma-separated items — commas inside brackets belong to an item — each
//! a short value (a name and its qualifiers, at most `ITEM_TOKENS` tokens)
//! whose first tokens share one shape (the same punctuation between runs of
//! letters or of digits: `libssh2-1:amd64` and `nodejs:amd64` are both
//! `a:a`, `requery` and `0` are not alike). A line alone cannot tell a list
//! from a record of fixed fields (`interval 900, retry_interval 30,
//! retry_count 10`, `3 (n.leader), 0x1 (n.round), LOOKING (n.state)`, whose
//! words separate message types); the data can: a list-valued field comes
//! with different numbers of items, a record always with the same. So the
//! lists after one label (its masked prefix and the items' shape) are
//! counted, and once two lines showed `LIST_ITEMS` or more items in
//! different numbers, the field is a list: every candidate tail there,
//! however short, is one `<*>`, and the templates its earlier lines made
//! fold into that one.
//! An argument vector that opens later (`apt-get install <*>`) is covered
//! by one that opens earlier after the same words (`apt-get <*>`): both are
//! the same program's arguments.
//!
//! This runs only when a line would otherwise start a template (or joins
//! one on the slow path); the fast path never sees it. Prose does not look
//! like this: a clause is longer than an item, words before and after a
//! comma rarely share a shape three times over, and it needs a label.

use super::hash::{fnv1a, FastMap};
use super::mask::{for_each_masked, Masked, WILDCARD};
use super::Miner;

/// Items a tail needs before its count is evidence of a list: two
/// separators (with one, a comma may join two clauses).
const LIST_ITEMS: usize = 3;
/// List fields remembered (bounds the memory; later fields stay unopened).
const MAX_LIST_FIELDS: usize = 1 << 16;
/// Tokens an item may hold: a value and its qualifiers, not a clause.
const ITEM_TOKENS: usize = 4;
/// Leading tokens searched for the label a list follows.
const LABEL_WITHIN: usize = 16;

/// What kind of value a line's tail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailKind {
    /// An argument vector from the first option on.
    Argv,
    /// Comma-separated items after a label; holds the field (the masked
    /// prefix and the items' shape).
    List(u64),
}

/// The value at the end of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    pub kind: TailKind,
    /// Masked tokens before the value.
    pub prefix: usize,
    /// The line's masked tokens end in one `<*>` for the whole value.
    pub open: bool,
}

/// The tails the miner has seen, by template.
#[derive(Default)]
pub struct Tails {
    /// Cluster → the tail of the first line that made or joined it.
    of: FastMap<Tail>,
    /// First token → templates ending in an open argument vector.
    open_by_first: FastMap<Vec<usize>>,
    /// List field → the item count first seen there, or `None` once counts
    /// differed (the field holds lists).
    fields: FastMap<Option<usize>>,
}

impl Tails {
    /// The masked tokens a line is mined on, and its tail: a candidate list
    /// in a field shown to hold lists becomes one `<*>`.
    pub fn masked_line(&mut self, line: &str) -> (Vec<String>, Option<Tail>) {
        let mut tokens = Vec::new();
        let mut list_tail = None;
        if let Some(list) = list_after_label(line) {
            // An option before the label: the vector holds the list.
            if !masked_into(&line[..list.label_end], &mut tokens) {
                let prefix = tokens.len();
                let field = tokens
                    .iter()
                    .fold(list.shape, |field, t| fnv1a(t.as_bytes(), field));
                let open = self.holds_lists(field, list.items);
                let kind = TailKind::List(field);
                let tail = Tail { kind, prefix, open };
                if open {
                    tokens.push(WILDCARD.to_string());
                    return (tokens, Some(tail));
                }
                list_tail = Some(tail);
            }
            tokens.clear();
        }
        // An option after the label: the vector opens inside the items.
        if masked_into(line, &mut tokens) {
            let prefix = tokens.len() - 1;
            let kind = TailKind::Argv;
            return (
                tokens,
                Some(Tail {
                    kind,
                    prefix,
                    open: true,
                }),
            );
        }
        (tokens, list_tail)
    }

    /// Counts a list of `items` in `field`; whether the field has shown
    /// lists of different lengths.
    fn holds_lists(&mut self, field: u64, items: usize) -> bool {
        match self.fields.get_mut(&field) {
            Some(None) => true,
            Some(seen) if items >= LIST_ITEMS && *seen != Some(items) => {
                *seen = None;
                true
            }
            Some(_) => false,
            None => {
                if items >= LIST_ITEMS && self.fields.len() < MAX_LIST_FIELDS {
                    self.fields.insert(field, Some(items));
                }
                false
            }
        }
    }
}

/// Pushes the masked tokens of `content`; says whether they end in an
/// argument vector.
fn masked_into(content: &str, tokens: &mut Vec<String>) -> bool {
    let mut argv = false;
    for_each_masked(content, |m| {
        argv = m == Masked::Argv;
        tokens.push(m.to_token());
    });
    argv
}

struct List {
    /// Byte offset just past the label.
    label_end: usize,
    items: usize,
    shape: u64,
}

/// The first label (within `LABEL_WITHIN` tokens) followed, to the end of
/// the line, by short items of one shape.
fn list_after_label(line: &str) -> Option<List> {
    if !line.contains(": ") {
        return None;
    }
    let mut tokens = Vec::new();
    let mut at = 0;
    for token in line.split_ascii_whitespace() {
        // `split_ascii_whitespace` yields slices of `line`: their offsets.
        let start = token.as_ptr() as usize - line.as_ptr() as usize;
        at = at.max(start + token.len());
        tokens.push((at, token));
    }
    let labels = tokens.iter().enumerate().take(LABEL_WITHIN);
    for (i, &(label_end, _)) in labels.filter(|(_, t)| is_label(t.1)) {
        if let Some((items, shape)) = items(tokens[i + 1..].iter().map(|t| t.1)) {
            return Some(List {
                label_end,
                items,
                shape,
            });
        }
    }
    None
}

/// A word ending in `:` (not a time, not `::`).
fn is_label(token: &str) -> bool {
    token.len() > 1
        && token.ends_with(':')
        && !token.ends_with("::")
        && token.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The number of top-level comma-separated items of `tokens` and their
/// shared shape, when every item is short and all have one shape.
fn items<'a>(tokens: impl Iterator<Item = &'a str>) -> Option<(usize, u64)> {
    let (mut count, mut in_item, mut depth) = (0, 0, 0i32);
    let mut shared = None;
    for token in tokens {
        if in_item == 0 {
            let shape = shape_of(token);
            if *shared.get_or_insert(shape) != shape {
                return None;
            }
        }
        in_item += 1;
        if in_item > ITEM_TOKENS {
            return None;
        }
        for b in token.bytes() {
            match b {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 && token.ends_with(',') {
            (count, in_item, depth) = (count + 1, 0, 0);
        }
    }
    count += usize::from(in_item > 0);
    Some((count, shared?))
}

/// An item's shape: its first token with every run of word characters made
/// `a`, or `0` when it opens with a digit (`libssh2-1:amd64` and
/// `nodejs:amd64` are both `a:a`; `requery` and `250` differ), the
/// separating comma left out.
fn shape_of(token: &str) -> u64 {
    let token = token.strip_suffix(',').unwrap_or(token);
    let mut shape = Vec::with_capacity(token.len());
    let mut in_word = false;
    for b in token.bytes() {
        let word = b.is_ascii_alphanumeric() || b >= 0x80 || b"-_.+~/@".contains(&b);
        if !word {
            shape.push(b);
        } else if !in_word {
            shape.push(if b.is_ascii_digit() { b'0' } else { b'a' });
        }
        in_word = word;
    }
    fnv1a(&shape, 0)
}

fn first_key(tokens: &[String]) -> u64 {
    fnv1a(tokens.first().map_or(&[][..], |t| t.as_bytes()), 0)
}

impl Miner {
    /// A template ending in an open tail, of another length, that covers a
    /// line of `tokens` with `tail`.
    pub(super) fn tail_cover(&self, tokens: &[String], tail: Option<Tail>) -> Option<usize> {
        let tail = tail?;
        let open = self.tails.open_by_first.get(&first_key(tokens))?;
        open.iter()
            .map(|&c| self.live(c))
            .find(|&c| self.tail_covers(c, tokens, tail))
    }

    /// Whether the open-tailed template of `cluster` covers a line of
    /// `tokens` with `tail`: a list in the same field, or an argument vector
    /// opening there or later after the same words.
    fn tail_covers(&self, cluster: usize, tokens: &[String], tail: Tail) -> bool {
        let template = &self.clusters[cluster];
        let Some(own) = self.tails.of.get(&(cluster as u64)) else {
            return false;
        };
        if !own.open || template.merged_into.is_some() || template.tokens.len() != own.prefix + 1 {
            return false;
        }
        match (own.kind, tail.kind) {
            (TailKind::List(field), TailKind::List(other)) => field == other,
            (TailKind::Argv, TailKind::Argv) => {
                tail.prefix >= own.prefix
                    && tokens.len() > own.prefix
                    && template.tokens[..own.prefix]
                        .iter()
                        .zip(tokens)
                        .all(|(t, other)| t == WILDCARD || t == other)
            }
            _ => false,
        }
    }

    /// Remembers the tail of a line `cluster` took; when it is the first
    /// open tail of the template, templates of other lengths it covers fold
    /// into it (lists too short, or vectors opening later).
    pub(super) fn note_tail(&mut self, cluster: usize, tail: Option<Tail>) {
        let key = cluster as u64;
        let Some(tail) = tail else { return };
        if self
            .tails
            .of
            .get(&key)
            .is_some_and(|t| t.open || !tail.open)
        {
            return;
        }
        self.tails.of.insert(key, tail);
        let first = first_key(&self.clusters[cluster].tokens);
        if !self.tail_covers(cluster, &self.clusters[cluster].tokens, tail) {
            return;
        }
        self.tails
            .open_by_first
            .entry(first)
            .or_default()
            .push(cluster);
        let mut covered: Vec<usize> = self
            .tails
            .of
            .iter()
            .map(|(&c, &t)| (c as usize, t))
            .filter(|&(c, t)| {
                let tokens = &self.clusters[c].tokens;
                c != cluster
                    && self.clusters[c].merged_into.is_none()
                    && first_key(tokens) == first
                    && self.tail_covers(cluster, tokens, t)
            })
            .map(|(c, _)| c)
            .collect();
        covered.sort_unstable();
        self.fold(cluster, covered);
    }
}

#[cfg(test)]
mod tests;
