//! The mixed firehose the benches share: the shared Loghub-2k raw logs,
//! interleaved line by line and repeated to the size a bench asks for.

use std::path::{Path, PathBuf};

/// Where `shared/data/loghub-2k` sits: beside the checkout or beside its worktree folder.
pub fn data_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .skip(1)
        .take(3)
        .map(|dir| dir.join("shared/data/loghub-2k"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| manifest.join("../shared/data/loghub-2k"))
}

/// Every raw line of every set, sets in name order (empty when the data is absent).
pub fn raw_lines() -> Vec<String> {
    let mut raw = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(data_dir())
        .map(|d| d.filter_map(Result::ok).collect())
        .unwrap_or_default();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let log = entry.path().join(format!("{name}_2k.log"));
        if let Ok(text) = std::fs::read(&log) {
            raw.extend(String::from_utf8_lossy(&text).lines().map(str::to_string));
        }
    }
    raw
}

/// `count` lines taken across the sets with a stride, like a mixed firehose.
pub fn mixed(raw: &[String], count: usize) -> Vec<&str> {
    (0..count)
        .map(|i| raw[(i * 2_011) % raw.len()].as_str())
        .collect()
}
