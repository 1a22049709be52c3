//! Which pack items repeat one ranked before them, nearly word for word. A
//! support queue receives the same complaint through phone, chat and app,
//! and each channel's line is its own template: taken in rank order they
//! fill the budget with one fact said many times while the line that says
//! something else (a colleague's finding) is cut. An echo keeps its rank
//! among the echoes; it is taken once every item that says something new
//! has been (pack.rs).

use std::collections::BTreeSet;

use super::pack::{Evidence, ItemKind, PackItem};

/// Share of their words two items must have in common (Jaccard) for the
/// later one to be an echo. Only near-duplicates: lines that differ in one
/// word of a few ("reload start", "reload complete"; an S3 GET answered
/// NoSuchKey and one answered 200) are different facts, and so are two
/// stations' timeouts, whose names are the point. Measured on the incident
/// benchmark: 0.6 to 0.75 each cut as many root causes as they saved.
const ECHO_SIMILARITY: f64 = 0.85;

/// For each candidate, whether it echoes an item of its kind that comes
/// before it in `order` (the candidates' indices in priority order) and is
/// itself no echo.
pub fn echoes(candidates: &[PackItem], order: &[usize]) -> Vec<bool> {
    let mut echo = vec![false; candidates.len()];
    let mut originals: Vec<(ItemKind, BTreeSet<String>)> = Vec::new();
    for &index in order {
        let item = &candidates[index];
        let Some(words) = words_of(item) else {
            continue;
        };
        if words.is_empty() {
            continue;
        }
        let repeats = originals
            .iter()
            .any(|(kind, seen)| *kind == item.kind && jaccard(seen, &words) >= ECHO_SIMILARITY);
        if repeats {
            echo[index] = true;
        } else {
            originals.push((item.kind, words));
        }
    }
    echo
}

/// The words of what an item's lines say (its templates' text), or None
/// for items that are not lines (metrics, changes), which never echo.
fn words_of(item: &PackItem) -> Option<BTreeSet<String>> {
    let texts: Vec<&str> = match &item.evidence {
        Evidence::Signal(signal) => signal.templates.iter().map(|t| t.text.as_str()).collect(),
        Evidence::Template(template) => vec![template.text.as_str()],
        _ => return None,
    };
    Some(texts.iter().flat_map(|text| words(text)).collect())
}

/// Lower-cased runs of letters and digits that hold a letter: numbers and
/// the miner's `<*>` say nothing about what a line is.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::gather::TemplateEvidence;

    fn set(text: &str) -> BTreeSet<String> {
        words(text).collect()
    }

    #[test]
    fn one_complaint_through_two_channels_is_one_fact() {
        let a = set("Charging stopped by itself after 5 minutes, restarted and it stopped again. Rotterdam Kralingen Hoflaan (channel: phone)");
        let b = set("Charging stopped by itself after 5 minutes, restarted and it stopped again. Rotterdam Kralingen Hoflaan (channel: chat)");
        assert!(jaccard(&a, &b) >= ECHO_SIMILARITY, "{}", jaccard(&a, &b));
    }

    #[test]
    fn lines_that_differ_in_their_point_are_two() {
        for (a, b) in [
            ("shibboleth RelyingPartyResolverService: Reload start", "shibboleth RelyingPartyResolverService: Reload complete"),
            ("Outstation 28 'Tawa North Bore 1': response timeout (8000 ms) on Class 1,2,3 poll", "Outstation 26 'Pukeko Flat Reservoir': response timeout (8000 ms) on Class 1,2,3 poll"),
        ] {
            let (a, b) = (set(a), set(b));
            assert!(jaccard(&a, &b) < ECHO_SIMILARITY, "{}", jaccard(&a, &b));
        }
    }

    fn note(id: &str, text: &str) -> PackItem {
        PackItem {
            id: id.into(),
            kind: ItemKind::Note,
            also_cites: Vec::new(),
            text: format!("- [{id}] `{text}`\n"),
            tokens: 10,
            evidence: Evidence::Template(TemplateEvidence {
                id: id.into(),
                text: text.into(),
                ..TemplateEvidence::default()
            }),
            fuller: None,
        }
    }

    #[test]
    fn only_the_later_of_two_near_duplicates_is_an_echo() {
        let items = [
            note(
                "T1",
                "Na een paar minuten stopte het laden, app zegt sessie beëindigd. Rotterdam Kralingen Hoflaan (channel: phone)",
            ),
            note(
                "T2",
                "Na een paar minuten stopte het laden, app zegt sessie beëindigd. Rotterdam Kralingen Hoflaan (channel: chat)",
            ),
            note(
                "T3",
                "GetConfiguration: ChargeProfileMaxStackLevel 8 (readonly)",
            ),
        ];
        // In priority order T2 first: then T1 is the echo.
        assert_eq!(echoes(&items, &[1, 0, 2]), vec![true, false, false]);
        assert_eq!(echoes(&items, &[0, 1, 2]), vec![false, true, false]);
    }

    #[test]
    fn numbers_and_wildcards_are_not_words() {
        assert_eq!(set("retry <*> of 2, 8000 ms"), set("retry of ms"));
    }
}
