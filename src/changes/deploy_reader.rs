//! Reading deploys from log lines as they pass (deploy_lines.rs), and the
//! rollbacks that name a release by its number.
//!
//! Helm numbers a release's revisions (`helm upgrade` prints `REVISION:
//! 42`; `helm rollback RELEASE [REVISION]` goes back to one, the previous
//! one when the number is 0 or left out, as Helm's documentation says);
//! Heroku numbers its releases (`Deploy 87336e00 …`, `Release v212
//! created …`, `Rollback to v211`). A rollback line names only that number,
//! so it says which code it deployed only through the upgrade that printed
//! the number: the deploy line of the same source just before it.

use std::collections::HashMap;

use super::clues::DeployClue;
use crate::ingest::SourceIndex;

/// Deploy log lines kept at most (a chatty deploy bot must not grow the
/// list), and from any one source: one noisy source (an access log whose
/// lines happen to hold a deploy word and a hex id) must not use up what the
/// others' real deploy lines need.
const MAX_DEPLOY_LINES: usize = 4_000;
pub(super) const MAX_DEPLOY_LINES_PER_SOURCE: usize = 250;
/// How long after its deploy line an upgrade may print its number (Helm
/// waits for the rollout, `--timeout` 5–10 min as a rule).
const NUMBER_AFTER_DEPLOY_MS: i64 = 15 * 60_000;
/// What the lines `release_number` and `rollback_to_number` read say.
const NUMBERED_MARKERS: &[&str] = &["REVISION: ", "Release v", "helm rollback ", "Rollback to v"];
/// Numbered releases and rollbacks remembered.
const MAX_NUMBERED: usize = 1_000;

pub(super) struct DeployReader {
    words: Option<aho_corasick::AhoCorasick>,
    /// The wording of a numbered release or rollback (`NUMBERED_MARKERS`):
    /// one scan of each line, the parsing only where it is found.
    numbered_markers: Option<aho_corasick::AhoCorasick>,
    deploys: Vec<DeployClue>,
    /// The source of each of `deploys`.
    sources: Vec<SourceIndex>,
    per_source: HashMap<SourceIndex, usize>,
    /// The last deploy kept from each source (an index into `deploys`).
    last_of_source: HashMap<SourceIndex, usize>,
    /// A release's number, stated after its deploy: source, time, number.
    numbered: Vec<(SourceIndex, i64, u64)>,
    /// Rollbacks to a release by number (`None`: the previous one).
    rollbacks: Vec<(SourceIndex, i64, Option<u64>, String)>,
}

impl DeployReader {
    pub fn new() -> Self {
        DeployReader {
            words: super::deploy_lines::deploy_words(),
            numbered_markers: aho_corasick::AhoCorasick::new(NUMBERED_MARKERS).ok(),
            deploys: Vec::new(),
            sources: Vec::new(),
            per_source: HashMap::new(),
            last_of_source: HashMap::new(),
            numbered: Vec::new(),
            rollbacks: Vec::new(),
        }
    }

    pub fn read(&mut self, source: SourceIndex, time_ms: i64, text: &str) {
        let numbered = self.numbered.len() + self.rollbacks.len() < MAX_NUMBERED
            && self
                .numbered_markers
                .as_ref()
                .is_some_and(|markers| markers.is_match(text));
        if numbered {
            if let Some(number) = release_number(text) {
                self.numbered.push((source, time_ms, number));
            }
            if let Some(to) = rollback_to_number(text) {
                let label = text.chars().take(160).collect();
                self.rollbacks.push((source, time_ms, to, label));
            }
        }
        let Some(words) = self.words.as_ref() else {
            return;
        };
        if self.deploys.len() >= MAX_DEPLOY_LINES {
            return;
        }
        if let Some(clue) = super::deploy_lines::deploy_line(text, time_ms, words) {
            // A logger that stamps every record with the build (Serilog's
            // and OpenTelemetry's `Version`, `service.version`) makes every
            // line name what runs. A line naming what the source's last one
            // named changes nothing, so it does not use up the source's
            // allowance, which is kept for the lines that do (a rollback
            // hours later); it is still kept, as a restart may be one.
            let repeats = self.last_of_source.get(&source).is_some_and(|&last| {
                let kept = &self.deploys[last];
                kept.shas == clue.shas && kept.versions == clue.versions
            });
            let from_source = self.per_source.entry(source).or_insert(0);
            if repeats || *from_source < MAX_DEPLOY_LINES_PER_SOURCE {
                if !repeats {
                    *from_source += 1;
                }
                self.last_of_source.insert(source, self.deploys.len());
                self.deploys.push(clue);
                self.sources.push(source);
            }
        }
    }

    /// The deploy lines, and a deploy for each rollback whose number an
    /// upgrade of the same source printed after its deploy line.
    pub fn finish(mut self) -> Vec<DeployClue> {
        // Number → what the deploy line before it named, per source.
        let mut releases: HashMap<(SourceIndex, u64), (Vec<String>, Vec<String>)> = HashMap::new();
        for &(source, time_ms, number) in &self.numbered {
            let deploy = self
                .deploys
                .iter()
                .zip(&self.sources)
                .filter(|(d, s)| **s == source && d.time_ms <= time_ms)
                .filter(|(d, _)| time_ms - d.time_ms <= NUMBER_AFTER_DEPLOY_MS)
                .max_by_key(|(d, _)| d.time_ms);
            if let Some((deploy, _)) = deploy {
                releases.insert(
                    (source, number),
                    (deploy.shas.clone(), deploy.versions.clone()),
                );
            }
        }
        for (source, time_ms, to, label) in std::mem::take(&mut self.rollbacks) {
            // Left out or 0: the release before the latest numbered one.
            let to = to.filter(|n| *n > 0).or_else(|| {
                self.numbered
                    .iter()
                    .filter(|(s, t, _)| *s == source && *t <= time_ms)
                    .max_by_key(|(_, t, _)| *t)
                    .and_then(|(_, _, n)| n.checked_sub(1))
            });
            if let Some((shas, versions)) = to.and_then(|n| releases.get(&(source, n))) {
                self.deploys.push(DeployClue {
                    time_ms,
                    label,
                    shas: shas.clone(),
                    versions: versions.clone(),
                    settings: Vec::new(),
                });
            }
        }
        self.deploys
    }
}

/// The number a line gives a release it made: Helm's `REVISION: 42`,
/// Heroku's `Release v212 created`.
fn release_number(text: &str) -> Option<u64> {
    if let Some((_, rest)) = text.split_once("REVISION: ") {
        return leading_number(rest);
    }
    let (_, rest) = text.split_once("Release v")?;
    let number = leading_number(rest)?;
    rest.trim_start_matches(|c: char| c.is_ascii_digit())
        .starts_with(" created")
        .then_some(number)
}

/// The release a rollback line goes back to: `helm rollback NAME 41`
/// (`Some(41)`), `helm rollback NAME` or `… NAME 0` (`Some(None)`: the
/// previous one), Heroku's `Rollback to v211`.
fn rollback_to_number(text: &str) -> Option<Option<u64>> {
    if let Some((_, rest)) = text.split_once("helm rollback ") {
        let mut args = rest.split_whitespace().filter(|a| !a.starts_with('-'));
        args.next()?;
        return Some(args.next().and_then(leading_number).filter(|n| *n > 0));
    }
    let (_, rest) = text.split_once("Rollback to v")?;
    leading_number(rest).map(Some)
}

/// How a rollback line named what it went back to, for the reasons:
/// `revision 41`, `v211`, `the previous revision`. None for other lines.
pub(super) fn rollback_target(text: &str) -> Option<String> {
    let heroku = !text.contains("helm rollback ");
    Some(match rollback_to_number(text)? {
        Some(n) if heroku => format!("v{n}"),
        Some(n) => format!("revision {n}"),
        None => "the previous revision".to_string(),
    })
}

fn leading_number(text: &str) -> Option<u64> {
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    #[test]
    fn a_rollback_line_names_its_target_by_number() {
        assert_eq!(
            rollback_target("+ helm rollback ota-publisher 41 --wait").as_deref(),
            Some("revision 41")
        );
        assert_eq!(
            rollback_target("+ helm rollback diary 0").as_deref(),
            Some("the previous revision")
        );
        assert_eq!(
            rollback_target("app[api]: Rollback to v211 by user grace@example.com").as_deref(),
            Some("v211")
        );
        assert_eq!(rollback_target("deploying 1dccfed"), None);
    }

    #[test]
    fn a_helm_rollback_to_a_revision_deploys_what_that_revision_deployed() {
        let mut reader = DeployReader::new();
        reader.read(
            1,
            0,
            "helm upgrade --install web ./chart --set image.tag=50774d9 --wait",
        );
        reader.read(
            1,
            MINUTE,
            "NAME: web  NAMESPACE: ota  STATUS: deployed  REVISION: 57",
        );
        reader.read(
            1,
            60 * MINUTE,
            "helm upgrade --install web ./chart --set image.tag=85957ac --wait",
        );
        reader.read(1, 61 * MINUTE, "REVISION: 58");
        reader.read(1, 90 * MINUTE, "+ helm rollback web 57 -n ota --wait");
        // The same number in another source's log is another release.
        reader.read(2, 95 * MINUTE, "helm rollback other 58");
        let deploys = reader.finish();
        let back = deploys.last().expect("the rollback is a deploy");
        assert_eq!(back.time_ms, 90 * MINUTE);
        assert_eq!(back.shas, ["50774d9"]);
        assert_eq!(deploys.len(), 3);
    }

    #[test]
    fn a_rollback_without_a_number_goes_to_the_previous_release() {
        let mut reader = DeployReader::new();
        reader.read(0, 0, "app[api]: Deploy 1dccfed by user a@example.com");
        reader.read(0, 0, "app[api]: Release v211 created by user a@example.com");
        reader.read(
            0,
            10 * MINUTE,
            "app[api]: Deploy 87336e00 by user a@example.com",
        );
        reader.read(
            0,
            10 * MINUTE,
            "app[api]: Release v212 created by user a@example.com",
        );
        reader.read(0, 30 * MINUTE, "helm rollback web 0 -n x");
        reader.read(
            0,
            40 * MINUTE,
            "app[api]: Rollback to v211 by user a@example.com",
        );
        let deploys = reader.finish();
        let shas: Vec<_> = deploys
            .iter()
            .map(|d| (d.time_ms, d.shas.clone()))
            .collect();
        assert_eq!(shas[2], (30 * MINUTE, vec!["1dccfed".to_string()]));
        assert_eq!(shas[3], (40 * MINUTE, vec!["1dccfed".to_string()]));
        // A number no upgrade in the logs printed names nothing.
        let mut unknown = DeployReader::new();
        unknown.read(0, 0, "helm rollback web 41");
        assert!(unknown.finish().is_empty());
    }

    #[test]
    fn numbers_are_read_as_helm_and_heroku_print_them() {
        assert_eq!(release_number("STATUS: deployed\tREVISION: 42"), Some(42));
        assert_eq!(release_number("Release v212 created by user x"), Some(212));
        assert_eq!(
            release_number("Release v212 command executed successfully"),
            None
        );
        assert_eq!(
            rollback_to_number("helm rollback seal 87 -n signing"),
            Some(Some(87))
        );
        assert_eq!(
            rollback_to_number("helm rollback diary-live 0 -n diary"),
            Some(None)
        );
        assert_eq!(
            rollback_to_number("helm rollback --wait diary-live"),
            Some(None)
        );
        assert_eq!(
            rollback_to_number("Rollback to v211 by user"),
            Some(Some(211))
        );
        assert_eq!(rollback_to_number("rollback finished"), None);
    }

    #[test]
    fn lines_that_repeat_the_running_build_leave_room_for_the_rollback() {
        let mut reader = DeployReader::new();
        let stamped = |n: i64| {
            format!(
                r#"{{"@m":"Dispatcher: {n} pending","SourceContext":"Worker","Version":"4.18.1","Commit":"dcb91fd"}}"#
            )
        };
        for n in 0..(MAX_DEPLOY_LINES_PER_SOURCE as i64 + 50) {
            reader.read(1, n * MINUTE, &stamped(n));
        }
        let rollback_ms = 1_000 * MINUTE;
        reader.read(
            1,
            rollback_ms,
            "Efile.Worker 4.18.0 (c01cfa6) starting: deploy of the previous release",
        );
        let deploys = reader.finish();
        assert!(
            deploys
                .iter()
                .any(|d| d.time_ms == rollback_ms && d.shas == ["c01cfa6"]),
            "the rollback's start-up line is read after {} lines that repeat the build",
            MAX_DEPLOY_LINES_PER_SOURCE + 50
        );
    }
}
