//! Free-form questions about the incident (`lookout ask`, `a` in the
//! workbench): the conversation's earlier turns that a follow-up carries
//! (oldest dropped first, so the evidence keeps most of the budget), and the
//! offline analyst's answer from the evidence pack alone — the pack items
//! whose text shares the question's words, cited, or "unknown".

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::incident::{tokens, EvidencePack, IncidentFolder};

/// One question and the answer it got (as shown, citation line excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub question: String,
    pub answer: String,
}

/// Items the offline analyst quotes at most.
const QUOTED_ITEMS: usize = 6;
/// Characters of an item quoted at most (its first lines, joined).
const QUOTED_CHARS: usize = 240;

/// Words that carry no content of their own: matching them says nothing.
const FUNCTION_WORDS: [&str; 40] = [
    "the", "and", "are", "was", "were", "why", "what", "when", "where", "which", "who", "how",
    "does", "did", "doing", "has", "have", "had", "this", "that", "these", "those", "there",
    "from", "with", "into", "for", "not", "but", "can", "could", "would", "should", "its", "our",
    "all", "any", "about", "been", "being",
];

/// The earlier turns a follow-up carries: the newest ones whose text fits in
/// half of `room` (the tokens left for evidence and history), so the evidence
/// pack always keeps at least the other half. Oldest turns go first.
pub fn fit_turns(earlier: &[Turn], room: usize) -> Vec<Turn> {
    let allowed = room / 2;
    let mut used = 0;
    let mut kept: Vec<Turn> = Vec::new();
    for turn in earlier.iter().rev() {
        let cost = tokens::estimate(&history_text(std::slice::from_ref(turn)));
        if used + cost > allowed {
            break;
        }
        used += cost;
        kept.push(turn.clone());
    }
    kept.reverse();
    kept
}

/// The earlier turns as the prompt shows them (empty without any).
pub fn history_text(turns: &[Turn]) -> String {
    let mut out = String::new();
    for turn in turns {
        let _ = write!(
            out,
            "Q: {}\nA: {}\n\n",
            turn.question.trim(),
            turn.answer.trim()
        );
    }
    out
}

/// The content words of `text`: lowercase, letters and digits, 3+ characters.
/// The content words of `text`, by stem: a question's "checkouts failing"
/// must meet the pack's "checkout" and "failed" (the same light stemmer the
/// ranking of changes matches commit words with).
fn content_words(text: &str) -> BTreeSet<String> {
    words_as_written(text)
        .iter()
        .map(|w| crate::changes::tokens::stem(w).into_owned())
        .collect()
}

/// The content words of `text` as written (lowercased), for telling the user.
fn words_as_written(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !FUNCTION_WORDS.contains(&w.as_str()))
        .collect()
}

/// The offline analyst's answer: the pack items sharing the most of the
/// question's content words, each quoted with its id; "unknown" when none does.
pub fn offline_answer(question: &str, pack: &EvidencePack) -> String {
    let wanted = content_words(question);
    let mut out = format!(
        "# Answer — {}\n\n_{}: it matches the question's words against the evidence pack; it does not reason._\n\n",
        question.trim(),
        super::offline::LABEL
    );
    let mut scored: Vec<(usize, usize)> = pack
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            (
                content_words(&item.text).intersection(&wanted).count(),
                index,
            )
        })
        .filter(|(matched, _)| *matched > 0)
        .collect();
    // Most words in common first; the pack's priority order breaks ties.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if scored.is_empty() {
        let asked = words_as_written(question);
        let words: Vec<&str> = asked.iter().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "unknown: no item of the evidence pack mentions {}. Ask about a signal, a metric or a change it holds, or read the logs directly.",
            if words.is_empty() {
                "the question's words".to_string()
            } else {
                words.join(", ")
            }
        );
        return out;
    }
    out.push_str("Items of the evidence pack that mention the question's words:\n\n");
    for (_, index) in scored.iter().take(QUOTED_ITEMS) {
        let item = &pack.items[*index];
        let joined: Vec<&str> = item
            .text
            .lines()
            .map(|line| line.trim().trim_start_matches("- ").trim_start())
            .filter(|line| !line.is_empty())
            .collect();
        let quoted = shorten(&joined.join(" "));
        if quoted.contains(&format!("[{}]", item.id)) {
            let _ = writeln!(out, "- {quoted}");
        } else {
            let _ = writeln!(out, "- {quoted} [{}]", item.id);
        }
    }
    out.push_str("\nHypothesis: the answer lies in these items; confirm by reading them, the analyst only matched words.\n");
    out
}

/// At most [`QUOTED_CHARS`], cut at a word and marked `…`.
fn shorten(text: &str) -> String {
    if text.chars().count() <= QUOTED_CHARS {
        return text.to_string();
    }
    let head: String = text.chars().take(QUOTED_CHARS).collect();
    let cut = head.rfind(' ').unwrap_or(head.len());
    format!("{} …", &head[..cut])
}

/// `ask-<n>.md`: the first number not used in `folder`, so answers accumulate.
pub fn file_name(folder: &IncidentFolder) -> String {
    const MOST_ANSWERS: usize = 10_000;
    (1..MOST_ANSWERS)
        .map(|n| format!("ask-{n}.md"))
        .find(|name| !folder.path().join(name).exists())
        .unwrap_or_else(|| format!("ask-{MOST_ANSWERS}.md"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(n: usize) -> Turn {
        Turn {
            question: format!("question number {n}?"),
            answer: "word ".repeat(40),
        }
    }

    #[test]
    fn follow_ups_keep_the_newest_turns_within_half_the_room() {
        let turns: Vec<Turn> = (1..=10).map(turn).collect();
        let one = tokens::estimate(&history_text(&turns[..1]));
        let kept = fit_turns(&turns, one * 7);
        assert_eq!(kept.len(), 3, "half of 7 turns' room holds 3");
        assert_eq!(kept.last(), turns.last());
        assert_eq!(kept[0], turns[7]);
        assert!(fit_turns(&turns, 0).is_empty());
        assert_eq!(history_text(&[]), "");
    }

    #[test]
    fn content_words_skip_function_words_and_short_ones() {
        let words = content_words("Why are payments retrying at DB-pool?");
        assert_eq!(
            words.into_iter().collect::<Vec<_>>(),
            ["payment", "pool", "retri"]
        );
        // Inflections meet: the question's words and the pack's, by stem.
        assert_eq!(
            content_words("checkouts failing"),
            content_words("checkout failed")
        );
    }
}
