//! How a commit's words meet the incident's: by stem (`logging` meets
//! `log`) or, at half weight, by abbreviation (`cert` meets `certificate`),
//! each shared word weighted by what the incident says of it (clues.rs) and
//! by how rare it is in the repository — among the commits read and the
//! files of the tree at the onset (BM25's idf) — so the service's own name
//! or `src` is worth nothing and a word one file carries is worth most.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::clues::IncidentClues;
use super::history::{Commit, TreeVocabulary};
use super::tokens::stem;

/// A match by abbreviation counts half: a truncated word is as likely a
/// different word (`port` in `portal`) as the word it shortens.
pub const ABBREVIATION_WEIGHT: f64 = 0.5;
/// Shortest stem read as an abbreviation.
const MIN_ABBREVIATION: usize = 4;

/// Corpus statistics over every commit read and every file of the tree at
/// the onset, by word stem.
pub struct Corpus {
    document_frequency: HashMap<String, usize>,
    documents: usize,
    median_words: f64,
}

impl Corpus {
    pub fn new<'a>(commits: impl Iterator<Item = &'a Commit>, tree: &TreeVocabulary) -> Corpus {
        let mut document_frequency = tree.document_frequency.clone();
        let mut sizes = Vec::new();
        for commit in commits {
            sizes.push(commit.words.len());
            for word in stems(&commit.words) {
                *document_frequency.entry(word).or_default() += 1;
            }
        }
        let documents = sizes.len() + tree.files;
        sizes.sort_unstable();
        let median_words = sizes.get(sizes.len() / 2).copied().unwrap_or(1).max(1) as f64;
        Corpus {
            document_frequency,
            documents,
            median_words,
        }
    }

    fn idf(&self, stem: &str) -> f64 {
        let n = self.documents as f64;
        let df = self.document_frequency.get(stem).copied().unwrap_or(0) as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }
}

/// The stems of a set of words.
fn stems(words: &BTreeSet<String>) -> BTreeSet<String> {
    words.iter().map(|w| stem(w).into_owned()).collect()
}

/// The incident's words by stem: stem → (the heaviest word with it, its weight).
pub type ClueStems = BTreeMap<String, (String, f64)>;

pub fn clue_stems(clues: &IncidentClues) -> ClueStems {
    stems_of(clues.words.iter())
}

/// The stems of some of the incident's words (`clue_stems` of a subset).
pub fn stems_of<'a>(words: impl Iterator<Item = (&'a String, &'a f64)>) -> ClueStems {
    let mut out: ClueStems = BTreeMap::new();
    for (word, weight) in words {
        let entry = out
            .entry(stem(word).into_owned())
            .or_insert_with(|| (word.clone(), 0.0));
        if *weight > entry.1 {
            *entry = (word.clone(), *weight);
        }
    }
    out
}

/// (length-normalised overlap, shared words with weights, strongest first).
/// Words meet by stem (`logging` meets `log`), each stem counted once.
pub fn overlap(commit: &Commit, clues: &ClueStems, corpus: &Corpus) -> (f64, Vec<(String, f64)>) {
    let mut shared: Vec<(String, f64)> = stems(&commit.words)
        .into_iter()
        .filter_map(|stem| {
            if let Some((word, specificity)) = clues.get(&stem) {
                return Some((word.clone(), corpus.idf(&stem) * specificity));
            }
            let (word, specificity) = abbreviated(&stem, clues)?;
            Some((
                format!("{stem}→{word}"),
                corpus.idf(&stem) * specificity * ABBREVIATION_WEIGHT,
            ))
        })
        .filter(|(_, weight)| *weight > 0.0)
        .collect();
    shared.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // A fold from +0.0: an empty `sum` of f64 is −0.0, which prints as "-0.0".
    let raw = shared.iter().fold(0.0, |total, (_, w)| total + w);
    let length = (corpus.median_words / commit.words.len().max(1) as f64)
        .sqrt()
        .min(1.0);
    (raw * length, shared)
}

/// The heaviest incident word that `stem` abbreviates by truncation
/// (`cert` → `certificate`, `conn` → `connection`): identifiers and config
/// keys shorten the words log lines spell out. Letters only, at least
/// `MIN_ABBREVIATION` of them, so short stems do not match half the words.
fn abbreviated<'a>(stem: &str, clues: &'a ClueStems) -> Option<(&'a String, f64)> {
    if stem.len() < MIN_ABBREVIATION || !stem.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    clues
        .range::<str, _>((std::ops::Bound::Excluded(stem), std::ops::Bound::Unbounded))
        .take_while(|(longer, _)| longer.starts_with(stem))
        .filter(|(longer, _)| longer.bytes().all(|b| b.is_ascii_lowercase()))
        .map(|(_, (word, weight))| (word, *weight))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::history::ChangedFile;
    use crate::changes::reach::FileRole;

    fn commit(words: &[&str]) -> Commit {
        Commit {
            sha: "ab".repeat(20),
            parents: Vec::new(),
            author: "dev".into(),
            author_time_ms: 0,
            commit_time_ms: 0,
            subject: "s".into(),
            tags: Vec::new(),
            files: vec![ChangedFile {
                path: "x".into(),
                status: "modified".into(),
                role: FileRole::Runtime,
            }],
            diff: String::new(),
            diff_truncated: false,
            words: words.iter().map(|w| w.to_string()).collect(),
            introduced_text: String::new(),
            settings: Vec::new(),
            literals: Vec::new(),
            removed_literals: Vec::new(),
            logging_only: None,
            comments_only: false,
        }
    }

    fn clues(words: &[(&str, f64)]) -> IncidentClues {
        IncidentClues {
            words: words.iter().map(|(w, x)| (w.to_string(), *x)).collect(),
            ..IncidentClues::default()
        }
    }

    #[test]
    fn words_meet_by_stem_and_at_half_weight_by_abbreviation() {
        let incident = clue_stems(&clues(&[("log", 1.0), ("certificate", 1.0)]));
        let change = commit(&["logging", "cert"]);
        let corpus = Corpus::new(std::iter::once(&change), &TreeVocabulary::default());
        let (_, shared) = overlap(&change, &incident, &corpus);
        let weight = |name: &str| shared.iter().find(|(w, _)| w == name).map(|(_, x)| *x);
        let log = weight("log").expect("logging meets log");
        let cert = weight("cert→certificate").expect("cert abbreviates certificate");
        // Both words are as rare (one document): the abbreviation counts half.
        assert!(
            (cert - log * ABBREVIATION_WEIGHT).abs() < 1e-9,
            "{shared:?}"
        );
        // Three letters are too few to read as an abbreviation.
        let short = commit(&["cer"]);
        assert!(overlap(&short, &incident, &corpus).1.is_empty());
    }

    #[test]
    fn a_word_most_files_of_the_tree_carry_is_worth_little() {
        let incident = clue_stems(&clues(&[("loyalty", 1.0), ("failover", 1.0)]));
        let change = commit(&["loyalty", "failover"]);
        let tree = TreeVocabulary {
            // The tree counts stems, as history.rs reads it.
            document_frequency: [(stem("loyalty").into_owned(), 40)].into_iter().collect(),
            files: 40,
            ..TreeVocabulary::default()
        };
        let corpus = Corpus::new(std::iter::once(&change), &tree);
        let (_, shared) = overlap(&change, &incident, &corpus);
        assert_eq!(shared[0].0, "failover", "{shared:?}");
        assert!(shared[1].1 < shared[0].1 / 10.0, "{shared:?}");
    }
}
