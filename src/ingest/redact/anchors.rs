//! The anchor screen: which rules could match a text, found without running
//! any regex. Most log lines hold no anchor, and this screen is all they cost.
//!
//! Anchors are searched with SIMD (aho-corasick's Teddy) in a few sets: exact
//! anchors of case-sensitive formats (`AKIA`, `glpat-`) in the text as it is,
//! and the anchors of `(?i)` rules (`sword`, `bearer`) in a lowercased copy,
//! each split into anchors of four bytes or more and shorter ones, and into
//! sets of at most `MAX_ANCHORS_PER_SEARCH`.
//!
//! Why the split and the bucket arrangement: Teddy compares a fingerprint —
//! the low and high nibbles of an anchor's first (up to) four bytes — for
//! eight buckets of anchors at once, and checks every position whose bytes
//! pass all of a bucket's nibble sets against that bucket's anchors. Checking
//! a false candidate costs about as much as scanning 100 bytes, so what a
//! clean line costs is mostly how many false candidates it has. A set whose
//! shortest anchor has three bytes gets a three-byte fingerprint (so short
//! anchors get sets of their own), and a bucket holding unlike anchors passes
//! the union of their nibbles (so alike anchors share buckets: `_key`,
//! `-key`, `ikey`). On the shared Loghub sample this took the screen from about
//! 3.7 candidates per line to about 0.2, most of them real `auth…` words.

use aho_corasick::{packed, AhoCorasick, AhoCorasickKind};

use super::rules::{assignment_follows, KEY_ENDINGS};

/// Teddy's fingerprint covers at most this many leading bytes of an anchor.
const FINGERPRINT_BYTES: usize = 4;
/// Buckets of the "slim" Teddy variant, the one used for up to 32 anchors.
const BUCKETS: usize = 8;
/// Anchors per SIMD search at most: above this the searcher switches to its
/// "fat" variant, about twice the work per byte.
pub(super) const MAX_ANCHORS_PER_SEARCH: usize = 32;

/// One anchor as searched (lowercased in a folded set) and the rules it wakes.
pub(super) type Anchor = (String, Vec<usize>);

/// One SIMD search: anchors, the rules each wakes, and which are key endings.
pub(super) struct Anchors {
    /// Fallback when the SIMD searcher is unavailable (no SSSE3/AVX2).
    finder: Option<AhoCorasick>,
    pub(super) packed: Option<packed::Searcher>,
    /// Anchor index (in search order) → rule indices.
    pub(super) rules: Vec<Vec<usize>>,
    /// Anchor index → whether it ends a key name and needs an assignment after it.
    key_ending: Vec<bool>,
    #[cfg(test)]
    pub(super) anchors: Vec<String>,
}

impl Anchors {
    pub(super) fn build(anchors: Vec<Anchor>) -> Anchors {
        // The rule table is constant; more anchors would be a build-time bug
        // that only slows the screen (tested).
        debug_assert!(anchors.len() <= MAX_ANCHORS_PER_SEARCH);
        let anchors = arrange_for_buckets(anchors);
        let packed = packed::Config::new()
            .builder()
            .extend(anchors.iter().map(|(a, _)| a))
            .build();
        // Without SIMD (an old CPU), a DFA: one table step per byte.
        let finder = packed.is_none().then(|| {
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(anchors.iter().map(|(a, _)| a))
                .unwrap_or_else(|e| panic!("redaction anchors: {e}"))
        });
        Anchors {
            finder,
            packed,
            key_ending: anchors
                .iter()
                .map(|(a, _)| KEY_ENDINGS.contains(&a.as_str()))
                .collect(),
            rules: anchors.iter().map(|(_, r)| r.clone()).collect(),
            #[cfg(test)]
            anchors: anchors.into_iter().map(|(a, _)| a).collect(),
        }
    }

    /// Calls `hit(anchor, start)` for each anchor occurrence in `haystack` that
    /// can wake its rules (a key ending only with an assignment after it).
    /// No anchor of a set starts another (tested), so one hit per position is
    /// all there is: the next search starts one byte after the last hit's
    /// start, and overlapping anchors (`shp` + `pwd` in `shpwd=`) are all seen.
    pub(super) fn scan(&self, haystack: &[u8], hit: &mut impl FnMut(usize, usize)) {
        let mut found = |anchor: usize, start: usize, end: usize| {
            if !self.key_ending[anchor] || assignment_follows(&haystack[end..]) {
                hit(anchor, start);
            }
        };
        if let Some(packed) = &self.packed {
            let mut at = 0;
            while at < haystack.len() {
                let span = aho_corasick::Span::from(at..haystack.len());
                let Some(m) = packed.find_in(haystack, span) else {
                    return;
                };
                found(m.pattern().as_usize(), m.start(), m.end());
                at = m.start() + 1;
            }
        } else if let Some(finder) = &self.finder {
            for m in finder.find_overlapping_iter(haystack) {
                found(m.pattern().as_usize(), m.start(), m.end());
            }
        }
    }
}

/// Orders `anchors` so that Teddy puts alike anchors in the same bucket.
///
/// Teddy gives anchors whose fingerprint bytes share their low nibbles one
/// bucket, and deals the others out by position (`BUCKETS - 1 - index %
/// BUCKETS`); `bucket_of_each` mirrors that. The order is improved by pairwise
/// swaps while that lowers the sum, over buckets, of how many byte values each
/// fingerprint position admits (a proxy for false candidates that needs no
/// sample text). Only speed depends on this: any order finds every anchor.
fn arrange_for_buckets(mut anchors: Vec<Anchor>) -> Vec<Anchor> {
    anchors.sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let mut best = admitted_bytes(&anchors);
    // Each round either improves the sum or ends the loop; the bound only
    // guards against a cycle that cannot happen with strict improvement.
    for _ in 0..64 {
        let mut improved = false;
        for i in 0..anchors.len() {
            for j in i + 1..anchors.len() {
                anchors.swap(i, j);
                let cost = admitted_bytes(&anchors);
                if cost < best {
                    best = cost;
                    improved = true;
                } else {
                    anchors.swap(i, j);
                }
            }
        }
        if !improved {
            break;
        }
    }
    anchors
}

/// Sum over buckets of Π over fingerprint positions of (distinct low nibbles
/// × distinct high nibbles): the byte values a bucket lets through.
fn admitted_bytes(anchors: &[Anchor]) -> u64 {
    let width = fingerprint_width(anchors);
    let mut nibbles = [[(0u16, 0u16); FINGERPRINT_BYTES]; BUCKETS];
    for ((anchor, _), bucket) in anchors.iter().zip(bucket_of_each(anchors)) {
        for (j, &byte) in anchor.as_bytes()[..width].iter().enumerate() {
            nibbles[bucket][j].0 |= 1 << (byte & 0xf);
            nibbles[bucket][j].1 |= 1 << (byte >> 4);
        }
    }
    nibbles
        .iter()
        .filter(|positions| positions[0].0 != 0)
        .map(|positions| {
            positions[..width]
                .iter()
                .map(|(lo, hi)| u64::from(lo.count_ones() * hi.count_ones()))
                .product::<u64>()
        })
        .sum()
}

fn fingerprint_width(anchors: &[Anchor]) -> usize {
    anchors
        .iter()
        .map(|(a, _)| a.len())
        .min()
        .unwrap_or(1)
        .min(FINGERPRINT_BYTES)
}

/// The bucket Teddy (aho-corasick 1.1) gives each anchor, in order.
fn bucket_of_each(anchors: &[Anchor]) -> Vec<usize> {
    let width = fingerprint_width(anchors);
    // Low nibbles of the fingerprint bytes, packed (at most four bytes).
    let mut by_low_nibbles: Vec<(u32, usize)> = Vec::with_capacity(anchors.len());
    anchors
        .iter()
        .enumerate()
        .map(|(index, (anchor, _))| {
            let low = anchor.as_bytes()[..width]
                .iter()
                .fold(0u32, |packed, b| packed << 4 | u32::from(b & 0xf));
            match by_low_nibbles.iter().find(|(l, _)| *l == low) {
                Some(&(_, bucket)) => bucket,
                None => {
                    let bucket = BUCKETS - 1 - index % BUCKETS;
                    by_low_nibbles.push((low, bucket));
                    bucket
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(names: &[&str]) -> Vec<Anchor> {
        names.iter().map(|n| (n.to_string(), vec![0])).collect()
    }

    #[test]
    fn alike_anchors_share_buckets() {
        let given = anchors(&[
            "_key", "ghp_", "-key", "gho_", "ikey", "ghu_", "skey", "ghs_", "ekey", "ghr_", "tkey",
            "npm_", "pkey", "_v1_", "auth", "sword",
        ]);
        let arranged = arrange_for_buckets(given.clone());
        let buckets = bucket_of_each(&arranged);
        let bucket = |name: &str| {
            let at = arranged.iter().position(|(a, _)| a == name);
            at.map(|i| buckets[i])
        };
        assert_eq!(bucket("_key"), bucket("-key"), "{arranged:?}");
        let (before, after) = (admitted_bytes(&given), admitted_bytes(&arranged));
        assert!(after * 4 < before, "{before} -> {after}");
    }

    #[test]
    fn any_arrangement_finds_every_anchor() {
        let set = Anchors::build(anchors(&["_key", "ghp_", "-key", "sword", "phrase"]));
        for name in ["_key", "ghp_", "-key", "sword", "phrase"] {
            let text = format!("xx {name} yy");
            let mut hits = Vec::new();
            set.scan(text.as_bytes(), &mut |anchor, start| {
                hits.push((anchor, start))
            });
            // `_key`/`-key`/`sword` are key endings: no assignment follows here.
            let ending = KEY_ENDINGS.contains(&name);
            assert_eq!(hits.len(), usize::from(!ending), "{name}");
        }
    }
}
