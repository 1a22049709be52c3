//! A template as its lines read: the values the miner masked that never
//! varied, shown.
//!
//! The miner masks a token when it looks like a value (a path, a number, a
//! `key=value`'s value) or when other lines of the template hold another
//! word there. Either way the template id is a hash of the masked text and
//! must not change. But a reader of `refused non-upgrade request to <*>`
//! whose every line says `/live/diary`, or of `issue=<*> with given
//! sender_batch_id already exists` whose every line says `issue=Batch`, is
//! shown less than the lines say. Where every line of a template is still
//! retained and each masked token held one value in all of them, the pack
//! shows that value in its place. A value seen to vary, or a template with
//! lines no longer retained or whose lines do not align token by token with
//! it (a JSON record's message, a value with spaces), keeps its `<*>`.

use std::collections::{HashMap, HashSet};

use super::gather::Gathered;
use crate::ingest::mine::{short_id, TemplateId};
use crate::ingest::Engine;

const WILDCARD: &str = "<*>";
/// Tokens of a line tried against a template; longer lines are not aligned.
const MAX_TOKENS: usize = 256;
/// A longer value (a user agent, a signed URL) costs the budget more than
/// it tells: its mask stays, and the example line shows it.
const MAX_VALUE_CHARS: usize = 48;

/// Shows, in every template `gathered` holds, the values that never varied
/// (`used`: the ids of the templates it holds).
pub fn show(engine: &Engine, gathered: &mut Gathered, used: &HashSet<TemplateId>) {
    let shown = shown_texts(engine, used);
    // Short ids may be shared (16 bits): only one template's text per id.
    let mut by_short: HashMap<String, Option<&String>> = HashMap::new();
    for (id, text) in &shown {
        by_short
            .entry(short_id(*id))
            .and_modify(|t| *t = None)
            .or_insert(Some(text));
    }
    let templates = gathered
        .signals
        .iter_mut()
        .flat_map(|s| s.templates.iter_mut())
        .chain(gathered.templates.iter_mut())
        .chain(gathered.announcements.iter_mut())
        .chain(gathered.notes.iter_mut());
    for template in templates {
        if let Some(Some(text)) = by_short.get(&template.id) {
            template.text = (*text).clone();
        }
    }
}

/// The shown text of each of `wanted` whose masked tokens all, or some,
/// held one value in every line; templates with nothing to show are absent.
pub fn shown_texts(engine: &Engine, wanted: &HashSet<TemplateId>) -> HashMap<TemplateId, String> {
    let miner = engine.miner();
    let mut states: HashMap<TemplateId, State> = wanted
        .iter()
        .filter_map(|&id| {
            let template = miner.get(id)?;
            let tokens: Vec<String> = template
                .text
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let masked = tokens.iter().filter(|t| t.contains(WILDCARD)).count();
            (masked > 0 && tokens.len() <= MAX_TOKENS)
                .then(|| (id, State::new(tokens, template.count)))
        })
        .collect();
    for record in engine.store().iter() {
        let id = miner.resolve(record.template);
        let Some(state) = states.get_mut(&id) else {
            continue;
        };
        if state.settled() {
            continue;
        }
        let first_line = record.text.lines().next().unwrap_or("");
        state.read(first_line);
    }
    states
        .into_iter()
        .filter_map(|(id, state)| Some((id, state.shown()?)))
        .collect()
}

/// What one template's lines held at each masked token so far.
struct State {
    tokens: Vec<String>,
    /// Per token: the value seen there in every line so far (`None` before
    /// the first line); only masked tokens are tracked.
    values: Vec<Option<String>>,
    varied: Vec<bool>,
    lines: u64,
    count: u64,
    /// A line did not align with the template: nothing can be claimed.
    unaligned: bool,
}

impl State {
    fn new(tokens: Vec<String>, count: u64) -> State {
        let n = tokens.len();
        State {
            tokens,
            values: vec![None; n],
            varied: vec![false; n],
            lines: 0,
            count,
            unaligned: false,
        }
    }

    /// Nothing more to learn: a line did not align, or every masked token varied.
    fn settled(&self) -> bool {
        self.unaligned
            || self
                .tokens
                .iter()
                .zip(&self.varied)
                .all(|(t, varied)| !t.contains(WILDCARD) || *varied)
    }

    fn read(&mut self, line: &str) {
        let words: Vec<&str> = line.split_whitespace().take(MAX_TOKENS + 1).collect();
        let Some(start) = self.alignment(&words) else {
            self.unaligned = true;
            return;
        };
        self.lines += 1;
        for (i, token) in self.tokens.iter().enumerate() {
            if !token.contains(WILDCARD) || self.varied[i] {
                continue;
            }
            let word = words[start + i];
            match &self.values[i] {
                None => self.values[i] = Some(word.to_string()),
                Some(seen) if seen != word => self.varied[i] = true,
                Some(_) => {}
            }
        }
    }

    /// Where the template's tokens sit among a line's words: at its end
    /// (a line format's content), else the first place they fit.
    fn alignment(&self, words: &[&str]) -> Option<usize> {
        let n = self.tokens.len();
        if words.len() < n || words.len() > MAX_TOKENS {
            return None;
        }
        let fits = |start: usize| {
            self.tokens
                .iter()
                .zip(&words[start..start + n])
                .all(|(token, word)| token_fits(token, word))
        };
        let tail = words.len() - n;
        if fits(tail) {
            return Some(tail);
        }
        (0..tail).find(|&start| fits(start))
    }

    /// The text with each masked token that held one value in every line
    /// replaced by it; `None` when nothing can be shown.
    fn shown(&self) -> Option<String> {
        if self.unaligned || self.lines == 0 || self.lines != self.count {
            return None;
        }
        let mut changed = false;
        let words: Vec<&str> = self
            .tokens
            .iter()
            .enumerate()
            .map(|(i, token)| match (&self.values[i], self.varied[i]) {
                (Some(value), false)
                    if token.contains(WILDCARD) && value.chars().count() <= MAX_VALUE_CHARS =>
                {
                    changed = true;
                    value.as_str()
                }
                _ => token.as_str(),
            })
            .collect();
        changed.then(|| words.join(" "))
    }
}

/// Whether a line's word is a template token: equal, or, where the token
/// masks part of it (`issue=<*>`, `<*>ms`), the same text around the masks.
fn token_fits(token: &str, word: &str) -> bool {
    if !token.contains(WILDCARD) {
        return token == word;
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

    fn state(template: &str, count: u64) -> State {
        State::new(
            template.split_whitespace().map(str::to_string).collect(),
            count,
        )
    }

    #[test]
    fn a_masked_value_that_never_varied_is_shown() {
        let mut s = state("refused non-upgrade request to <*> from <*>", 2);
        s.read(
            "2026-11-17T07:34:07Z WARN refused non-upgrade request to /live/diary from 10.0.0.1",
        );
        s.read(
            "2026-11-17T07:34:09Z WARN refused non-upgrade request to /live/diary from 10.0.0.7",
        );
        assert_eq!(
            s.shown().as_deref(),
            Some("refused non-upgrade request to /live/diary from <*>")
        );
        // Part of a token: the whole word is shown.
        let mut kv = state("paypal batch failed issue=<*> with given id", 2);
        kv.read("[error ] paypal batch failed   issue=Batch with given id");
        kv.read("[error ] paypal batch failed issue=Batch with given id");
        assert_eq!(
            kv.shown().as_deref(),
            Some("paypal batch failed issue=Batch with given id")
        );
    }

    #[test]
    fn nothing_is_claimed_of_lines_not_all_seen_or_not_aligned() {
        // Three lines counted, two retained.
        let mut evicted = state("queue <*> is behind", 3);
        evicted.read("queue q1 is behind");
        evicted.read("queue q1 is behind");
        assert_eq!(evicted.shown(), None);
        // A line whose words do not fit the template.
        let mut odd = state("queue <*> is behind", 2);
        odd.read("queue q1 is behind");
        odd.read("{\"msg\":\"queue q1 is behind\"}");
        assert_eq!(odd.shown(), None);
        // Every masked token varied.
        let mut varied = state("queue <*> is behind", 2);
        varied.read("queue q1 is behind");
        varied.read("queue q2 is behind");
        assert!(varied.settled());
        assert_eq!(varied.shown(), None);
    }

    #[test]
    fn tokens_fit_around_their_masks() {
        assert!(token_fits("issue=<*>", "issue=Batch"));
        assert!(token_fits("<*>ms", "120ms"));
        assert!(token_fits("<*>-<*>", "a-b"));
        assert!(!token_fits("issue=<*>", "reason=Batch"));
        assert!(!token_fits("<*>ms", "120s"));
        assert!(!token_fits("took", "took:"));
    }
}
