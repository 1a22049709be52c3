//! The words a change and an incident can share: identifiers, keys, values and
//! file names, lowercased, with compound identifiers also split into their
//! parts (`DB_POOL_SIZE` → `db_pool_size`, `db`, `pool`, `size`;
//! `maxRetries` → `maxretries`, `max`, `retries`). Both sides go through the
//! same function, so a key renamed in a config file meets the words of the log
//! line that names it.

use std::collections::BTreeSet;

/// Words so common in code, config and logs that sharing them says nothing.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "from",
    "this",
    "that",
    "not",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "but",
    "its",
    "into",
    "onto",
    "out",
    "off",
    "all",
    "any",
    "can",
    "our",
    "you",
    "your",
    "get",
    "set",
    "let",
    "var",
    "val",
    "new",
    "use",
    "fn",
    "def",
    "end",
    "if",
    "else",
    "then",
    "return",
    "true",
    "false",
    "null",
    "nil",
    "none",
    "self",
    "pub",
    "mut",
    "const",
    "static",
    "import",
    "package",
    "func",
    "function",
    "class",
    "struct",
    "type",
    "value",
    "values",
    "name",
    "key",
    "string",
    "int",
    "str",
    "bool",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "is",
    "it",
    "be",
    "as",
    "or",
    "an",
    "no",
    "do",
    "so",
    "we",
    "up",
    "id",
    "ok",
    "http",
    "https",
    "www",
    "com",
    "org",
    "io",
    "redacted",
    "todo",
    "fixme",
    "diff",
    "git",
    "index",
    "dev",
    "null",
    // The Snowball stemmer's English stop word list (snowballstem.org), the
    // function words of the prose in commit messages and log lines.
    "me",
    "my",
    "myself",
    "ours",
    "ourselves",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "these",
    "those",
    "am",
    "been",
    "being",
    "having",
    "does",
    "did",
    "doing",
    "would",
    "should",
    "could",
    "ought",
    "because",
    "until",
    "while",
    "about",
    "against",
    "between",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "down",
    "over",
    "under",
    "again",
    "further",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "nor",
    "only",
    "own",
    "same",
    "than",
    "too",
    "very",
];

/// Longest token kept: longer runs are hashes, base64 or minified code.
const MAX_TOKEN_CHARS: usize = 64;

/// Adds the tokens of `text` to `out`.
pub fn tokens_into(text: &str, out: &mut BTreeSet<String>) {
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.')) {
        let raw = raw.trim_matches(|c: char| c == '.' || c == '-' || c == '_');
        if raw.is_empty() || raw.chars().count() > MAX_TOKEN_CHARS {
            continue;
        }
        let whole = raw.to_lowercase();
        // Dotted or dashed compounds (`checkout-api`, `app.yaml`, `v7.4.9`) are
        // kept whole, and each part counts too.
        let parts: Vec<&str> = raw.split(['.', '-']).filter(|p| !p.is_empty()).collect();
        if parts.len() > 1 && !is_version(raw) {
            keep(&whole, out);
            for part in parts {
                identifier_into(part, out);
            }
        } else if is_version(raw) {
            keep(&whole, out);
        } else {
            identifier_into(raw, out);
        }
    }
}

/// The tokens of `text` as a set.
pub fn tokens(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    tokens_into(text, &mut out);
    out
}

/// An identifier whole and, when compound, split at `_` and camelCase humps.
fn identifier_into(identifier: &str, out: &mut BTreeSet<String>) {
    keep(&identifier.to_lowercase(), out);
    let mut parts: Vec<String> = Vec::new();
    for piece in identifier.split('_').filter(|p| !p.is_empty()) {
        let mut current = String::new();
        let mut previous_lower = false;
        for c in piece.chars() {
            if c.is_uppercase() && previous_lower && !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            current.extend(c.to_lowercase());
        }
        if !current.is_empty() {
            parts.push(current);
        }
    }
    if parts.len() > 1 {
        for part in parts {
            keep(&part, out);
        }
    }
}

fn keep(token: &str, out: &mut BTreeSet<String>) {
    if is_worth_keeping(token) {
        out.insert(token.to_string());
    }
}

/// Single characters, stopwords, mask placeholders and pure hex hashes say
/// nothing about what a change touched; numbers of two digits or more do
/// (`pool_size = 5` → `50` is a value the logs may print).
fn is_worth_keeping(token: &str) -> bool {
    let chars = token.chars().count();
    if chars < 2 || STOPWORDS.contains(&token) {
        return false;
    }
    let all_digits = token.chars().all(|c| c.is_ascii_digit());
    if all_digits {
        return chars >= 2;
    }
    // A long run of hex digits is a hash or an id, not a word: commit shas
    // are matched separately (deploy markers), exactly.
    !(chars >= 12 && token.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The stem a word is matched by, so that inflections of one word meet:
/// `logging`, `logged`, `logs` → `log`; `expired`, `expires`, `expire` →
/// `expir`; `retries`, `retry` → `retri`. A light English suffix stripper
/// (Porter's steps 1a–1c and 5a): commit messages, identifiers and log lines
/// inflect the same word differently, and a change's subject ("debug
/// logging") must meet the line it explains ("write log: …"). Only words of
/// letters are stemmed; compounds, numbers and versions match exactly.
pub fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    let mut out = word.to_string();
    // 1a: plurals.
    if out.ends_with("sses") || out.ends_with("ies") {
        out.truncate(out.len() - 2);
    } else if out.ends_with('s')
        && !out.ends_with("ss")
        && !out.ends_with("us")
        && !out.ends_with("is")
    {
        out.pop();
    }
    // 1b: -ed, -ing, when what is left still has a vowel (`bed`, `sing` stay).
    for suffix in ["ing", "ed"] {
        if out.len() > suffix.len() + 2 && out.ends_with(suffix) {
            let rest = &out[..out.len() - suffix.len()];
            if rest.bytes().any(is_vowel) {
                out.truncate(rest.len());
                // `logg` → `log`, `stopp` → `stop` (not `ll`, `ss`, `zz`: `fill`, `pass`).
                let bytes = out.as_bytes();
                let n = bytes.len();
                if n >= 2
                    && bytes[n - 1] == bytes[n - 2]
                    && !is_vowel(bytes[n - 1])
                    && !b"lsz".contains(&bytes[n - 1])
                {
                    out.pop();
                }
            }
            break;
        }
    }
    // 1c: a final y after a consonant is i (`retry` meets `retries`).
    if out.len() > 2 && out.ends_with('y') && !is_vowel(out.as_bytes()[out.len() - 2]) {
        out.pop();
        out.push('i');
    }
    // 5a: a final e (`expire` meets `expired`).
    if out.len() > 3 && out.ends_with('e') {
        out.pop();
    }
    if out == word {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(out)
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// `v7.4.9`, `1.2`, `2.0.0-rc1`: a version number, kept whole.
pub fn is_version(text: &str) -> bool {
    let body = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let mut numbers = body.split(['-', '+']).next().unwrap_or("").split('.');
    let Some(first) = numbers.next() else {
        return false;
    };
    let rest: Vec<&str> = numbers.collect();
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_digit())
        && !rest.is_empty()
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Hex runs of 7 to 40 characters with a digit and a letter: what a deploy
/// line names a commit by.
pub fn sha_like(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| (7..=40).contains(&t.len()))
        .filter(|t| t.chars().all(|c| c.is_ascii_hexdigit()))
        .filter(|t| {
            t.chars().any(|c| c.is_ascii_digit()) && t.chars().any(|c| c.is_ascii_alphabetic())
        })
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Version-like words in `text` (`v7.4.9`, `2.3.1`).
pub fn versions(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-' || c == '+'))
        .map(|t| t.trim_matches(|c: char| c == '.' || c == '-' || c == '+'))
        .filter(|t| is_version(t))
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_split_into_parts_and_stay_whole() {
        let t = tokens("DB_POOL_SIZE: maxRetries = 50 in checkout-api.yaml, x y");
        for want in [
            "db_pool_size",
            "db",
            "pool",
            "size",
            "maxretries",
            "max",
            "retries",
            "50",
            "checkout-api.yaml",
            "checkout",
            "api",
            "yaml",
        ] {
            assert!(t.contains(want), "{want} missing from {t:?}");
        }
        assert!(!t.contains("x") && !t.contains("in"), "{t:?}");
    }

    #[test]
    fn inflections_of_a_word_share_its_stem() {
        for group in [
            &["log", "logs", "logging", "logged"][..],
            &["expire", "expired", "expires"],
            &["retry", "retries"],
            &["connection", "connections"],
            &["fail", "failed", "failing"],
        ] {
            let stems: BTreeSet<String> = group.iter().map(|w| stem(w).into_owned()).collect();
            assert_eq!(stems.len(), 1, "{group:?} → {stems:?}");
        }
        // What is not a plain word matches exactly.
        for word in [
            "status",
            "pass",
            "fill",
            "v7.4.9",
            "db_pool_size",
            "ledger-tls",
            "x509",
        ] {
            assert_eq!(stem(word), word);
        }
        assert_ne!(stem("timeout"), stem("time"));
    }

    #[test]
    fn versions_and_shas_are_recognised() {
        assert!(is_version("v7.4.9") && is_version("2.0.0-rc1") && !is_version("v7"));
        assert_eq!(
            versions("rollout checkout-api v7.4.9 (commit 9c1e2f4)"),
            ["v7.4.9"]
        );
        assert_eq!(
            sha_like("rollout v7.4.9 (commit 9c1e2f4) deadbee"),
            ["9c1e2f4"]
        );
        assert!(tokens("v7.4.9").contains("v7.4.9"));
        assert!(!tokens("9c1e2f4a9c1e2f4a")
            .iter()
            .any(|t| t.starts_with("9c1e")));
    }
}
