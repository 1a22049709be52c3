//! The evidence pack: what a prompt tells the model about the incident.
//! A cloud provider's announcements first (few, short, and the platform's own
//! word on what changed), then signals (new, bursting and error templates
//! with counts before and after the onset, redacted exemplars and the
//! exceptions their traces threw), then metric change points, then
//! suspect changes, then the other templates, then what the first suspects
//! changed (their changed lines). Every item carries the id an answer cites;
//! the budget is stated in the text and met by dropping whole items from the
//! lowest priority up, never by cutting one in the middle.

use std::collections::BTreeSet;

use serde::Serialize;

use super::gather::{self, MetricEvidence, SignalEvidence, TemplateEvidence};
use super::suspect::SuspectChange;
use super::{render, tokens};
use crate::ingest::Engine;

/// The default `llm.context_tokens`.
pub const DEFAULT_CONTEXT_TOKENS: usize = 8_000;

/// What the pack is built around.
#[derive(Debug, Clone, Copy, Default)]
pub struct PackInput<'a> {
    /// The incident's onset; None → the first signal that is not a deploy.
    pub onset_ms: Option<i64>,
    /// Suspects from the service's repository: None when no repository was
    /// read; an empty slice when it was read and no commit falls in the window.
    pub suspects: Option<&'a [SuspectChange]>,
    /// Tokens the pack may use (see `tokens::RequestBudget::pack_tokens`).
    pub budget_tokens: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Signal,
    /// A cloud provider's own announcement (a health event, a status page).
    Announcement,
    MetricChange,
    Change,
    /// A line of a written source (notes.rs): chat, a change record, a feed.
    Note,
    Template,
    /// The first suspects' changed lines: least priority, never cutting logs.
    ChangedLines,
}

impl ItemKind {
    fn heading(self) -> &'static str {
        match self {
            ItemKind::Signal => "\n### Signals (new, bursting and error templates, deploys)\n",
            ItemKind::Announcement => {
                "\n### Provider announcements (the platform's own word on what changed)\n"
            }
            ItemKind::MetricChange => "\n### Metric change points\n",
            ItemKind::Change => "\n### Suspect changes (ranked)\n",
            ItemKind::Note => {
                "\n### Notes (sources whose every line differs: people, change records, feeds, jobs)\n"
            }
            ItemKind::Template => {
                "\n### Other templates (errors from the onset first, then by count)\n"
            }
            ItemKind::ChangedLines => "\n### What the first suspects changed\n",
        }
    }
}

/// What an item says, for readers that need more than its text (the offline analyst).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    Signal(SignalEvidence),
    MetricChange(MetricEvidence),
    Change(SuspectChange),
    Template(TemplateEvidence),
    /// A suspect's changed lines (`SuspectChange::diff_excerpt`), cited by its id.
    ChangedLines {
        id: String,
        excerpt: String,
    },
}

/// One citable item of the pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackItem {
    /// The id an answer cites: `S3`, `M1`, `C1a2b3c`, `T1a2b`.
    pub id: String,
    pub kind: ItemKind,
    /// Other ids the item's text defines (the templates a signal names, the
    /// signal of a metric change point): citing them is citing this item.
    pub also_cites: Vec<String>,
    /// The item's markdown, ending in a newline.
    pub text: String,
    pub tokens: usize,
    pub evidence: Evidence,
    /// The item with a second example line per template: taken instead of
    /// `text` when the budget has room once every item that fits is in.
    #[serde(skip)]
    pub fuller: Option<String>,
}

/// The pack as sent: its text, the items it holds, and how it was cut.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidencePack {
    pub text: String,
    /// The items in the text, in priority order.
    pub items: Vec<PackItem>,
    /// Estimated tokens of `text` (tokens.rs).
    pub tokens: usize,
    pub budget_tokens: usize,
    /// True when items were left out to meet the budget.
    pub truncated: bool,
    /// How many items were left out.
    pub omitted: usize,
    pub onset_ms: Option<i64>,
    /// Whether suspects came from a repository (false: none was read).
    pub repository_read: bool,
    #[serde(skip)]
    candidates: Vec<PackItem>,
    #[serde(skip)]
    scope: String,
    /// The oldest retained line's time (what `priority` weighs a first line against).
    #[serde(skip)]
    logs_from_ms: Option<i64>,
}

impl EvidencePack {
    pub fn build(engine: &Engine, input: &PackInput<'_>) -> EvidencePack {
        let onset_ms = gather::onset_of(engine, input.onset_ms);
        let found = gather::gather(engine, onset_ms);
        let scope = scope_lines(onset_ms, &found, input.suspects);
        let mut candidates = Vec::new();
        // A provider's announcements come first: few and short, they are the
        // platform's own word on what the environment did.
        let as_kind = |template: TemplateEvidence, kind: ItemKind, text: String| PackItem {
            kind,
            ..item(
                template.id.clone(),
                Vec::new(),
                text,
                Evidence::Template(template),
            )
        };
        for template in found.announcements {
            let text = render::template(&template);
            candidates.push(as_kind(template, ItemKind::Announcement, text));
        }
        for (signal, again) in super::repeats::fold_repeats(found.signals) {
            let also = signal
                .templates
                .iter()
                .map(|t| t.id.clone())
                .chain(again.iter().map(|(id, _)| id.clone()))
                .collect();
            // One example line per template first, a second when there is room.
            let text = render::signal_again(&signal, &again, 1);
            let fuller = render::signal_again(&signal, &again, 2);
            let fuller = (fuller != text).then_some(fuller);
            candidates.push(PackItem {
                fuller,
                ..item(signal.id.clone(), also, text, Evidence::Signal(signal))
            });
        }
        for metric in found.metrics {
            let also = metric.signal_id.iter().cloned().collect();
            let text = render::metric(&metric);
            candidates.push(item(
                metric.id.clone(),
                also,
                text,
                Evidence::MetricChange(metric),
            ));
        }
        let mut reasons_given = Vec::new();
        for change in input.suspects.unwrap_or_default() {
            let text = render::change_after(change, &mut reasons_given);
            candidates.push(item(
                change.id.clone(),
                Vec::new(),
                text,
                Evidence::Change(change.clone()),
            ));
        }
        for template in found.notes {
            let text = render::note(&template);
            candidates.push(as_kind(template, ItemKind::Note, text));
        }
        for template in found.templates {
            let text = render::template(&template);
            candidates.push(item(
                template.id.clone(),
                Vec::new(),
                text,
                Evidence::Template(template),
            ));
        }
        for change in input.suspects.unwrap_or_default() {
            if let Some(excerpt) = &change.diff_excerpt {
                candidates.push(item(
                    change.id.clone(),
                    Vec::new(),
                    render::changed_lines(&change.id, excerpt),
                    Evidence::ChangedLines {
                        id: change.id.clone(),
                        excerpt: excerpt.clone(),
                    },
                ));
            }
        }
        let read = input.suspects.is_some();
        let logs_from_ms = found.retained_from_ms;
        select(
            candidates,
            scope,
            (onset_ms, logs_from_ms),
            read,
            input.budget_tokens,
        )
    }

    /// The same evidence under a smaller budget: `factor` (0–1) of the tokens
    /// this pack used. For a server that rejected the request as too long.
    pub fn shrink(&self, factor: f64) -> EvidencePack {
        let factor = if factor.is_finite() {
            factor.clamp(0.0, 1.0)
        } else {
            0.5
        };
        self.with_budget((self.tokens as f64 * factor) as usize)
    }

    /// The same evidence under another budget.
    pub fn with_budget(&self, budget_tokens: usize) -> EvidencePack {
        select(
            self.candidates.clone(),
            self.scope.clone(),
            (self.onset_ms, self.logs_from_ms),
            self.repository_read,
            budget_tokens,
        )
    }

    /// Every id an answer may cite: the items' ids and the ids their text defines.
    pub fn citable_ids(&self) -> BTreeSet<String> {
        self.items
            .iter()
            .flat_map(|i| std::iter::once(&i.id).chain(&i.also_cites))
            .cloned()
            .collect()
    }

    /// Checks an answer's citations against this pack.
    pub fn check(&self, answer: &str) -> super::citations::CitationReport {
        super::citations::verify(answer, &self.citable_ids())
    }
}

fn item(id: String, also_cites: Vec<String>, text: String, evidence: Evidence) -> PackItem {
    let kind = match evidence {
        Evidence::Signal(_) => ItemKind::Signal,
        Evidence::MetricChange(_) => ItemKind::MetricChange,
        Evidence::Change(_) => ItemKind::Change,
        Evidence::Template(_) => ItemKind::Template,
        Evidence::ChangedLines { .. } => ItemKind::ChangedLines,
    };
    PackItem {
        id,
        kind,
        also_cites,
        tokens: tokens::estimate(&text),
        text,
        evidence,
        fuller: None,
    }
}

/// The lines under the pack's heading that say what the counts and times are over.
fn scope_lines(
    onset_ms: Option<i64>,
    found: &gather::Gathered,
    suspects: Option<&[SuspectChange]>,
) -> String {
    let onset = match onset_ms {
        Some(at) => format!("Onset: {}.", render::rfc3339(at)),
        None => "Onset: unknown (no signal yet); counts are totals.".to_string(),
    };
    let retained = match found.retained_from_ms {
        Some(from) => format!(
            "Counts are over the {} retained lines from {}{}.",
            render::grouped(found.retained_lines as u64),
            render::rfc3339(from),
            if found.evicted_lines > 0 {
                format!(
                    " ({} older lines no longer held)",
                    render::grouped(found.evicted_lines)
                )
            } else {
                String::new()
            }
        ),
        None => "No log lines read.".to_string(),
    };
    let changes = match suspects {
        None => "Suspect changes: unknown, no repository was read.",
        Some([]) => {
            "Suspect changes: none, the repository has no commit in the window before the onset."
        }
        Some(_) => "Suspect changes: commits from the service's repository, ranked.",
    };
    format!("Times are RFC 3339 UTC. {onset} {retained}\n{changes}\n")
}

fn header(
    budget: usize,
    used: usize,
    included: usize,
    total: usize,
    cut: usize,
    scope: &str,
) -> String {
    let cut = if cut > 0 {
        format!(", {cut} cut by priority (whole items, lowest priority first)")
    } else {
        String::new()
    };
    format!(
        "## Evidence pack\nBudget: {} tokens; this pack ≈ {} tokens, {} of {} items{cut}. Cite an item by the id in square brackets that starts its line.\n{scope}",
        render::grouped(budget as u64),
        render::grouped(used as u64),
        included,
        total,
    )
}

/// Which items a small budget keeps first. Sections keep the order the
/// candidates come in (announcements, signals, metrics, changes, other
/// templates, changed lines), except that within the signals those whose
/// templates logged errors from the onset come first, then any other template
/// whose errors all came from the onset (`gather::errors_began_at_onset`: too
/// few lines to be called new, like a one-off alert), whose rate rose at the
/// onset beyond chance (`TemplateEvidence::rose_at_onset`: a line that went
/// from a few an hour to a few a minute never bursts; so may a signal from
/// before the onset, a few early failures then the wave) or that was first
/// logged just before it (`near_onset::first_logged_near`), then the other
/// signals from the onset, then those before it (a restart's start-up lines,
/// a deploy's chatter): a busy hour before the onset cannot push the
/// incident's own errors out.
fn priority(
    item: &PackItem,
    section: impl Fn(ItemKind) -> usize,
    (onset_ms, logs_from_ms): Moments,
) -> (usize, u8) {
    let from_onset = |time_ms: i64| onset_ms.is_none_or(|onset| time_ms >= onset);
    match &item.evidence {
        Evidence::Signal(signal) => {
            let tier = if signal.templates.iter().any(|t| t.errors_after > 0) {
                0
            } else if !from_onset(signal.time_ms)
                && signal.templates.iter().any(|t| t.rose_at_onset)
            {
                1
            } else if from_onset(signal.time_ms) {
                2
            } else {
                3
            };
            (section(ItemKind::Signal), tier)
        }
        Evidence::Template(template)
            if matches!(item.kind, ItemKind::Template | ItemKind::Note)
                && (gather::errors_began_at_onset(
                    template.errors_after,
                    template.before_onset,
                ) || template.rose_at_onset
                    || super::near_onset::first_logged_near(template, onset_ms, logs_from_ms)) =>
        {
            (section(ItemKind::Signal), 1)
        }
        _ => (section(item.kind), 0),
    }
}

/// The onset and the start of the retained logs.
type Moments = (Option<i64>, Option<i64>);

/// Takes items in priority order while they fit, then writes the text.
fn select(
    candidates: Vec<PackItem>,
    scope: String,
    (onset_ms, logs_from_ms): Moments,
    repository_read: bool,
    budget_tokens: usize,
) -> EvidencePack {
    let total = candidates.len();
    // The header's numbers are not known yet: reserve what its widest form costs.
    let mut used = tokens::estimate(&header(
        budget_tokens,
        budget_tokens,
        total,
        total,
        total,
        &scope,
    ));
    // Taken by priority, shown in the candidates' order (sections, then time).
    // A section's rank is where its first candidate stands.
    let mut firsts: Vec<(ItemKind, usize)> = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        if !firsts.iter().any(|(kind, _)| *kind == candidate.kind) {
            firsts.push((candidate.kind, index));
        }
    }
    let section = |kind: ItemKind| {
        firsts
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(usize::MAX, |(_, first)| *first)
    };
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    let moments = (onset_ms, logs_from_ms);
    order.sort_by_cached_key(|&index| (priority(&candidates[index], section, moments), index));
    // What says something new first; what repeats it after, in the same order.
    let echo = super::echoes::echoes(&candidates, &order);
    order.sort_by_key(|&index| echo[index]);
    let mut taken = vec![false; candidates.len()];
    let mut order_taken = Vec::new();
    let mut opened: Vec<ItemKind> = Vec::new();
    for index in order {
        let candidate = &candidates[index];
        let heading = if opened.contains(&candidate.kind) {
            0
        } else {
            tokens::estimate(candidate.kind.heading())
        };
        if used + heading + candidate.tokens > budget_tokens {
            break;
        }
        used += heading + candidate.tokens;
        if heading > 0 {
            opened.push(candidate.kind);
        }
        taken[index] = true;
        order_taken.push(index);
    }
    // Then, in the same order, the fuller form of what was taken, while it fits.
    let mut fuller = vec![false; candidates.len()];
    for index in order_taken {
        if let Some(more) = &candidates[index].fuller {
            let extra = tokens::estimate(more).saturating_sub(candidates[index].tokens);
            if used + extra <= budget_tokens {
                used += extra;
                fuller[index] = true;
            }
        }
    }
    let items: Vec<PackItem> = candidates
        .iter()
        .enumerate()
        .filter(|(index, _)| taken[*index])
        .map(|(index, item)| match (&item.fuller, fuller[index]) {
            (Some(more), true) => PackItem {
                tokens: tokens::estimate(more),
                text: more.clone(),
                fuller: None,
                ..item.clone()
            },
            _ => item.clone(),
        })
        .collect();
    let mut body = String::new();
    for (index, item) in items.iter().enumerate() {
        if index == 0 || items[index - 1].kind != item.kind {
            body.push_str(item.kind.heading());
        }
        body.push_str(&item.text);
    }
    let body_tokens = tokens::estimate(&body);
    let (included, cut) = (items.len(), total - items.len());
    let mut text = header(budget_tokens, 0, included, total, cut, &scope);
    // The stated size includes the header itself: settle it in two rounds.
    for _ in 0..2 {
        let used = tokens::estimate(&text) + body_tokens;
        text = header(budget_tokens, used, included, total, cut, &scope);
    }
    text.push_str(&body);
    EvidencePack {
        tokens: tokens::estimate(&text),
        truncated: items.len() < total,
        omitted: total - items.len(),
        budget_tokens,
        items,
        text,
        onset_ms,
        repository_read,
        candidates,
        scope,
        logs_from_ms,
    }
}
