//! Records of a cloud provider's event feed: the provider saying, in its
//! own documented schema, that the infrastructure changed under a service (a
//! database failover, packet loss between zones, a status-page incident).
//! The parser's job is only to tell such a record from the service's own
//! lines; what it means for the suspects is src/changes/environment.rs's.
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
//! - Atlassian Statuspage incidents (the status pages most providers run):
//!   an `incident` object with a `name`, or the incident's own fields at the
//!   top level with its `components` (each in one of Statuspage's component
//!   statuses: operational, degraded_performance, partial_outage,
//!   major_outage, under_maintenance), in one of Statuspage's incident
//!   statuses; `resolved`, `postmortem` and `completed` announce the end.
//!   A post about components named only (or one `component`) with no impact
//!   counts too, when it says what happened (`message`, `body`).
//! - Google Cloud's status dashboard (its `incidents.json` updates): a
//!   `status` of SERVICE_INFORMATION, SERVICE_DISRUPTION or SERVICE_OUTAGE
//!   with `affected_locations` or a `service_name`; AVAILABLE announces the end.
//!
//! A record that states when the impact began (`begin`, `startTime`,
//! `started_at`, or in its message's words: `from 06:49 UTC`) is dated
//! then, not when it was posted.

use std::sync::OnceLock;

use serde::Serialize;

use super::timestamp::digits;

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
    "\"incident\"",
    "\"components\"",
    "\"component\"",
    "SERVICE_DISRUPTION",
    "SERVICE_OUTAGE",
    "SERVICE_INFORMATION",
    "\"AVAILABLE\"",
];

/// One provider announcement seen in the logs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Announcement {
    pub time_ms: i64,
    /// The feed, e.g. `AWS Health`.
    pub feed: &'static str,
    /// The record's message (or its event code), at most `LABEL_CHARS`.
    pub label: String,
    /// `time_ms` is when people posted it, not when the event began: a
    /// status page or health dashboard update that states no start. An
    /// event record (RDS) is written as it happens.
    pub posted: bool,
}

/// The announcement `line` makes, if it is a record of a provider's event
/// feed that does not announce an event's end.
pub fn announcement(line: &str, time_ms: i64) -> Option<Announcement> {
    if !may_announce(line) {
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
    let incident_name = record
        .get("incident")
        .and_then(|i| i.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or("");
    let message = [
        "message",
        "Message",
        "description",
        "eventDescription",
        "body",
        "text",
        "external_desc",
    ]
    .iter()
    .map(|k| text(k))
    .chain([incident_name])
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
    } else if let Some(status) = statuspage_status(record) {
        if matches!(status, "resolved" | "postmortem" | "completed") {
            return None;
        }
        "Statuspage"
    } else if let Some(status) = google_cloud_status(record) {
        // An incident with an `end` is over.
        let ended = record.get("end").and_then(|e| e.as_str()).is_some();
        if status == "AVAILABLE" || ended {
            return None;
        }
        "Google Cloud status"
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
    let stated = stated_start(record).or_else(|| start_in_words(label, time_ms));
    Some(Announcement {
        time_ms: stated.unwrap_or(time_ms),
        feed,
        label: label.chars().take(LABEL_CHARS).collect(),
        posted: stated.is_none() && feed != "Amazon RDS events",
    })
}

/// When the provider says the impact began, if its record states it:
/// providers post minutes to hours after an incident starts, and the start
/// is what is compared with the changes. Google Cloud's incidents.json
/// `begin`, AWS Health's `startTime` (RFC 1123 in EventBridge), Statuspage's
/// `started_at` (on the incident, or nested in `incident`).
fn stated_start(record: &serde_json::Value) -> Option<i64> {
    let nested = record.get("incident");
    ["begin", "startTime", "started_at"].iter().find_map(|key| {
        let value = record
            .get(*key)
            .or_else(|| nested.and_then(|i| i.get(*key)))?
            .as_str()?;
        super::find_timestamp(value).0
    })
}

/// When a post says in words that the event began: the earliest UTC clock
/// time its message names (`…stopped the delivery of notifications from
/// 06:49 UTC`, `Between 17:40 and 17:58 UTC …`), on the day of the post or,
/// when that would be after the post, the day before. Providers write the
/// start into their updates in prose far more often than in a field.
fn start_in_words(message: &str, posted_ms: i64) -> Option<i64> {
    if !(message.contains("UTC") || message.contains("GMT")) {
        return None;
    }
    const DAY_MS: i64 = 86_400_000;
    let day_ms = posted_ms.div_euclid(DAY_MS) * DAY_MS;
    let bytes = message.as_bytes();
    (0..bytes.len())
        .filter(|&at| at == 0 || !bytes[at - 1].is_ascii_digit() && bytes[at - 1] != b':')
        .filter_map(|at| {
            let (hours, after) = match (digits(bytes, at, 2), digits(bytes, at, 1)) {
                (Some(h), _) if bytes.get(at + 2) == Some(&b':') => (h, at + 3),
                (_, Some(h)) if bytes.get(at + 1) == Some(&b':') => (h, at + 2),
                _ => return None,
            };
            let minutes = digits(bytes, after, 2)?;
            if hours > 23 || minutes > 59 || digits(bytes, after + 2, 1).is_some() {
                return None;
            }
            let at_ms = day_ms + (hours * 60 + minutes) * 60_000;
            Some(if at_ms > posted_ms {
                at_ms - DAY_MS
            } else {
                at_ms
            })
        })
        .min()
}

/// Statuspage's status of an incident record (top level, or the
/// incident's own), when the record is one: an `incident` object with a
/// `name`, in one of the statuses Statuspage documents.
fn statuspage_status(record: &serde_json::Value) -> Option<&str> {
    const STATUSES: &[&str] = &[
        "investigating",
        "identified",
        "monitoring",
        "resolved",
        "postmortem",
        "scheduled",
        "in_progress",
        "verifying",
        "completed",
    ];
    let status = match record.get("incident").filter(|i| i.is_object()) {
        Some(incident) => {
            incident.get("name")?.as_str()?;
            record
                .get("status")
                .or_else(|| incident.get("status"))?
                .as_str()?
        }
        // The incident's own fields, with the components it affects.
        None => {
            const COMPONENT_STATUSES: &[&str] = &[
                "operational",
                "degraded_performance",
                "partial_outage",
                "major_outage",
                "under_maintenance",
            ];
            // Statuspage's incident impacts, documented with its statuses.
            const IMPACTS: &[&str] = &["none", "minor", "major", "critical", "maintenance"];
            let components = record
                .get("components")
                .and_then(|c| c.as_array())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let all_documented = !components.is_empty()
                && components.iter().all(|c| {
                    c.get("status")
                        .and_then(|s| s.as_str())
                        .is_some_and(|s| COMPONENT_STATUSES.contains(&s))
                });
            // Or, with the components by name only (or one `component`), the
            // incident's impact: a status and an impact both in Statuspage's
            // documented vocabularies.
            let impact_documented = record
                .get("impact")
                .and_then(|i| i.as_str())
                .is_some_and(|i| IMPACTS.contains(&i));
            // Or a status post about components named only (no status of
            // their own, no impact to check): a status in the incident
            // vocabulary (checked below) on a record that names what it is
            // about and says what happened.
            let named_only = record.get("component").is_some_and(|c| c.is_string())
                || (!components.is_empty() && components.iter().all(|c| c.is_string()));
            let about_component = named_only
                && record.get("impact").is_none()
                && ["message", "body"]
                    .iter()
                    .any(|k| record.get(*k).is_some_and(|m| m.is_string()));
            if !all_documented && !impact_documented && !about_component {
                return None;
            }
            record.get("status")?.as_str()?
        }
    };
    STATUSES.contains(&status).then_some(status)
}

/// The status of a Google Cloud status dashboard update (`incidents.json`):
/// one of the dashboard's documented statuses, on a record that names what
/// it affects.
fn google_cloud_status(record: &serde_json::Value) -> Option<&str> {
    const STATUSES: &[&str] = &[
        "SERVICE_INFORMATION",
        "SERVICE_DISRUPTION",
        "SERVICE_OUTAGE",
        "AVAILABLE",
    ];
    // An update's `status`; an incident's `status_impact` (incidents.json).
    let status = record
        .get("status")
        .or_else(|| record.get("status_impact"))?
        .as_str()?;
    let names_what =
        record.get("affected_locations").is_some() || record.get("service_name").is_some();
    (STATUSES.contains(&status) && names_what).then_some(status)
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

/// Whether `line` holds one of `MARKERS` (one scan of the line).
pub fn may_announce(line: &str) -> bool {
    static MARKER_SCAN: OnceLock<Option<aho_corasick::AhoCorasick>> = OnceLock::new();
    MARKER_SCAN
        .get_or_init(|| aho_corasick::AhoCorasick::new(MARKERS).ok())
        .as_ref()
        .map_or_else(
            || MARKERS.iter().any(|m| line.contains(m)),
            |scan| scan.is_match(line),
        )
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

    #[test]
    fn a_status_page_incident_is_an_announcement_until_resolved() {
        let update = r#"{"created_at":"2026-12-09T11:52:03.000Z","incident":{"id":"k7x2","name":"Elevated error rates in Europe","impact":"major"},"status":"investigating","body":"We are investigating elevated error rates."}"#;
        let a = announcement(update, 0).expect("a Statuspage update");
        assert_eq!(a.feed, "Statuspage");
        assert_eq!(a.label, "We are investigating elevated error rates.");
        assert!(announcement(&update.replace("investigating", "resolved"), 0).is_none());
        // The service's own record of an incident ticket is not a status page.
        assert!(announcement(r#"{"incident":{"name":"INC-42"},"status":"open"}"#, 0).is_none());
        assert!(announcement(r#"{"msg":"incident","status":"investigating"}"#, 0).is_none());
        // The incident's fields at the top level, with its components.
        let flat = r#"{"incident_id":"q8v3","name":"DNS resolution failures","status":"identified","impact":"major","components":[{"name":"Authoritative DNS","status":"major_outage"}],"body":"A configuration change failed."}"#;
        let a = announcement(flat, 0).expect("a flat Statuspage incident");
        assert_eq!(
            (a.feed, a.label.as_str()),
            ("Statuspage", "A configuration change failed.")
        );
        assert!(announcement(&flat.replace("identified", "resolved"), 0).is_none());
        // Components by name, with the incident's documented impact.
        let named = r#"{"page":"status.example.com","name":"Degraded data connectivity","status":"investigating","impact":"major","components":["Data services - Germany"],"body":"We are investigating degraded data connectivity."}"#;
        assert_eq!(
            announcement(named, 0).expect("named components").feed,
            "Statuspage"
        );
        // Components in statuses Statuspage does not document, and no
        // documented impact: not its record.
        let undocumented = flat
            .replace("major_outage", "red")
            .replace(r#""impact":"major","#, "");
        assert!(announcement(&undocumented, 0).is_none());
        assert!(announcement(&named.replace("major", "sev1"), 0).is_none());
        assert!(announcement(r#"{"status":"investigating","components":[]}"#, 0).is_none());
        // One `component`, and the incident by its id: the status and the
        // impact still say what it is.
        let single = r#"{"updated_at": "2026-11-03T11:38:20Z", "incident": "inc_7h2kq9", "component": "Purge API", "status": "investigating", "impact": "major", "message": "Purge API degraded: purge requests failing in all regions."}"#;
        assert_eq!(
            announcement(single, 0)
                .expect("a status and an impact")
                .label,
            "Purge API degraded: purge requests failing in all regions."
        );
        assert!(announcement(&single.replace("major", "high"), 0).is_none());
        // A start stated in words: the earliest UTC time the post names.
        let posted_ms = 1_785_484_092_000; // 2026-07-31T07:48:12Z
        let words = r#"{"incident": "inc_1", "status": "identified", "impact": "major", "message": "A change to our delivery queue stopped notifications from 06:49 UTC; between 07:10 and 07:30 UTC retries failed too."}"#;
        let stated = announcement(words, posted_ms).expect("an announcement");
        assert_eq!(stated.time_ms, posted_ms - (59 * 60 + 12) * 1000);
        assert!(!stated.posted);
        // A time later in the day than the post is yesterday's.
        assert_eq!(
            start_in_words("degraded since 23:50 UTC", posted_ms),
            Some(posted_ms - (7 * 3600 + 58 * 60 + 12) * 1000)
        );
        assert_eq!(
            start_in_words("since 06:49, we are investigating", posted_ms),
            None
        );
        assert_eq!(start_in_words("version 12:345 UTC", posted_ms), None);
        assert!(announcement(&single.replace("investigating", "open"), 0).is_none());
        // A status post about one component, with no impact: its status and
        // its component say what it is.
        let bare = r#"{"updated_at": "2026-12-10T10:58:40Z", "component": "Qualified Timestamping (RFC 3161)", "status": "investigating", "message": "Timestamping service degraded."}"#;
        assert_eq!(
            announcement(bare, 0).expect("a status post").feed,
            "Statuspage"
        );
        assert!(announcement(&bare.replace("investigating", "running"), 0).is_none());
        assert!(
            announcement(r#"{"component":"worker","status":"completed"}"#, 0).is_none(),
            "a job's status line says nothing happened to a provider"
        );
    }

    #[test]
    fn a_google_cloud_status_update_is_an_announcement_until_available() {
        let update = r#"{"when":"2026-11-30T07:51:22+00:00","service_name":"Persistent Disk","severity":"medium","status":"SERVICE_DISRUPTION","affected_locations":[{"title":"Warsaw (europe-central2)","id":"europe-central2"}],"text":"We are experiencing elevated I/O latency."}"#;
        // incidents.json's incident: `status_impact`, `external_desc`, `end`.
        let incident = r#"{"service_name":"Cloud Messaging","begin":"2026-05-14T17:45:00+00:00","end":null,"status_impact":"SERVICE_DISRUPTION","modified":"2026-05-14T18:19:47+00:00","external_desc":"Elevated error rates for Cloud Messaging API requests","most_recent_update":{"text":"We are investigating."}}"#;
        let found = announcement(incident, 0).expect("an open incident announces");
        assert_eq!(found.feed, "Google Cloud status");
        assert_eq!(
            found.label,
            "Elevated error rates for Cloud Messaging API requests"
        );
        let ended = incident.replace(r#""end":null"#, r#""end":"2026-05-14T19:00:00+00:00""#);
        assert!(announcement(&ended, 0).is_none());
        // Dated when the provider says it began, not when it posted.
        let begin = crate::ingest::parse::find_timestamp("2026-05-14T17:45:00+00:00").0;
        assert_eq!(announcement(incident, 7).map(|a| a.time_ms), begin);
        let a = announcement(update, 0).expect("a Google Cloud status update");
        assert_eq!(a.feed, "Google Cloud status");
        assert_eq!(a.label, "We are experiencing elevated I/O latency.");
        assert!(announcement(&update.replace("SERVICE_DISRUPTION", "AVAILABLE"), 0).is_none());
        // A service's own line with the word is not the dashboard.
        assert!(announcement(
            r#"{"msg":"SERVICE_OUTAGE alert fired","status":"SERVICE_OUTAGE"}"#,
            0
        )
        .is_none());
    }
}
