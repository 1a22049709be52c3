//! Announcements by the platform the service runs on. A cloud provider's event
//! feed states, in its own documented schema, that the infrastructure changed
//! under the service: a database failover, packet loss between zones, a host
//! retired. Such a record is not the service's opinion of itself (an OOM kill
//! or a readiness failure is, and stays evidence for the code); it is the
//! provider saying the environment moved.
//!
//! When a provider announces an event shortly before the onset, and a change
//! of the repo had already been running before that event, the change was
//! running while the service was healthy and the environment moved closer to
//! the onset than it did: the announcement explains the onset's timing, the
//! change does not. A change that started running after the announcement
//! still competes on its own evidence. This is how "no change in this repo
//! explains it" is reached when a commit shares words with the errors (a pool
//! setting, a Redis timeout) but the provider's feed says what happened.
//!
//! Feeds are told by the fields their documentation defines, never by words
//! of the message:
//! - AWS Health events (Health API `Event`, EventBridge `aws.health` detail):
//!   `eventTypeCode` = `AWS_<SERVICE>_<DESCRIPTION>`; `statusCode` `closed`
//!   announces the end.
//! - Amazon RDS events (`describe-events`, EventBridge `RDS … Event` detail):
//!   the event id `RDS-EVENT-nnnn`.
//! - Azure Activity Log service and resource health events: `category`
//!   `ServiceHealth` / `ResourceHealth`; `status` `Resolved` announces the end.
//! - Google Cloud Personalized Service Health logs: the
//!   `google.cloud.servicehealth` log type; `state` `CLOSED` announces the end.

use serde::Serialize;

use super::score::{human_duration, Suspect};

/// How long a failure in the platform takes to reach the service's logs: a
/// connection or dial timeout, a health-check interval, a DNS TTL — seconds
/// to minutes. An announcement further before the onset than this (a
/// nightly backup, maintenance an hour earlier) did not start it.
pub const PROPAGATION_MS: i64 = 15 * 60_000;
/// Announcements kept (a chatty feed must not grow the list).
pub const MAX_ANNOUNCEMENTS: usize = 1_000;
/// Characters of the announcement kept for reasons.
const LABEL_CHARS: usize = 160;

/// Substrings one of which every recognised feed's record contains: the
/// cheap test that keeps JSON parsing off ordinary log lines.
pub const MARKERS: &[&str] = &[
    "eventTypeCode",
    "RDS-EVENT-",
    "ServiceHealth",
    "ResourceHealth",
    "servicehealth",
];

/// One provider announcement seen in the logs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Announcement {
    pub time_ms: i64,
    /// The feed, e.g. `AWS Health`.
    pub feed: &'static str,
    /// The record's message (or its event code), at most `LABEL_CHARS`.
    pub label: String,
}

/// The announcement `line` makes, if it is a record of a provider's event
/// feed that does not announce an event's end.
pub fn announcement(line: &str, time_ms: i64) -> Option<Announcement> {
    if !MARKERS.iter().any(|m| line.contains(m)) {
        return None;
    }
    let start = line.find('{')?;
    let value: serde_json::Value = serde_json::from_str(line[start..].trim_end()).ok()?;
    // EventBridge wraps the feed's record in `detail`.
    let record = value
        .get("detail")
        .filter(|d| d.is_object())
        .unwrap_or(&value);
    let text = |key: &str| record.get(key).and_then(|v| v.as_str()).unwrap_or("");
    let message = ["message", "Message", "description", "eventDescription"]
        .iter()
        .map(|k| text(k))
        .find(|m| !m.is_empty());
    let feed = if text("eventTypeCode").starts_with("AWS_") {
        if text("statusCode").eq_ignore_ascii_case("closed") {
            return None;
        }
        "AWS Health"
    } else if has_rds_event_id(line) {
        "Amazon RDS events"
    } else if matches!(category(record), Some("ServiceHealth" | "ResourceHealth")) {
        if text("status").eq_ignore_ascii_case("resolved") {
            return None;
        }
        "Azure Service Health"
    } else if line.contains("google.cloud.servicehealth") {
        if text("state").eq_ignore_ascii_case("closed") {
            return None;
        }
        "Google Cloud Service Health"
    } else {
        return None;
    };
    let label = message.unwrap_or_else(|| text("eventTypeCode"));
    let label = if label.is_empty() { line } else { label };
    Some(Announcement {
        time_ms,
        feed,
        label: label.chars().take(LABEL_CHARS).collect(),
    })
}

/// Azure's `category` is a string or `{"value": …}`.
fn category(record: &serde_json::Value) -> Option<&str> {
    let category = record.get("category")?;
    category
        .as_str()
        .or_else(|| category.get("value").and_then(|v| v.as_str()))
}

/// `RDS-EVENT-` followed by four digits (the documented id form).
fn has_rds_event_id(line: &str) -> bool {
    line.match_indices("RDS-EVENT-").any(|(at, m)| {
        let digits = &line.as_bytes()[at + m.len()..];
        digits.len() >= 4 && digits[..4].iter().all(u8::is_ascii_digit)
    })
}

/// The announcement closest before the onset (up to `PROPAGATION_MS` before
/// it, or at it), if any: what the environment did just before the symptoms.
pub fn nearest_before(announcements: &[Announcement], onset_ms: i64) -> Option<&Announcement> {
    announcements
        .iter()
        .filter(|a| a.time_ms <= onset_ms && onset_ms - a.time_ms <= PROPAGATION_MS)
        .max_by_key(|a| a.time_ms)
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
    let event = nearest_before(announcements, onset_ms)?;
    for suspect in suspects.iter_mut() {
        let running_since = suspect.deployed_ms.unwrap_or(suspect.landed_ms);
        if running_since < event.time_ms {
            suspect.explains = false;
            suspect.reasons.push(format!(
                "was running {} before {} announced \"{}\", {} before the onset: the environment changed closer to the onset than this change",
                human_duration(event.time_ms - running_since),
                event.feed,
                event.label,
                human_duration(onset_ms - event.time_ms),
            ));
        }
    }
    Some(event)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_feeds_are_told_by_their_documented_fields() {
        let health = r#"{"eventTime":"2026-11-27T09:50:02Z","service":"EC2","eventTypeCode":"AWS_EC2_NETWORK_CONNECTIVITY_ISSUE","statusCode":"open","description":"Increased packet loss between az2 and az3."}"#;
        let a = announcement(health, 5).expect("AWS Health");
        assert_eq!((a.feed, a.time_ms), ("AWS Health", 5));
        assert!(a.label.starts_with("Increased packet loss"));
        let rds = r#"{"time":"2026-11-26T13:17:36Z","eventId":"RDS-EVENT-0013","message":"A Multi-AZ failover has started."}"#;
        assert_eq!(announcement(rds, 0).unwrap().feed, "Amazon RDS events");
        let bridge = r#"{"source":"aws.rds","detail-type":"RDS DB Instance Event","detail":{"EventID":"RDS-EVENT-0049","Message":"Multi-AZ failover completed."}}"#;
        assert_eq!(
            announcement(bridge, 0).unwrap().label,
            "Multi-AZ failover completed."
        );
        let azure = r#"{"category":{"value":"ServiceHealth"},"status":"Active","description":"Storage degraded in West Europe"}"#;
        assert_eq!(announcement(azure, 0).unwrap().feed, "Azure Service Health");
    }

    #[test]
    fn an_ended_event_and_look_alikes_are_not_announcements() {
        let closed =
            r#"{"eventTypeCode":"AWS_EC2_NETWORK_CONNECTIVITY_ISSUE","statusCode":"closed"}"#;
        assert!(announcement(closed, 0).is_none());
        // The service's own words about health or events are not a feed.
        assert!(announcement("level=error msg=\"ServiceHealth check failed\"", 0).is_none());
        assert!(
            announcement(r#"{"msg":"eventTypeCode missing","code":"MY_APP_ERR"}"#, 0).is_none()
        );
        assert!(announcement(r#"{"msg":"RDS-EVENT-12 parse error"}"#, 0).is_none());
        assert!(announcement("not json RDS-EVENT-0013", 0).is_none());
    }

    fn suspect(name: &str, running_since_ms: i64) -> Suspect {
        Suspect {
            id: format!("C{name}"),
            sha: name.repeat(40),
            short: name.into(),
            subject: name.into(),
            author: "dev".into(),
            landed_ms: running_since_ms,
            score: 3.0,
            explains: true,
            reasons: Vec::new(),
            files: Vec::new(),
            deployed_ms: None,
            ran: true,
            overlap: 3.0,
            deploy_evidence: 0.0,
            time_factor: 1.0,
            reach_factor: 1.0,
            shared_words: Vec::new(),
        }
    }

    #[test]
    fn changes_running_before_the_announcement_do_not_explain_later_ones_still_may() {
        let onset = 1_000 * 60_000;
        let failover = Announcement {
            time_ms: onset - 5_000,
            feed: "Amazon RDS events",
            label: "A Multi-AZ failover has started.".into(),
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
    fn only_an_announcement_shortly_before_the_onset_counts() {
        let at = |time_ms| Announcement {
            time_ms,
            feed: "AWS Health",
            label: String::new(),
        };
        let onset = 100 * 60_000;
        let list = [at(10 * 60_000), at(onset - 5 * 60_000), at(onset + 1)];
        assert_eq!(
            nearest_before(&list, onset).unwrap().time_ms,
            onset - 5 * 60_000
        );
        assert!(nearest_before(&list[..1], onset).is_none());
    }
}
