//! A line read against its template: what each of the template's tokens
//! holds in it. The miner keeps a template's text, not the values its
//! masks stood for; the pack's readers (constant_values.rs, which shows a
//! value that never varied, and onset_values.rs, which shows the values
//! the lines took from the onset) read them back from the retained lines.

use crate::ingest::mine::WILDCARD;

/// Tokens of a line tried against a template; longer lines are not aligned.
pub const MAX_TOKENS: usize = 256;
/// Words one masked token may stand for (a folded run of amounts and units,
/// a quoted field).
const MAX_SPAN: usize = 4;

/// A template's tokens, and the matching table `values_in` fills, kept
/// between lines.
pub struct Aligner {
    tokens: Vec<String>,
    scratch: Vec<u8>,
    /// The last line aligned by a JSON field, not as a whole: a template's
    /// lines come from one format, so the next is tried that way first.
    by_field: bool,
}

impl Aligner {
    /// `None` for a template of more than `MAX_TOKENS` tokens.
    pub fn new(template: &str) -> Option<Aligner> {
        let tokens: Vec<String> = template.split_whitespace().map(str::to_string).collect();
        (tokens.len() <= MAX_TOKENS).then_some(Aligner {
            tokens,
            scratch: Vec::new(),
            by_field: false,
        })
    }

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Calls `take` with the tokens and what each holds in a record's first line:
    /// the template's tokens among its words or, in a JSON object, among
    /// the words of one of its string fields (the message the miner
    /// mined). False when the line does not align.
    pub fn read(&mut self, line: &str, take: impl FnOnce(&[String], Vec<&str>)) -> bool {
        let json = line.trim_start().starts_with('{');
        if !(json && self.by_field) {
            if let Some(values) = self.values_in(line) {
                self.by_field = false;
                take(&self.tokens, values);
                return true;
            }
        }
        if json {
            if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(line) {
                for value in fields.values() {
                    let serde_json::Value::String(text) = value else {
                        continue;
                    };
                    if let Some(values) = self.values_in(text) {
                        self.by_field = true;
                        take(&self.tokens, values);
                        return true;
                    }
                }
            }
            // Tried by field first: the whole line is still a candidate.
            if self.by_field {
                if let Some(values) = self.values_in(line) {
                    self.by_field = false;
                    take(&self.tokens, values);
                    return true;
                }
            }
        }
        false
    }

    /// What each template token holds in `text`: the template matched
    /// against its words so that it ends where they do (a line format's
    /// content is the line's end), from the latest start that fits. A
    /// masked token may hold up to `MAX_SPAN` words (`span_of`).
    pub fn values_in<'t>(&mut self, text: &'t str) -> Option<Vec<&'t str>> {
        let words = word_ranges(text)?;
        let n = self.tokens.len();
        if words.len() < n {
            return None;
        }
        let piece = |from: usize, to: usize| &text[words[from].0..words[to - 1].1];
        // Most lines hold one word per token: try that first.
        let tail = words.len() - n;
        if (0..n).all(|i| token_fits(&self.tokens[i], piece(tail + i, tail + i + 1))) {
            return Some((0..n).map(|i| piece(tail + i, tail + i + 1)).collect());
        }
        // Else match from the end backwards, literals pruning, remembering
        // what failed: choice[i * (m + 1) + end] is 0 unknown, 1 no match,
        // else 1 + the words tokens[i - 1] takes when tokens[..i] end at `end`.
        let m = words.len();
        let choice = &mut self.scratch;
        choice.clear();
        choice.resize((n + 1) * (m + 1), 0);
        let ctx = Backward {
            tokens: &self.tokens,
            text,
            words: &words,
            m,
        };
        if !ctx.matches(n, m, choice) {
            return None;
        }
        let mut values = vec![""; n];
        let mut end = m;
        for i in (1..=n).rev() {
            let take = usize::from(choice[i * (m + 1) + end]) - 1;
            values[i - 1] = piece(end - take, end);
            end -= take;
        }
        Some(values)
    }
}

/// Words a token may hold: one, or up to `MAX_SPAN` when it masks a value,
/// which may hold spaces (a folded run of amounts; a quoted field, which
/// the miner reads as one token: `"GET <*>"` of `"GET /a.json HTTP/1.1"`).
fn span_of(token: &str) -> usize {
    if token.contains(WILDCARD) {
        MAX_SPAN
    } else {
        1
    }
}

/// Matching a template backwards from the end of a line's words.
struct Backward<'a> {
    tokens: &'a [String],
    text: &'a str,
    words: &'a [(usize, usize)],
    m: usize,
}

impl Backward<'_> {
    /// Whether `tokens[..i]` match words ending at `end` (starting anywhere).
    fn matches(&self, i: usize, end: usize, choice: &mut [u8]) -> bool {
        if i == 0 {
            return true;
        }
        let at = i * (self.m + 1) + end;
        match choice[at] {
            0 => {}
            1 => return false,
            _ => return true,
        }
        let token = &self.tokens[i - 1];
        for take in 1..=span_of(token).min(end) {
            let from = end - take;
            let piece = &self.text[self.words[from].0..self.words[end - 1].1];
            if token_fits(token, piece) && self.matches(i - 1, from, choice) {
                // `take` is at most MAX_SPAN, far below u8::MAX.
                choice[at] = u8::try_from(take + 1).unwrap_or(u8::MAX);
                return true;
            }
        }
        choice[at] = 1;
        false
    }
}

/// The byte ranges of `text`'s words; `None` past `MAX_TOKENS` words.
fn word_ranges(text: &str) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(from)) => {
                out.push((from, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
        if out.len() > MAX_TOKENS {
            return None;
        }
    }
    if let Some(from) = start {
        out.push((from, text.len()));
    }
    (out.len() <= MAX_TOKENS).then_some(out)
}

/// `4xx` for `404`: the miner keeps an access line's status as its class.
fn status_class_of(token: &str, word: &str) -> bool {
    let (t, w) = (token.as_bytes(), word.as_bytes());
    t.len() == 3
        && w.len() == 3
        && t[1..] == *b"xx"
        && t[0] == w[0]
        && w.iter().all(u8::is_ascii_digit)
}

/// Whether a line's word is a template token: equal, or, where the token
/// masks part of it (`issue=<*>`, `<*>ms`), the same text around the masks.
pub fn token_fits(token: &str, word: &str) -> bool {
    if !token.contains(WILDCARD) {
        return token == word || status_class_of(token, word);
    }
    let pieces: Vec<&str> = token.split(WILDCARD).collect();
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !word.starts_with(first) || word.len() < first.len() + last.len() || !word.ends_with(last) {
        return false;
    }
    let mut rest = &word[first.len()..word.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_fit_around_their_masks() {
        assert!(token_fits("issue=<*>", "issue=Batch"));
        assert!(token_fits("<*>ms", "120ms"));
        assert!(token_fits("<*>-<*>", "a-b"));
        assert!(!token_fits("issue=<*>", "reason=Batch"));
        assert!(!token_fits("<*>ms", "120s"));
        assert!(!token_fits("took", "took:"));
        assert!(token_fits("4xx", "404"));
        assert!(!token_fits("4xx", "503"));
    }
}
