//! What the incident says about its cause, read from the engine: when it began
//! (the first non-deploy signal), which deploys it saw (markers, and log lines
//! that announce a rollout naming a version or a commit), and the words of
//! what went wrong — each weighted by how specific it is to the incident.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use super::tokens::{sha_like, tokens, tokens_into, versions};
use crate::ingest::{Engine, LogLevel, SignalKind, TemplateId};

/// Words in a log line that announce a deploy.
const DEPLOY_WORDS: &[&str] = &[
    "deploy",
    "rollout",
    "rolled out",
    "rolling out",
    "release",
    "upgrade",
    "upgrading",
    "version",
];

/// Deploy log lines kept at most (a chatty deploy bot must not grow the list).
const MAX_DEPLOY_LINES: usize = 1_000;

/// A deploy the incident saw, and how it names what it deployed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeployClue {
    pub time_ms: i64,
    /// What announced it (a marker's description or the log line), for reasons.
    pub label: String,
    pub shas: Vec<String>,
    pub versions: Vec<String>,
}

/// The incident side of the comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentClues {
    /// First non-deploy signal, if any.
    pub onset_ms: Option<i64>,
    /// Latest event time seen.
    pub last_event_ms: Option<i64>,
    /// Earliest event time seen: where the logs, and the deploys they show, begin.
    pub first_event_ms: Option<i64>,
    /// Word → specificity in (0, 1]: the share of the lines carrying the word
    /// that belong to the incident's templates.
    pub words: BTreeMap<String, f64>,
    pub deploys: Vec<DeployClue>,
}

impl IncidentClues {
    pub fn from_engine(engine: &Engine) -> IncidentClues {
        let onset_ms = engine
            .timeline()
            .iter()
            .find(|phase| phase.name == "onset")
            .map(|phase| phase.start_ms);
        let (incident, mut deploys) = read_records(engine, onset_ms);
        let mut incident_lines: BTreeMap<String, f64> = BTreeMap::new();
        let mut all_lines: BTreeMap<String, f64> = BTreeMap::new();
        for template in engine.miner().templates() {
            let mut words = tokens(&template.text);
            for exemplar in &template.exemplars {
                tokens_into(exemplar, &mut words);
            }
            let count = template.count.max(1) as f64;
            let is_incident = incident.contains(&template.id);
            for word in words {
                *all_lines.entry(word.clone()).or_default() += count;
                if is_incident {
                    *incident_lines.entry(word).or_default() += count;
                }
            }
        }
        let mut words: BTreeMap<String, f64> = incident_lines
            .into_iter()
            .map(|(word, lines)| {
                let total = all_lines.get(&word).copied().unwrap_or(lines).max(lines);
                (word, lines / total)
            })
            .collect();
        // A metric that changed is named by the incident itself.
        for signal in engine.signals() {
            if let Some(metric) = &signal.metric {
                for word in tokens(metric) {
                    words.insert(word, 1.0);
                }
            }
        }
        for marker in engine.deploys() {
            let text = format!("{} {}", marker.version, marker.description);
            let mut named_versions = versions(&text);
            if !named_versions.contains(&marker.version.to_lowercase()) {
                named_versions.push(marker.version.to_lowercase());
            }
            deploys.push(DeployClue {
                time_ms: marker.time_ms,
                label: format!(
                    "deploy {} {} — {}",
                    marker.service, marker.version, marker.description
                ),
                shas: sha_like(&text),
                versions: named_versions,
            });
        }
        IncidentClues {
            onset_ms,
            last_event_ms: engine.clock_ms(),
            first_event_ms: engine.first_event_ms(),
            words,
            deploys,
        }
    }
}

/// One pass over the stored records: the templates of the incident (those
/// its signals name, and those of error records at or after the onset — an
/// error surge names no template itself) and the log lines announcing deploys.
fn read_records(engine: &Engine, onset_ms: Option<i64>) -> (HashSet<TemplateId>, Vec<DeployClue>) {
    let mut ids: HashSet<TemplateId> = engine
        .signals()
        .iter()
        .filter(|s| matches!(s.kind, SignalKind::NewTemplate | SignalKind::Burst))
        .flat_map(|s| s.templates.iter().map(|t| engine.miner().resolve(*t)))
        .collect();
    let mut deploys = Vec::new();
    let deploy_words = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(DEPLOY_WORDS)
        .ok();
    let store = engine.store();
    for index in 0..store.len() {
        let Some(record) = store.get(index) else {
            break;
        };
        let at_or_after = onset_ms.is_some_and(|onset| record.time_ms.is_none_or(|t| t >= onset));
        if record.level >= LogLevel::Error && at_or_after {
            ids.insert(engine.miner().resolve(record.template));
        }
        let announces = deploy_words
            .as_ref()
            .is_some_and(|words| words.is_match(&record.text));
        if announces && deploys.len() < MAX_DEPLOY_LINES {
            let time_ms = record.time_ms.unwrap_or(record.arrival_ms);
            if let Some(clue) = deploy_line(&record.text, time_ms) {
                deploys.push(clue);
            }
        }
    }
    (ids, deploys)
}

/// A log line announcing a deploy, when it names a version or a commit.
fn deploy_line(line: &str, time_ms: i64) -> Option<DeployClue> {
    let lower = line.to_lowercase();
    if !DEPLOY_WORDS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let shas = sha_like(line);
    let named_versions = versions(line);
    if shas.is_empty() && named_versions.is_empty() {
        return None;
    }
    let label: String = line.chars().take(160).collect();
    Some(DeployClue {
        time_ms,
        label,
        shas: dedup(shas),
        versions: dedup(named_versions),
    })
}

fn dedup(items: Vec<String>) -> Vec<String> {
    items
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rollout_line_names_its_version_and_commit() {
        let clue = deploy_line(
            "2024-11-01T03:01:30.000Z INFO deploy-bot starting rollout checkout-api v7.4.9 (commit 9c1e2f4)",
            5,
        )
        .unwrap();
        assert_eq!(clue.versions, ["v7.4.9"]);
        assert_eq!(clue.shas, ["9c1e2f4"]);
        assert!(
            deploy_line("order 12345 placed v7.4.9", 5).is_none(),
            "no deploy word"
        );
        assert!(deploy_line("deploy finished", 5).is_none(), "names nothing");
    }
}
