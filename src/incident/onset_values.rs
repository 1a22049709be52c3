//! What most of a template's lines said from the onset, where its masks
//! hide it.
//!
//! A template masks the tokens its lines vary in, and its example lines are
//! its first ones, which are often from before the trouble. A reader of
//! `Challenge verification failed for queue <*> errors=<*>` shown
//! `errors=[invalid-input-response]` (a visitor's typo, as every day) is
//! not told that from the onset nearly every line says
//! `errors=[internal-error]`. Where most of a template's lines from the
//! onset held one value at a masked token — four in five, the share that
//! makes "most" a description and not a majority vote — the pack shows the
//! template with those values in place, how many lines from the onset read
//! so, and how many before it did: a value that was as common before is no
//! news, and is not shown.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::align::Aligner;
use super::gather::Gathered;
use crate::ingest::mine::{short_id, TemplateId, WILDCARD};
use crate::ingest::Engine;

/// Share of the lines from the onset one value must hold: most of them.
const MOST: f64 = 0.8;
/// Lines from the onset a template needs before "most" means anything.
const MIN_LINES_FROM_ONSET: u64 = 10;
/// Lines read per template and side of the onset: the shares are estimates
/// past this, and a million-line run must not pay for every line.
const MAX_LINES_PER_SIDE: u64 = 300;
/// Lines read before a template whose values clearly vary is given up:
/// at 100 lines a share's standard error is at most 0.05, so a top share
/// below `GIVE_UP_SHARE` is four errors short of "most".
const GIVE_UP_AFTER: u64 = 100;
const GIVE_UP_SHARE: f64 = 0.6;
/// Distinct values counted per token: past this, the token is a key (an id,
/// a time), not a value most lines share.
const MAX_DISTINCT: usize = 256;
/// A longer value (a user agent, a signed URL) costs the budget more than it
/// tells.
const MAX_VALUE_CHARS: usize = 48;

/// A template as most of its lines from the onset read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnsetForm {
    /// The template's text with the values most lines from the onset held.
    pub text: String,
    /// Lines from the onset that read so, of those read.
    pub after: u64,
    pub after_read: u64,
    /// Lines before the onset that read so, of those read.
    pub before: u64,
    pub before_read: u64,
}

/// Gives each template `gathered` holds (`used`: their ids) its onset form,
/// where it has one that says more than its shown text.
pub fn show(engine: &Engine, gathered: &mut Gathered, used: &HashSet<TemplateId>, onset_ms: i64) {
    // Only templates with lines enough from the onset for "most" to mean
    // anything are read again.
    let from_onset: HashMap<String, u64> = gathered
        .templates_mut()
        .map(|t| (t.id.clone(), t.after_onset.unwrap_or(0)))
        .collect();
    let enough: HashSet<TemplateId> = used
        .iter()
        .filter(|id| from_onset.get(&short_id(**id)).copied().unwrap_or(0) >= MIN_LINES_FROM_ONSET)
        .copied()
        .collect();
    let forms = onset_forms(engine, &enough, onset_ms);
    // Short ids may be shared (16 bits): only one template's form per id.
    let by_short = super::gather::by_short_id(&forms);
    for template in gathered.templates_mut() {
        // A form that says only what the shown text says (the values never
        // varied: constant_values.rs) is not repeated.
        match by_short.get(&template.id) {
            Some(Some(form)) if form.text != template.text => {
                template.onset_form = Some((*form).clone());
            }
            _ => {}
        }
    }
}

/// The onset forms of `wanted` that tell something: a value most lines from
/// the onset held and fewer than half as many before did.
pub fn onset_forms(
    engine: &Engine,
    wanted: &HashSet<TemplateId>,
    onset_ms: i64,
) -> HashMap<TemplateId, OnsetForm> {
    let miner = engine.miner();
    let mut tallies: HashMap<TemplateId, Tally> = wanted
        .iter()
        .filter_map(|&id| {
            let aligner = Aligner::new(&miner.get(id)?.text)?;
            let masked = aligner.tokens().iter().any(|t| t.contains(WILDCARD));
            masked.then(|| (id, Tally::new(aligner)))
        })
        .collect();
    if tallies.is_empty() {
        return HashMap::new();
    }
    // Records of the templates read, on one side of the onset; the first
    // line of each is only looked at for those.
    let side = |from_onset: bool| {
        engine.store().iter().filter(move |record| {
            (record.time_ms.unwrap_or(record.arrival_ms) >= onset_ms) == from_onset
        })
    };
    for record in side(true) {
        if let Some(tally) = tallies.get_mut(&miner.resolve(record.template)) {
            tally.count_values(first_line(&record.text), true);
        }
    }
    let mut forms: HashMap<TemplateId, Form> = tallies
        .into_iter()
        .filter_map(|(id, tally)| Some((id, tally.most_held()?)))
        .collect();
    // Only the lines before the onset are read again, and only for the
    // templates with a form: those from it were counted as they were read.
    if !forms.is_empty() {
        for record in side(false) {
            if let Some(form) = forms.get_mut(&miner.resolve(record.template)) {
                form.count_before(first_line(&record.text));
            }
        }
    }
    forms
        .into_iter()
        .filter_map(|(id, form)| Some((id, form.shown()?)))
        .collect()
}

/// A record's first line: what the miner mined.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Values each masked token held in the lines from the onset.
struct Tally {
    aligner: Aligner,
    /// Per token: value → lines from the onset (empty for literal tokens).
    values: Vec<HashMap<String, u64>>,
    /// Per aligned line from the onset: the values of its masked tokens,
    /// to count the lines that held every chosen one.
    lines_held: Vec<Vec<String>>,
    /// A token held more than `MAX_DISTINCT` values.
    too_many: Vec<bool>,
    aligned: u64,
    read: u64,
    /// The first lines showed no value near most of them.
    given_up: bool,
}

impl Tally {
    fn new(aligner: Aligner) -> Tally {
        let n = aligner.tokens().len();
        Tally {
            aligner,
            values: vec![HashMap::new(); n],
            lines_held: Vec::new(),
            too_many: vec![false; n],
            aligned: 0,
            read: 0,
            given_up: false,
        }
    }

    /// Whether most lines may yet align and hold one value at a token.
    fn may_hold_most(&self) -> bool {
        let share = |n: u64| n as f64 / self.read.max(1) as f64;
        share(self.aligned) >= GIVE_UP_SHARE
            && self
                .values
                .iter()
                .any(|held| held.values().any(|&n| share(n) >= GIVE_UP_SHARE))
    }

    fn count_values(&mut self, line: &str, from_onset: bool) {
        if !from_onset || self.read >= MAX_LINES_PER_SIDE || self.given_up {
            return;
        }
        if self.read == GIVE_UP_AFTER && !self.may_hold_most() {
            self.given_up = true;
            self.values.clear();
            self.lines_held.clear();
            return;
        }
        self.read += 1;
        let Tally {
            aligner,
            values,
            lines_held,
            too_many,
            aligned,
            ..
        } = self;
        aligner.read(line, |tokens, held| {
            *aligned += 1;
            lines_held.push(masked_values(tokens, &held));
            for (i, value) in held.into_iter().enumerate() {
                if !tokens[i].contains(WILDCARD) || too_many[i] {
                    continue;
                }
                if values[i].len() >= MAX_DISTINCT && !values[i].contains_key(value) {
                    too_many[i] = true;
                    values[i].clear();
                    continue;
                }
                *values[i].entry(value.to_string()).or_default() += 1;
            }
        });
    }

    /// The tokens most aligned lines held one value at, with that value;
    /// `None` when there is none, or when too few lines were read or too
    /// many did not align for shares of them to describe the template.
    fn most_held(self) -> Option<Form> {
        let enough = self.aligned >= MIN_LINES_FROM_ONSET;
        if self.given_up || !enough || (self.aligned as f64) < MOST * self.read as f64 {
            return None;
        }
        let chosen: Vec<Option<String>> = self
            .values
            .iter()
            .map(|held| {
                let (value, lines) = held.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
                let most = *lines as f64 >= MOST * self.aligned as f64;
                (most && value.chars().count() <= MAX_VALUE_CHARS).then(|| value.clone())
            })
            .collect();
        if chosen.iter().all(Option::is_none) {
            return None;
        }
        let masked_chosen: Vec<&Option<String>> = self
            .aligner
            .tokens()
            .iter()
            .zip(&chosen)
            .filter(|(token, _)| token.contains(WILDCARD))
            .map(|(_, chosen)| chosen)
            .collect();
        let after = self
            .lines_held
            .iter()
            .filter(|held| in_form(held.iter().map(String::as_str), &masked_chosen))
            .count() as u64;
        Some(Form {
            aligner: self.aligner,
            chosen,
            counts: [(0, 0), (after, self.read)],
        })
    }
}

/// A template with the values chosen for some of its masked tokens, and how
/// many lines held all of them (`counts[0]` before the onset, `[1]` from it:
/// (in the form, read)).
struct Form {
    aligner: Aligner,
    chosen: Vec<Option<String>>,
    counts: [(u64, u64); 2],
}

impl Form {
    fn count_before(&mut self, line: &str) {
        let side = &mut self.counts[0];
        if side.1 >= MAX_LINES_PER_SIDE {
            return;
        }
        side.1 += 1;
        let chosen: Vec<&Option<String>> = self.chosen.iter().collect();
        self.aligner.read(line, |_, held| {
            side.0 += u64::from(in_form(held.into_iter(), &chosen));
        });
    }

    /// The form, when most lines from the onset read so and fewer than half
    /// as many before did.
    fn shown(self) -> Option<OnsetForm> {
        let [(before, before_read), (after, after_read)] = self.counts;
        let share = |n: u64, of: u64| if of == 0 { 0.0 } else { n as f64 / of as f64 };
        let most_after = share(after, after_read) >= MOST;
        let news = share(before, before_read) < share(after, after_read) / 2.0;
        if !(most_after && news) {
            return None;
        }
        let text = self
            .aligner
            .tokens()
            .iter()
            .zip(&self.chosen)
            .map(|(token, chosen)| chosen.as_deref().unwrap_or(token))
            .collect::<Vec<_>>()
            .join(" ");
        Some(OnsetForm {
            text,
            after,
            after_read,
            before,
            before_read,
        })
    }
}

/// The values a line held at the template's masked tokens.
fn masked_values(tokens: &[String], held: &[&str]) -> Vec<String> {
    tokens
        .iter()
        .zip(held)
        .filter(|(token, _)| token.contains(WILDCARD))
        .map(|(_, value)| (*value).to_string())
        .collect()
}

/// Whether values held every chosen one (`None`: any value).
fn in_form<'a>(held: impl Iterator<Item = &'a str>, chosen: &[&Option<String>]) -> bool {
    held.zip(chosen)
        .all(|(value, chosen)| chosen.as_deref().is_none_or(|c| c == value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally_of(template: &str, lines: &[(&str, bool)]) -> Option<OnsetForm> {
        let mut tally = Tally::new(Aligner::new(template).expect("short"));
        for (line, from_onset) in lines {
            tally.count_values(line, *from_onset);
        }
        let mut form = tally.most_held()?;
        for (line, _) in lines.iter().filter(|(_, from_onset)| !from_onset) {
            form.count_before(line);
        }
        form.shown()
    }

    #[test]
    fn the_value_most_lines_from_the_onset_held_is_shown_with_its_counts() {
        let mut lines = vec![
            (
                "WARN verification failed for queue q1: errors=[invalid-input]",
                false,
            ),
            (
                "WARN verification failed for queue q2: errors=[timeout]",
                false,
            ),
        ];
        for i in 0..18 {
            let queue = if i % 2 == 0 { "q1:" } else { "q3:" };
            let line =
                format!("WARN verification failed for queue {queue} errors=[internal-error]");
            lines.push((Box::leak(line.into_boxed_str()), true));
        }
        lines.push((
            "WARN verification failed for queue q4: errors=[timeout]",
            true,
        ));
        lines.push((
            "WARN verification failed for queue q5: errors=[invalid-input]",
            true,
        ));
        let form =
            tally_of("verification failed for queue <*> errors=<*>", &lines).expect("a form");
        // The queue varied; the error is the one most lines from the onset held.
        assert_eq!(
            form.text,
            "verification failed for queue <*> errors=[internal-error]"
        );
        assert_eq!((form.after, form.after_read), (18, 20));
        assert_eq!((form.before, form.before_read), (0, 2));
    }

    #[test]
    fn no_form_when_no_value_holds_most_lines_or_it_was_as_common_before() {
        let varied: Vec<(String, bool)> = (0..20)
            .map(|i| (format!("credits behind on topic-{}: lag", i % 3), true))
            .collect();
        let varied: Vec<(&str, bool)> = varied.iter().map(|(l, o)| (l.as_str(), *o)).collect();
        assert_eq!(tally_of("credits behind on <*> lag", &varied), None);
        // As common before the onset: no news.
        let mut same: Vec<(&str, bool)> = vec![("request to /api failed", false); 10];
        same.extend(vec![("request to /api failed", true); 12]);
        assert_eq!(tally_of("request to <*> failed", &same), None);
        // Too few lines from the onset.
        let few = vec![("request to /api failed", true); 3];
        assert_eq!(tally_of("request to <*> failed", &few), None);
    }
}
