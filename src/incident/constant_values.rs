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
//! shows that value in its place. A line aligns with its template when the
//! template's tokens end where its words do (a line format's content is the
//! line's end) or where a JSON object's string field's words do (the message
//! the miner mined); a whole `<*>` may stand for a few words (the miner
//! folds a run of amounts into one). A value seen to vary, or a template
//! with lines no longer retained or that do not align, keeps its `<*>`.

use std::collections::{HashMap, HashSet};

use super::align::Aligner;
use super::gather::Gathered;
use crate::ingest::mine::{TemplateId, WILDCARD};
use crate::ingest::Engine;

/// Lines read in all: a template whose values never vary is read to its
/// last line, and a million-line run must not pay for every one.
const MAX_LINES_READ: usize = 100_000;
/// Templates of more lines are not read: a value that never varied over
/// thousands of lines (an access log's constant field) would cost the pack's
/// build more than it tells, and the example lines show it anyway.
const MAX_TEMPLATE_LINES: usize = 2_000;
/// A longer value (a user agent, a signed URL) costs the budget more than
/// it tells: its mask stays, and the example line shows it.
const MAX_VALUE_CHARS: usize = 48;

/// Shows, in every template `gathered` holds, the values that never varied
/// (`used`: the ids of the templates it holds).
pub fn show(engine: &Engine, gathered: &mut Gathered, used: &HashSet<TemplateId>) {
    let shown = shown_texts(engine, used);
    // Short ids may be shared (16 bits): only one template's text per id.
    let by_short = super::gather::by_short_id(&shown);
    for template in gathered.templates_mut() {
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
            let aligner = Aligner::new(&template.text)?;
            let masked = aligner.tokens().iter().any(|t| t.contains(WILDCARD));
            let readable = template.count <= MAX_TEMPLATE_LINES as u64;
            (masked && readable).then(|| (id, State::new(aligner, template.count)))
        })
        .collect();
    let mut read = 0usize;
    for record in engine.store().iter() {
        let id = miner.resolve(record.template);
        let Some(state) = states.get_mut(&id) else {
            continue;
        };
        if state.settled() {
            continue;
        }
        // Past the bound, templates not yet settled are not claimed (their
        // lines are not all read).
        read += 1;
        if read > MAX_LINES_READ {
            break;
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
    aligner: Aligner,
    /// Per token: what its lines shared there (`None` before the first line,
    /// and for tokens the miner did not mask).
    shared: Vec<Option<Shared>>,
    lines: u64,
    count: u64,
    /// A line did not align with the template: nothing can be claimed.
    unaligned: bool,
    /// Every masked token varied: nothing left to learn.
    varied: bool,
}

/// The value every line held at a masked token so far, and whether one
/// differed.
#[derive(Debug, Clone)]
struct Shared {
    value: String,
    same: bool,
}

impl Shared {
    fn new(word: &str) -> Shared {
        Shared {
            value: word.to_string(),
            same: true,
        }
    }

    fn add(&mut self, word: &str) {
        self.same &= self.value == word;
    }

    /// The value, when it never varied and is short enough to show.
    fn shown(&self) -> Option<&str> {
        (self.same && self.value.chars().count() <= MAX_VALUE_CHARS).then_some(self.value.as_str())
    }
}

impl State {
    fn new(aligner: Aligner, count: u64) -> State {
        let n = aligner.tokens().len();
        State {
            aligner,
            shared: vec![None; n],
            lines: 0,
            count,
            unaligned: false,
            varied: false,
        }
    }

    /// Nothing more to learn: a line did not align, or every masked token varied.
    fn settled(&self) -> bool {
        self.unaligned || self.varied
    }

    /// Reads a record's first line (`Aligner::read`).
    fn read(&mut self, line: &str) {
        let State {
            aligner,
            shared,
            lines,
            varied,
            ..
        } = self;
        let aligned = aligner.read(line, |tokens, values| {
            *lines += 1;
            for ((token, shared), value) in tokens.iter().zip(shared.iter_mut()).zip(values) {
                if !token.contains(WILDCARD) {
                    continue;
                }
                match shared {
                    None => *shared = Some(Shared::new(value)),
                    Some(shared) => shared.add(value),
                }
            }
            *varied = tokens.iter().zip(shared.iter()).all(|(token, shared)| {
                !token.contains(WILDCARD) || shared.as_ref().is_some_and(|s| !s.same)
            });
        });
        self.unaligned |= !aligned;
    }

    /// The text with each masked token shown as its lines had it (`Shared`);
    /// `None` when nothing can be shown.
    fn shown(&self) -> Option<String> {
        if self.unaligned || self.lines == 0 || self.lines != self.count {
            return None;
        }
        let mut changed = false;
        let words: Vec<&str> = self
            .aligner
            .tokens()
            .iter()
            .zip(&self.shared)
            .map(
                |(token, shared)| match shared.as_ref().and_then(Shared::shown) {
                    Some(value) if token.contains(WILDCARD) => {
                        changed = true;
                        value
                    }
                    _ => token.as_str(),
                },
            )
            .collect();
        changed.then(|| words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(template: &str, count: u64) -> State {
        State::new(Aligner::new(template).expect("a short template"), count)
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
        odd.read("queue q1 is far behind");
        assert_eq!(odd.shown(), None);
        // Every masked token varied, sharing no word.
        let mut varied = state("queue <*> is behind", 2);
        varied.read("queue q1 is behind");
        varied.read("queue q2 is behind");
        assert!(varied.settled());
        assert_eq!(varied.shown(), None);
    }

    #[test]
    fn a_mask_may_stand_for_a_run_of_amounts_and_json_lines_are_read_by_field() {
        // The miner folds `184s, 76914` into one `<*>`.
        let mut s = state("credits behind on <*> record age <*> records to go", 2);
        s.read("WARN credits behind on wallet.settlements-7: record age 184s, 76914 records to go");
        s.read("WARN credits behind on wallet.settlements-7: record age 9s, 15 records to go");
        assert_eq!(
            s.shown().as_deref(),
            Some("credits behind on wallet.settlements-7: record age <*> records to go")
        );
        // A quoted field is one token of the template.
        let mut quoted = state("<*> REST.GET.OBJECT <*> \"GET <*>\" 4xx NoSuchKey", 2);
        quoted
            .read("bucket [21/Oct] REST.GET.OBJECT a.json \"GET /a.json HTTP/1.1\" 404 NoSuchKey");
        quoted
            .read("bucket [21/Oct] REST.GET.OBJECT b.json \"GET /b.json HTTP/1.1\" 404 NoSuchKey");
        assert_eq!(quoted.lines, 2);
        // The message of a JSON line (pino's `msg`).
        let mut json = state("refused non-upgrade request to <*>", 2);
        json.read(r#"{"level":40,"msg":"refused non-upgrade request to /live/diary","ua":"x y"}"#);
        json.read(r#"{"level":40,"ua":"z","msg":"refused non-upgrade request to /live/diary"}"#);
        assert_eq!(
            json.shown().as_deref(),
            Some("refused non-upgrade request to /live/diary")
        );
    }
}
