//! Announcements by the platform the service runs on. A cloud provider's event
//! feed states, in its own documented schema, that the infrastructure changed
//! under the service: a database failover, packet loss between zones, a host
//! retired. Such a record is not the service's opinion of itself (an OOM kill
//! or a readiness failure is, and stays evidence for the code); it is the
//! provider saying the environment moved.
//!
//! When a provider announces an event near the onset (shortly before it, or
//! posted late, shortly after), and a change of the repo had already been
//! running before the announced event could have begun (`moved_by`), the
//! change was running while the service was healthy and the environment moved
//! closer to the onset than it did: the announcement explains the onset's
//! timing, the change does not. A change that started running closer to the
//! onset still competes on its own evidence. This is how "no change in this repo
//! explains it" is reached when a commit shares words with the errors (a pool
//! setting, a Redis timeout) but the provider's feed says what happened.
//!
//! The feeds and how each is told: src/ingest/parse/announcement.rs.

pub use crate::ingest::parse::announcement::{announcement, Announcement, MAX_ANNOUNCEMENTS};

use super::score::{human_duration, Suspect};

/// How long a failure takes to reach the service's logs (signals.rs). An
/// announcement further before the onset than this (a nightly backup,
/// maintenance an hour earlier) did not start it.
pub use crate::ingest::signals::PROPAGATION_MS;
/// How late a provider posts: status pages and AWS Health post their first
/// update 10–30 minutes after the event began. An announcement up to this
/// long after the onset still says the environment moved around it; when it
/// states no start, its event began no earlier than this before the post
/// (`moved_by`).
pub const LATE_MS: i64 = 30 * 60_000;

/// The announcement closest to the onset — up to `PROPAGATION_MS` before it
/// or `LATE_MS` after it — if any: what the environment did around the
/// symptoms.
pub fn nearest(announcements: &[Announcement], onset_ms: i64) -> Option<&Announcement> {
    announcements
        .iter()
        .filter(|a| a.time_ms >= onset_ms - PROPAGATION_MS && a.time_ms <= onset_ms + LATE_MS)
        .min_by_key(|a| ((a.time_ms - onset_ms).abs(), a.time_ms))
}

/// `5 s before the onset`, `15 min after the onset`.
pub fn relative_to_onset(event: &Announcement, onset_ms: i64) -> String {
    if event.time_ms <= onset_ms {
        format!(
            "{} before the onset",
            human_duration(onset_ms - event.time_ms)
        )
    } else {
        format!(
            "{} after the onset",
            human_duration(event.time_ms - onset_ms)
        )
    }
}

/// The time before which a change was running before the environment
/// moved. A record dated when its event began (an event record, a stated
/// start) moved it then — or, when that is after the onset, no later than
/// that far before it (how uncertain a start stated after the symptoms is).
/// A post after the onset that states no start was written late: providers
/// post 10–30 min after the event began (`LATE_MS`), so the event began no
/// earlier than `LATE_MS` before the post, and a change running before that
/// had been running before the environment moved, however late the post.
fn moved_by(event: &Announcement, onset_ms: i64) -> i64 {
    if event.time_ms <= onset_ms {
        event.time_ms
    } else if event.posted {
        event.time_ms - LATE_MS
    } else {
        onset_ms - (event.time_ms - onset_ms)
    }
}

/// Marks every suspect that was already running before the announcement
/// nearest before the onset as not explaining the incident, saying why; a
/// suspect that started running after it keeps its verdict. Returns the
/// announcement applied.
pub fn weigh<'a>(
    suspects: &mut [Suspect],
    announcements: &'a [Announcement],
    onset_ms: i64,
) -> Option<&'a Announcement> {
    let event = nearest(announcements, onset_ms)?;
    let moved_by_ms = moved_by(event, onset_ms);
    for suspect in suspects.iter_mut() {
        let running_since = suspect.deployed_ms.unwrap_or(suspect.landed_ms);
        if running_since < moved_by_ms {
            suspect.explains = false;
            suspect.reasons.push(format!(
                "was running {} before the onset; {} announced \"{}\" {}: the environment changed closer to the onset than this change",
                human_duration(onset_ms - running_since),
                event.feed,
                event.label,
                relative_to_onset(event, onset_ms),
            ));
        }
    }
    Some(event)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suspect(name: &str, running_since_ms: i64) -> Suspect {
        Suspect::running_since(name, running_since_ms)
    }

    #[test]
    fn changes_running_before_the_announcement_do_not_explain_later_ones_still_may() {
        let onset = 1_000 * 60_000;
        let failover = Announcement {
            time_ms: onset - 5_000,
            feed: "Amazon RDS events",
            label: "A Multi-AZ failover has started.".into(),
            posted: false,
        };
        let mut suspects = vec![
            suspect("a", onset - 3 * 3_600_000),
            suspect("b", onset - 2_000),
        ];
        let applied = weigh(&mut suspects, std::slice::from_ref(&failover), onset);
        assert_eq!(applied, Some(&failover));
        assert!(
            !suspects[0].explains && suspects[1].explains,
            "{suspects:#?}"
        );
        assert!(suspects[0].reasons[0].contains("Amazon RDS events announced"));
        // An announcement an hour before the onset (a backup) changes nothing.
        let backup = Announcement {
            time_ms: onset - 3_600_000,
            ..failover
        };
        let mut suspects = vec![suspect("a", onset - 3 * 3_600_000)];
        assert!(weigh(&mut suspects, &[backup], onset).is_none());
        assert!(suspects[0].explains);
    }

    #[test]
    fn only_an_announcement_near_the_onset_counts_the_closest_first() {
        let at = |time_ms| Announcement {
            time_ms,
            feed: "AWS Health",
            label: String::new(),
            posted: true,
        };
        let onset = 100 * 60_000;
        let list = [at(10 * 60_000), at(onset - 5 * 60_000), at(onset + 60_000)];
        assert_eq!(nearest(&list, onset).unwrap().time_ms, onset + 60_000);
        assert_eq!(
            nearest(&list[..2], onset).unwrap().time_ms,
            onset - 5 * 60_000
        );
        // An hour before, or posted more than half an hour late: not this incident's.
        assert!(nearest(&[at(10 * 60_000), at(onset + 31 * 60_000)], onset).is_none());
    }

    #[test]
    fn a_late_post_clears_changes_running_before_its_event_could_have_begun() {
        let onset = 1_000 * 60_000;
        let posted_at = |minutes_after: i64| Announcement {
            time_ms: onset + minutes_after * 60_000,
            feed: "Statuspage",
            label: "Elevated error rates in Europe".into(),
            posted: true,
        };
        let suspects = || {
            vec![
                suspect("a", onset - 3 * 3_600_000),
                suspect("b", onset - 20 * 60_000),
                suspect("c", onset - 2 * 60_000),
            ]
        };
        // Posted 26 min late: the event began 4 min before the onset at the earliest.
        let mut late = suspects();
        weigh(&mut late, &[posted_at(26)], onset);
        let explains: Vec<bool> = late.iter().map(|s| s.explains).collect();
        assert_eq!(explains, [false, false, true], "{late:#?}");
        assert!(late[0].reasons[0].contains("26 min after the onset"));
        // Posted 5 min after: it may have begun 25 min before the onset.
        let mut prompt = suspects();
        weigh(&mut prompt, &[posted_at(5)], onset);
        let explains: Vec<bool> = prompt.iter().map(|s| s.explains).collect();
        assert_eq!(explains, [false, true, true], "{prompt:#?}");
        // A start stated after the onset clears only what ran as long before it.
        let mut stated = suspects();
        let after = Announcement {
            posted: false,
            ..posted_at(10)
        };
        weigh(&mut stated, &[after], onset);
        let explains: Vec<bool> = stated.iter().map(|s| s.explains).collect();
        assert_eq!(explains, [false, false, true], "{stated:#?}");
    }
}
