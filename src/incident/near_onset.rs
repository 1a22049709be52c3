//! Templates whose first line falls near the onset: too few lines to be
//! called new, but what the trouble may have started from (pack.rs ranks
//! them with the signals).

use super::gather;

/// A template first seen within the time a cause takes to reach the logs
/// before the onset (`PROPAGATION_MS`), or first in the onset's own minute:
/// a broker's alarm a second before the publishers fail, a replica's "recovery still waiting … recovery conflict"
/// (PostgreSQL logs it at LOG, an informational level). Too few lines to be
/// called new, and mostly before the onset, but what the trouble may have
/// started from, whatever level its logger gave it: the level is the
/// logger's judgment, that the service never said it before is the evidence.
/// Unless the logs begin just before it too: had the template been logged
/// from any time, its first line would fall that close to the onset with
/// chance (onset − first) / (onset − logs' start); at most one in ten.
/// (It required warning or worse at first; at any level it brings one more
/// root cause into the 114 packs and pushes none out.)
pub fn first_logged_near(
    template: &gather::TemplateEvidence,
    onset_ms: Option<i64>,
    logs_from_ms: Option<i64>,
) -> bool {
    let (Some(onset), Some(logs_from)) = (onset_ms, logs_from_ms) else {
        return false;
    };
    let first = template.first_seen_ms;
    // First logged in the onset's own minute, and never before it: a broker's
    // "forced connection closure" warning as the feed drops, two lines that
    // are too few to be called new but are what the onset is.
    let at_onset = first >= onset && first < onset + ONSET_PRECISION_MS;
    if at_onset && template.before_onset == Some(0) {
        return (first - onset).max(1_000) * CHANCE_DENOMINATOR <= onset - logs_from;
    }
    first < onset
        && first >= onset - crate::ingest::signals::PROPAGATION_MS
        && (onset - first) * CHANCE_DENOMINATOR <= onset - logs_from
}

/// An onset is dated to the minute: what is first logged within it is of it.
const ONSET_PRECISION_MS: i64 = 60_000;

/// One in ten: how unlikely a first line's closeness to the onset must be.
const CHANCE_DENOMINATOR: i64 = 10;
