//! Parsing one line: timestamp, level, fields. PLACEHOLDER — the log-engine work replaces it.
