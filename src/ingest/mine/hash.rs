//! The hashes the miner keys on: a line's masked shape (the fast path's key,
//! computed without allocating) and FNV-1a for template ids and group keys.

use super::mask::for_each_masked;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys that are already hashes need no further hashing.
#[derive(Default)]
pub struct IdentityHasher(u64);

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

pub type FastMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Hash of the masked token sequence, computed without allocating. Eight
/// bytes per multiply, and each token hashed on its own before it joins the
/// line's hash: the tokens' hashes do not wait for each other, so the CPU
/// overlaps them instead of running one long multiply chain per line.
/// (A token fed in different slices may hash differently; that only costs a
/// second shape entry for the same template, never a wrong one.)
pub fn shape_hash(content: &str) -> u64 {
    const SEED: u64 = 0xcbf2_9ce4_8422_2325;
    let mut hash = SEED;
    for_each_masked(content, |masked| {
        let mut token = SEED;
        masked.bytes(|bytes| token = mix_bytes(token, bytes));
        hash = mix(hash, token);
    });
    hash
}

fn mix(hash: u64, word: u64) -> u64 {
    (hash ^ word)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .rotate_left(29)
}

fn mix_bytes(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    // Shifted in byte by byte: a copy of a variable length is a memcpy call,
    // dearer than the few bytes it moves.
    let word = rest
        .iter()
        .enumerate()
        .fold(0u64, |word, (i, &b)| word | (u64::from(b) << (8 * i)));
    // The length byte keeps "ab" + "" apart from "a" + "b".
    mix(hash, word ^ ((rest.len() as u64) << 59))
}

pub fn fnv1a(bytes: &[u8], salt: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
