//! One pack item per piece of news: signals that repeat one another fold.

use super::gather::SignalEvidence;

/// Signals of the same kind about the same templates, folded into the first
/// (in priority order) with the ids and times of the others. The miner
/// merges templates after their signals were raised, so one template can
/// carry several "new template" signals; each would repeat its text and
/// examples, and the budget would pay for the same evidence again.
pub fn fold_repeats(signals: Vec<SignalEvidence>) -> Vec<(SignalEvidence, Vec<(String, i64)>)> {
    let mut folded: Vec<(SignalEvidence, Vec<(String, i64)>)> = Vec::new();
    for signal in signals {
        let same = |kept: &SignalEvidence| {
            !signal.templates.is_empty()
                && kept.kind == signal.kind
                && kept.templates.len() == signal.templates.len()
                && kept
                    .templates
                    .iter()
                    .zip(&signal.templates)
                    .all(|(a, b)| a.id == b.id)
        };
        match folded.iter_mut().find(|(kept, _)| same(kept)) {
            Some((_, again)) => again.push((signal.id, signal.time_ms)),
            None => folded.push((signal, Vec::new())),
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::gather::TemplateEvidence;
    use crate::ingest::SignalKind;

    fn signal(id: &str, kind: SignalKind, time_ms: i64, templates: &[&str]) -> SignalEvidence {
        SignalEvidence {
            id: id.into(),
            kind,
            time_ms,
            score: 1.0,
            title: String::new(),
            templates: templates
                .iter()
                .map(|t| TemplateEvidence {
                    id: (*t).into(),
                    ..TemplateEvidence::default()
                })
                .collect(),
        }
    }

    #[test]
    fn a_template_signalled_again_folds_into_its_first_signal_and_other_news_stays() {
        let folded = fold_repeats(vec![
            signal("S7", SignalKind::NewTemplate, 10, &["Teb79"]),
            signal("S9", SignalKind::NewTemplate, 20, &["Teb79"]),
            signal("S3", SignalKind::Burst, 30, &["Teb79"]),
            signal("S4", SignalKind::NewTemplate, 40, &["Teb79", "T1"]),
            signal("S5", SignalKind::ErrorSurge, 50, &[]),
            signal("S6", SignalKind::ErrorSurge, 60, &[]),
            signal("S13", SignalKind::NewTemplate, 70, &["Teb79"]),
        ]);
        let kept: Vec<&str> = folded.iter().map(|(s, _)| s.id.as_str()).collect();
        // A burst is other news than a new template; signals without a
        // template (a surge) are never folded: their titles differ.
        assert_eq!(kept, ["S7", "S3", "S4", "S5", "S6"]);
        assert_eq!(
            folded[0].1,
            [("S9".to_string(), 20), ("S13".to_string(), 70)]
        );
        assert!(folded[1..].iter().all(|(_, again)| again.is_empty()));
    }
}
