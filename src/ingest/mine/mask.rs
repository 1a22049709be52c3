//! Built-in masks: which tokens of a line are variables, and the masked token
//! sequence a line is mined on. General rules only — nothing here names a log
//! source; they are measured on the shared Loghub-2k sets (docs/performance.md).
//!
//! * a token holding digits that looks like a value (numbers, hex, IPs, ids,
//!   sizes, times) is `<*>`; words like `ssh2` or `SOCKS5`, and numbered
//!   names (letters, then one digit: `G1`, `L2`, `alt0`), stay words;
//! * hex groups joined by colons (MAC and IPv6 addresses, byte dumps) are `<*>`;
//! * a command-line option (`-y`, `--install`) opens an argument vector that
//!   runs to the end of the line: one `<*>`, however many arguments;
//! * hashes (runs of 7+ hex digits) and paths or URLs are values, digits or not;
//! * a double-quoted field holding spaces is one token (`mask/quoted.rs`);
//! * `key=value` keeps its key: `user=<*>` (values differ, keys don't); so does
//!   `key:value` between two plain words (`overlap:<*>`); a message or error
//!   code key's word value stays (`reason=unknown_user`, `message=Request`,
//!   `code=amount_too_small`): it is what happened, not a parameter;
//! * a dotted name ending in a thrown type (`java.net.ConnectException`)
//!   stays: it is the code's constant;
//! * a token holding digits is split on `, : = | ( ) [ ] { }` and only its
//!   variable pieces are masked: `index:-1` is `index:<*>`,
//!   `Surface(name=Popup:9b04807)` is `Surface(name=Popup:<*>)`; when no word
//!   piece is left (times, `host:port`, `[12]`) the whole token is `<*>`;
//! * dotted names with three or more parts (hosts, FQDNs, class paths) are `<*>`;
//! * empty values (`()`, `[]`, `""`, and `"-"`, the Common Log Format's
//!   quoted "not available") and placeholders (`<none>`, `<nil>`) are `<*>`:
//!   the slot of an absent value;
//! * capitalized weekday and month names are `<*>` (they travel with dates);
//! * the status after an access line's request (`… HTTP/1.1" 503`) keeps its
//!   class, `5xx`;
//! * a unit after a variable (`512 bytes`, `<1 sec`, `(2.4 KB)`) folds into it,
//!   and runs of amounts and dates (`<*>` tokens opening with a digit, sign or
//!   bracket, or month and weekday names) collapse into one, so a value spelled
//!   in one or in several tokens gives the same template; other values (a name,
//!   then its version) stay one `<*>` each.

mod quoted;
mod shapes;

pub use shapes::code_field_key;
use shapes::{
    is_calendar_word, is_dotted_name, is_hex_groups, is_hex_id, is_hex_run, is_message_field,
    is_numbered_name, is_option, is_path, is_placeholder, is_unit, maybe_calendar, maybe_path,
};

pub const WILDCARD: &str = "<*>";
/// Tokens considered per line; longer lines are mined on their first tokens.
const MAX_TOKENS: usize = 120;

/// One token after masking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Masked<'a> {
    Word(&'a str),
    Wild,
    /// The argument vector an option opens: a value running to the line's
    /// end (`<*>`, as `Wild`; `tails` lets it cover vectors of any length).
    Argv,
    /// `key=<*>`; holds `key=`.
    KeyWild(&'a str),
    /// A quoted HTTP request line: holds its opening quote and method
    /// (`"GET `); the target and version are the value (`"GET <*>"`).
    Request(&'a str),
    /// The token with its variable pieces masked (see `for_each_piece`); bit
    /// `i` says piece `i` is variable (worked out once, when masking).
    Pieces(&'a str, u64),
}

impl Masked<'_> {
    pub fn to_token(self) -> String {
        match self {
            Masked::Word(w) => w.to_string(),
            Masked::Wild | Masked::Argv => WILDCARD.to_string(),
            Masked::KeyWild(k) => format!("{k}{WILDCARD}"),
            Masked::Request(method) => format!("{method}{WILDCARD}\""),
            Masked::Pieces(token, variable) => {
                let mut out = String::with_capacity(token.len());
                for_each_piece(token, variable, |piece| out.push_str(piece));
                out
            }
        }
    }

    /// Feeds the token's text to `sink` without allocating.
    pub fn bytes(self, mut sink: impl FnMut(&[u8])) {
        match self {
            Masked::Word(w) => sink(w.as_bytes()),
            Masked::Wild | Masked::Argv => sink(WILDCARD.as_bytes()),
            Masked::KeyWild(k) => {
                sink(k.as_bytes());
                sink(WILDCARD.as_bytes());
            }
            Masked::Request(method) => {
                sink(method.as_bytes());
                sink(WILDCARD.as_bytes());
                sink(b"\"");
            }
            Masked::Pieces(token, variable) => {
                for_each_piece(token, variable, |piece| sink(piece.as_bytes()))
            }
        }
    }
}

/// Calls `emit` with each masked token of `content`, after unit folding and
/// wildcard collapsing. Allocation-free: the fast path hashes through it.
/// Tokens are split on ASCII white space in the same byte pass that profiles
/// them (this runs on every line).
pub fn for_each_masked<'a>(content: &'a str, mut emit: impl FnMut(Masked<'a>)) {
    let bytes = content.as_bytes();
    let mut previous_wild = false;
    // Only values that read as amounts or dates run on over several tokens
    // (`2842 bytes (2.77 KB)`, `Sun Jul 3 10:05:01`); a name followed by a
    // version (`libfoo:amd64 1.2-3`) is two values, and collapsing it would
    // give the same message two lengths.
    let mut previous_quantity = false;
    // The status after an access line's request keeps its class (`5xx`):
    // a failing and a succeeding request are different stories on call.
    let mut previous_http = false;
    let mut at = 0;
    for _ in 0..MAX_TOKENS {
        while at < bytes.len() && CLASSES[bytes[at] as usize] & SPACE != 0 {
            at += 1;
        }
        if at == bytes.len() {
            return;
        }
        let start = at;
        let mut profile = Profile::default();
        while at < bytes.len() {
            let class = CLASSES[bytes[at] as usize];
            if class & SPACE != 0 {
                break;
            }
            profile.add(class);
            at += 1;
        }
        // A double-quoted field with spaces inside (an access line's request,
        // referer or user agent; a quoted message) is one field, as the
        // format that quoted it means: its words vary in number, not in kind.
        let mut field = false;
        if bytes[start] == b'"' {
            if let Some(end) = quoted::field_from(bytes, start, at) {
                at = end;
                field = true;
            }
        }
        // Split at ASCII bytes only, so both ends are character boundaries.
        let token = &content[start..at];
        if previous_wild && is_unit(token) {
            continue;
        }
        // A command-line option opens an argument vector (POSIX and GNU
        // option syntax): options, their arguments and operands run to the
        // end of the line in any number, so the vector is one value.
        if bytes[start] == b'-' && !field && is_option(token) {
            emit(Masked::Argv);
            return;
        }
        let status = previous_http.then(|| status_class(token)).flatten();
        previous_http = ends_http_request(token);
        let masked = match status {
            Some(class) => Masked::Word(class),
            None if field => quoted::mask_field(token),
            None => mask_profiled(token, &profile),
        };
        let wild = masked == Masked::Wild;
        let quantity = wild && is_quantity(token);
        if quantity && previous_quantity {
            continue;
        }
        previous_wild = wild;
        previous_quantity = quantity;
        emit(masked);
    }
}

/// The masked tokens of `content`, owned (the miner uses `tails::masked_line`).
#[cfg(test)]
pub fn masked_tokens(content: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_masked(content, |m| out.push(m.to_token()));
    out
}

/// What the pass that finds a token's end tells the rules below: the union
/// of its bytes' classes. Counts (digits, dots, colons) are taken only for the
/// few tokens whose classes say a rule needs them, so the pass over plain
/// words stays a table lookup and an OR per byte.
#[derive(Default)]
struct Profile {
    classes: u8,
}

const DIGIT: u8 = 1;
const EQUALS: u8 = 2;
const COLON: u8 = 4;
const DOT: u8 = 8;
/// `, : = | ( ) [ ] { }`: where a token splits into pieces.
const PIECE: u8 = 16;
/// `. : / - _ @ = [ ] ( ) , # \`: what makes a digit-bearing token a value.
const SEPARATOR: u8 = 32;
/// ASCII white space (as `u8::is_ascii_whitespace`): where tokens end.
const SPACE: u8 = 64;
/// `/`: what paths are made of.
const SLASH: u8 = 128;

/// Byte → class bits; a table keeps the per-byte loop free of branches.
static CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = b'0';
    while b <= b'9' {
        table[b as usize] = DIGIT;
        b += 1;
    }
    table[b'=' as usize] = EQUALS | PIECE | SEPARATOR;
    table[b':' as usize] = COLON | PIECE | SEPARATOR;
    table[b'.' as usize] = DOT | SEPARATOR;
    let pieces = b",|()[]{}";
    let mut i = 0;
    while i < pieces.len() {
        table[pieces[i] as usize] |= PIECE;
        i += 1;
    }
    let separators = b"/-_@[](),#\\";
    let mut i = 0;
    while i < separators.len() {
        table[separators[i] as usize] |= SEPARATOR;
        i += 1;
    }
    table[b'/' as usize] |= SLASH;
    let spaces = b" \t\n\r\x0c";
    let mut i = 0;
    while i < spaces.len() {
        table[spaces[i] as usize] = SPACE;
        i += 1;
    }
    table
};

impl Profile {
    /// The profile of a whole token.
    fn of(token: &str) -> Profile {
        let mut profile = Profile::default();
        for b in token.bytes() {
            profile.add(CLASSES[b as usize]);
        }
        profile
    }

    fn add(&mut self, class: u8) {
        self.classes |= class;
    }

    fn has(&self, class: u8) -> bool {
        self.classes & class != 0
    }
}

/// Bytes of `token` in `class`.
fn count(token: &str, class: u8) -> usize {
    token
        .bytes()
        .filter(|&b| CLASSES[b as usize] & class != 0)
        .count()
}

/// The masked form of one token, from its profile (only the rules that can apply run).
fn mask_profiled<'a>(token: &'a str, profile: &Profile) -> Masked<'a> {
    if profile.has(EQUALS) {
        if let Some(key) = token.find('=').and_then(|at| key_of(token, at)) {
            if !profile.has(DIGIT) && is_message_field(key, &token[key.len()..]) {
                return Masked::Word(token);
            }
            return Masked::KeyWild(key);
        }
    }
    // A path or URL is a value; one holding digits and no piece delimiter
    // is one already (its `/` makes it a separated value).
    let path =
        |token: &str| profile.has(SLASH) && maybe_path(token) && is_path(trim_punctuation(token));
    if (!profile.has(DIGIT) || profile.has(PIECE)) && path(token) {
        return Masked::Wild;
    }
    if !profile.has(DIGIT) {
        let wild =
            (profile.has(DOT) && count(token, DOT) >= 2 && is_dotted_name(trim_punctuation(token)))
                || (token.len() <= 7
                    && maybe_calendar(token)
                    && is_calendar_word(trim_punctuation(token)))
                || matches!(token, "()" | "[]" | "{}" | "\"\"" | "''" | "\"-\"")
                || is_placeholder(token);
        if wild {
            return Masked::Wild;
        }
        if profile.has(COLON) && count(token, COLON) == 1 {
            if let Some(key) = word_colon_word(token) {
                return Masked::KeyWild(key);
            }
        }
        return Masked::Word(token);
    }
    if !profile.has(PIECE) {
        let digits = count(token, DIGIT);
        return if variable_shape(token.as_bytes(), digits, profile.has(SEPARATOR)) {
            Masked::Wild
        } else {
            Masked::Word(token)
        };
    }
    if profile.has(COLON) && profile.has(DOT) && is_host_port(token.trim_end_matches([',', ';'])) {
        return Masked::Wild;
    }
    if profile.has(COLON) && is_hex_groups(token.trim_end_matches([',', ';', '.'])) {
        return Masked::Wild;
    }
    let (mut words, mut wild) = (0, 0);
    let mut variable = 0u64;
    let mut index = 0;
    split_pieces(token, |piece, _| {
        match piece {
            "" => {}
            _ if is_variable_piece(piece) => {
                wild += 1;
                variable |= 1u64.checked_shl(index).unwrap_or(0);
            }
            _ => words += 1,
        }
        index += 1;
    });
    match (words, wild) {
        (0, _) => Masked::Wild,
        (_, 0) => Masked::Word(token),
        _ => Masked::Pieces(token, variable),
    }
}

fn trim_punctuation(token: &str) -> &str {
    token.trim_matches(|c: char| {
        matches!(
            c,
            '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | ':' | '\'' | '"'
        )
    })
}

/// Calls `visit(piece, delimiter after it)` for the pieces of `token` split on
/// `, : = | ( ) [ ] { }` (ASCII, so every split is a character boundary).
fn split_pieces<'a>(token: &'a str, mut visit: impl FnMut(&'a str, Option<&'a str>)) {
    let mut start = 0;
    for (at, &b) in token.as_bytes().iter().enumerate() {
        if CLASSES[b as usize] & PIECE != 0 {
            visit(&token[start..at], Some(&token[at..at + 1]));
            start = at + 1;
        }
    }
    visit(&token[start..], None);
}

/// Feeds `token` to `emit` piece by piece, its variable pieces (bits of
/// `variable`; past the 64th piece, judged again) as `<*>`.
fn for_each_piece<'a>(token: &'a str, variable: u64, mut emit: impl FnMut(&'a str)) {
    let mut index = 0u32;
    split_pieces(token, |piece, delimiter| {
        if !piece.is_empty() {
            let is_variable = match 1u64.checked_shl(index) {
                Some(bit) => variable & bit != 0,
                None => is_variable_piece(piece),
            };
            emit(if is_variable { WILDCARD } else { piece });
        }
        if let Some(delimiter) = delimiter {
            emit(delimiter);
        }
        index += 1;
    });
}

/// A piece (or a whole token) that is a value.
fn is_variable_piece(piece: &str) -> bool {
    if is_variable(piece) {
        return true;
    }
    let core = trim_punctuation(piece);
    is_dotted_name(core) || is_calendar_word(core)
}

/// `… HTTP/1.1"`: the end of an access line's quoted request.
fn ends_http_request(token: &str) -> bool {
    token.ends_with('"')
        && token
            .trim_end_matches('"')
            .rsplit_once("HTTP/")
            .is_some_and(|(_, version)| {
                !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            })
}

/// The class (`2xx` … `5xx`) of an HTTP status code token.
fn status_class(token: &str) -> Option<&'static str> {
    const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];
    let bytes = token.as_bytes();
    if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    CLASSES
        .get(usize::from(bytes[0].wrapping_sub(b'1')))
        .copied()
}

/// A masked token that reads as an amount, a time or a date part: it opens
/// with a digit, a sign or a bracket (and is no hash), or is a weekday or
/// month name.
fn is_quantity(token: &str) -> bool {
    let first = token.as_bytes().first().copied().unwrap_or(b' ');
    // A hash or object id that happens to open with a digit (`3a58df…`) is
    // a value of its own, not part of an amount. A bracketed value continues
    // the one before it (`10.0.0.1 (host.example.net)`), and a placeholder
    // (`<none>`) stands where an amount or version would.
    let numeric = first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'#');
    (numeric && !is_hex_id(token))
        || matches!(first, b'(' | b'[' | b'{' | b'<')
        || is_calendar_word(trim_punctuation(token))
}

/// `name.domain:443`, `10.0.0.1:8080`.
fn is_host_port(token: &str) -> bool {
    let Some((host, port)) = token.rsplit_once(':') else {
        return false;
    };
    !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `key:` of `key:value` where both are plain words (`overlap:false`, `overlap:false,`).
fn word_colon_word(token: &str) -> Option<&str> {
    let (key, value) = token.split_once(':')?;
    // A list's comma or a sentence's stop after the value is not part of it.
    let value = value.trim_end_matches([',', ';', '.']);
    let word = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic());
    (word(key) && word(value)).then(|| &token[..=key.len()])
}

/// `key=` of a `key=value` token (`=` at `split`) whose key is a plain name and
/// whose value is non-empty.
fn key_of(token: &str, split: usize) -> Option<&str> {
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
    digit_count > 0
        && variable_shape(
            bytes,
            digit_count,
            bytes.iter().any(|&b| CLASSES[b as usize] & SEPARATOR != 0),
        )
}

/// A digit-bearing token is a value when it starts with a digit or sign, carries
/// separators, or is digit-heavy.
fn variable_shape(bytes: &[u8], digit_count: usize, separators: bool) -> bool {
    let starts_numeric = bytes[0].is_ascii_digit()
        || (matches!(bytes[0], b'-' | b'+' | b'#' | b'(' | b'[') && bytes.len() > 1);
    starts_numeric
        || separators
        || (digit_count * 3 >= bytes.len() && !is_numbered_name(bytes))
        || is_hex_run(bytes)
}

#[cfg(test)]
mod tests;
