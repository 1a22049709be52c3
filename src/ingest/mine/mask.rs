//! Built-in masks: which tokens of a line are variables, and the masked token
//! sequence a line is mined on. General rules only — nothing here names a log
//! source; they are measured on the shared Loghub-2k sets (README).
//!
//! * a token holding digits that looks like a value (numbers, hex, IPs, ids,
//!   sizes, times) is `<*>`; words like `ssh2` or `SOCKS5` stay words;
//! * `key=value` keeps its key: `user=<*>` (values differ, keys don't);
//! * dotted names with three or more parts (hosts, FQDNs, class paths) are `<*>`;
//! * empty values (`()`, `[]`, `""`) are `<*>`: an empty slot of a value;
//! * capitalized weekday and month names are `<*>` (they travel with dates);
//! * a unit after a variable (`512 bytes`, `<1 sec`, `(2.4 KB)`) folds into it,
//!   and runs of `<*>` collapse into one, so a value spelled in one or in several
//!   tokens gives the same template.

pub const WILDCARD: &str = "<*>";
/// Tokens considered per line; longer lines are mined on their first tokens.
const MAX_TOKENS: usize = 120;

/// One token after masking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Masked<'a> {
    Word(&'a str),
    Wild,
    /// `key=<*>`; holds `key=`.
    KeyWild(&'a str),
}

impl Masked<'_> {
    pub fn to_token(self) -> String {
        match self {
            Masked::Word(w) => w.to_string(),
            Masked::Wild => WILDCARD.to_string(),
            Masked::KeyWild(k) => format!("{k}{WILDCARD}"),
        }
    }

    /// Feeds the token's text to `sink` without allocating.
    pub fn bytes(self, mut sink: impl FnMut(&[u8])) {
        match self {
            Masked::Word(w) => sink(w.as_bytes()),
            Masked::Wild => sink(WILDCARD.as_bytes()),
            Masked::KeyWild(k) => {
                sink(k.as_bytes());
                sink(WILDCARD.as_bytes());
            }
        }
    }
}

/// Calls `emit` with each masked token of `content`, after unit folding and
/// wildcard collapsing. Allocation-free: the fast path hashes through it.
pub fn for_each_masked<'a>(content: &'a str, mut emit: impl FnMut(Masked<'a>)) {
    let mut previous_wild = false;
    for token in content.split_ascii_whitespace().take(MAX_TOKENS) {
        if previous_wild && is_unit(token) {
            continue;
        }
        let masked = mask(token);
        let wild = masked == Masked::Wild;
        if wild && previous_wild {
            continue;
        }
        previous_wild = wild;
        emit(masked);
    }
}

/// The masked tokens of `content`, owned.
pub fn masked_tokens(content: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_masked(content, |m| out.push(m.to_token()));
    out
}

/// The masked form of one token.
pub fn mask(token: &str) -> Masked<'_> {
    if let Some(key) = key_of(token) {
        return Masked::KeyWild(key);
    }
    let core = token.trim_matches(|c: char| "()[]{},;:'\"".contains(c));
    if is_variable(token)
        || is_dotted_name(core)
        || matches!(token, "()" | "[]" | "{}" | "\"\"" | "''")
        || is_calendar_word(core)
    {
        return Masked::Wild;
    }
    Masked::Word(token)
}

/// `key=` of a `key=value` token whose key is a plain name and value non-empty.
fn key_of(token: &str) -> Option<&str> {
    let split = token.find('=')?;
    let key = &token[..split];
    let plain = split > 0
        && split + 1 < token.len()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-' || b == b'.');
    plain.then(|| &token[..=split])
}

/// A token is variable when it holds digits and looks like a value: it starts
/// with a digit or sign, carries separators (`.:/-_@=` …: IPs, paths, ids,
/// sizes, times), or is digit-heavy.
pub fn is_variable(token: &str) -> bool {
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

/// `a.b.c` and longer: host names, FQDNs, dotted class or property paths.
fn is_dotted_name(core: &str) -> bool {
    let mut parts = 0;
    for part in core.split('.') {
        if part.is_empty()
            || !part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return false;
        }
        parts += 1;
    }
    parts >= 3
}

/// Capitalized English weekday and month abbreviations (`Sun`, `Jul`).
fn is_calendar_word(core: &str) -> bool {
    const NAMES: [&str; 19] = [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES.contains(&core)
}

/// A unit word that, after a value, belongs to it (`bytes`, `KB)`, `ms,`).
fn is_unit(token: &str) -> bool {
    const UNITS: [&str; 27] = [
        "b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "bytes", "byte", "ms", "us", "ns", "s",
        "sec", "secs", "second", "seconds", "min", "mins", "minutes", "h", "hr", "hrs", "hours",
        "%", "µs",
    ];
    let core = token.trim_matches(|c: char| "()[],;".contains(c));
    core.len() <= 7 && UNITS.iter().any(|u| u.eq_ignore_ascii_case(core))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_several_tokens_mask_alike() {
        assert_eq!(
            masked_tokens("close, 2842 bytes (2.77 KB) sent, lifetime <1 sec"),
            masked_tokens("close, 12 bytes sent, lifetime 00:02")
        );
        assert_eq!(
            masked_tokens("user=root rhost=a.example.org ok"),
            vec!["user=<*>", "rhost=<*>", "ok"]
        );
        assert_eq!(
            masked_tokens("from 10.0.0.1 () at Sun Jul 3 10:05:01 2005"),
            vec!["from", "<*>", "at", "<*>"]
        );
        assert_eq!(
            masked_tokens("via SOCKS5 ssh2"),
            vec!["via", "SOCKS5", "ssh2"]
        );
    }
}
