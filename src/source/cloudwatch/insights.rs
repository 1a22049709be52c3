//! Logs Insights push-down, the pure half: the query strings lookout sends
//! (counts per minute and level, a sample) and the parsers that turn
//! GetQueryResults rows back into typed counts. No I/O here, so both the
//! query text and the parsing are unit-tested on the documented AWS shapes;
//! the same level rule counts locally when the push-down cannot be used.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// One `{field, value}` pair of a GetQueryResults row, as AWS documents it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ResultField {
    pub field: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// A GetQueryResults row: the fields of one result, in the order AWS sent them.
pub type ResultRow = Vec<ResultField>;

/// The level words lookout recognises, most severe first. The same pattern is
/// sent to Insights (`parse … /(?<level>…)/`) and used for local counting, so
/// both paths classify a line identically.
pub const LEVEL_PATTERN: &str =
    r"(?i)\b(?<level>fatal|critical|error|err|warning|warn|info|debug|trace)\b";

/// Bin widths lookout asks for, in minutes: the smallest that keeps a range
/// under [`MAX_BINS`] bins, so minutes × levels stays below [`MAX_ROWS`].
const BIN_CHOICES: [i64; 6] = [1, 5, 15, 60, 360, 1440];
const MAX_BINS: i64 = 1_000;

/// The bin width (minutes) for a time range.
pub fn bin_minutes_for(range_ms: i64) -> i64 {
    BIN_CHOICES
        .into_iter()
        .find(|m| range_ms / (m * 60_000) <= MAX_BINS)
        .unwrap_or(1440)
}

/// Most result rows Insights returns for one query; the counts query stays
/// far below it (minutes × levels), the limit only caps a misbehaving server.
pub const MAX_ROWS: u32 = 10_000;

/// The name Insights gives the bin column: `bin(5m)`.
pub fn bin_field(bin_minutes: i64) -> String {
    format!("bin({bin_minutes}m)")
}

/// Counts per bin and level: the heavy aggregation done by the backend.
pub fn counts_query(bin_minutes: i64) -> String {
    format!(
        "fields @timestamp, @message \
         | parse @message /{LEVEL_PATTERN}/ \
         | stats count(*) as n by {}, level \
         | limit {MAX_ROWS}",
        bin_field(bin_minutes)
    )
}

/// A few recent raw lines to show beside the counts.
pub fn sample_query(limit: u32) -> String {
    format!("fields @timestamp, @message, @logStream | sort @timestamp desc | limit {limit}")
}

/// A level name normalised the way lookout shows it (`warn`, `error`, …).
pub fn normalise_level(raw: &str) -> &'static str {
    match raw.to_ascii_lowercase().as_str() {
        "fatal" | "critical" => "fatal",
        "error" | "err" => "error",
        "warning" | "warn" => "warn",
        "info" => "info",
        "debug" => "debug",
        "trace" => "trace",
        _ => "unknown",
    }
}

/// The level of one message by [`LEVEL_PATTERN`] (first match), for local counting.
pub fn level_of(message: &str) -> &'static str {
    static PATTERN: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| regex::Regex::new(LEVEL_PATTERN).ok());
    pattern
        .as_ref()
        .and_then(|p| p.captures(message))
        .and_then(|c| c.name("level"))
        .map_or("unknown", |m| normalise_level(m.as_str()))
}

/// Event counts keyed by (bin start in ms, level).
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    pub bin_minutes: i64,
    pub by_minute_level: BTreeMap<(i64, String), u64>,
}

impl Counts {
    pub fn new(bin_minutes: i64) -> Counts {
        Counts {
            bin_minutes: bin_minutes.max(1),
            by_minute_level: BTreeMap::new(),
        }
    }

    /// Adds one locally seen event.
    pub fn add_event(&mut self, timestamp_ms: i64, message: &str) {
        let bin_ms = self.bin_minutes * 60_000;
        let start = timestamp_ms.div_euclid(bin_ms) * bin_ms;
        self.add(start, level_of(message), 1);
    }

    pub fn add(&mut self, minute_ms: i64, level: &str, n: u64) {
        *self
            .by_minute_level
            .entry((minute_ms, level.to_string()))
            .or_default() += n;
    }

    pub fn total(&self) -> u64 {
        self.by_minute_level.values().sum()
    }

    /// Totals per level over the whole range.
    pub fn per_level(&self) -> BTreeMap<String, u64> {
        let mut totals = BTreeMap::new();
        for ((_, level), n) in &self.by_minute_level {
            *totals.entry(level.clone()).or_default() += n;
        }
        totals
    }
}

/// Why a stats answer cannot be used (the caller then counts locally).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Unusable {
    #[error("row {row} has no `{field}` field (the server did not run `stats`)")]
    MissingField { row: usize, field: String },
    #[error("row {row}: {field} = {value:?} is not {expected}")]
    BadValue {
        row: usize,
        field: String,
        value: String,
        expected: &'static str,
    },
}

/// Parses the rows of [`counts_query`]: each must carry `bin(Nm)` (an Insights
/// timestamp, UTC) and `n`; `level` is absent when no level word matched.
/// Any row without them makes the whole answer unusable — a partial count
/// would silently under-report, so lookout falls back instead.
pub fn parse_counts(rows: &[ResultRow], bin_minutes: i64) -> Result<Counts, Unusable> {
    let bin_name = bin_field(bin_minutes);
    let mut counts = Counts::new(bin_minutes);
    for (index, row) in rows.iter().enumerate() {
        let field = |name: &str| {
            row.iter()
                .find(|f| f.field == name)
                .and_then(|f| f.value.as_deref())
        };
        let bin = field(&bin_name).ok_or_else(|| Unusable::MissingField {
            row: index,
            field: bin_name.clone(),
        })?;
        let n = field("n").ok_or_else(|| Unusable::MissingField {
            row: index,
            field: "n".into(),
        })?;
        let minute_ms = parse_insights_time(bin).ok_or_else(|| Unusable::BadValue {
            row: index,
            field: bin_name.clone(),
            value: bin.into(),
            expected: "a timestamp like 2019-06-25 17:00:00.000",
        })?;
        // Insights renders numbers as strings, sometimes with a fraction.
        let n = n
            .parse::<u64>()
            .ok()
            .or_else(|| n.parse::<f64>().ok().map(|f| f.round() as u64))
            .ok_or_else(|| Unusable::BadValue {
                row: index,
                field: "n".into(),
                value: n.into(),
                expected: "a count",
            })?;
        let level = field("level").map_or("unknown", normalise_level);
        counts.add(minute_ms, level, n);
    }
    Ok(counts)
}

/// One sample line from [`sample_query`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    pub timestamp_ms: Option<i64>,
    pub stream: Option<String>,
    pub message: String,
}

/// Parses the rows of [`sample_query`]; rows without `@message` are skipped.
pub fn parse_samples(rows: &[ResultRow]) -> Vec<Sample> {
    rows.iter()
        .filter_map(|row| {
            let field = |name: &str| {
                row.iter()
                    .find(|f| f.field == name)
                    .and_then(|f| f.value.clone())
            };
            Some(Sample {
                message: field("@message")?,
                stream: field("@logStream"),
                timestamp_ms: field("@timestamp").and_then(|t| parse_insights_time(&t)),
            })
        })
        .collect()
}

/// Insights timestamps: `2019-06-25 17:00:00.000` (UTC); moto sends epoch ms.
pub fn parse_insights_time(text: &str) -> Option<i64> {
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    let format = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond]"
    );
    let parsed = time::PrimitiveDateTime::parse(text, format).ok()?;
    Some((parsed.assume_utc().unix_timestamp_nanos() / 1_000_000) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(json: &str) -> Vec<ResultRow> {
        #[derive(Deserialize)]
        struct Answer {
            results: Vec<ResultRow>,
        }
        serde_json::from_str::<Answer>(json)
            .expect("fixture is valid JSON")
            .results
    }

    // The GetQueryResults response shape of the AWS API reference, with the
    // fields a `stats count(*) as n by bin(1m), level` query produces.
    const STATS_ANSWER: &str = r#"{
        "results": [
            [ {"field": "bin(1m)", "value": "2019-06-25 17:00:00.000"},
              {"field": "level", "value": "ERROR"},
              {"field": "n", "value": "12"} ],
            [ {"field": "bin(1m)", "value": "2019-06-25 17:00:00.000"},
              {"field": "level", "value": "info"},
              {"field": "n", "value": "340"} ],
            [ {"field": "bin(1m)", "value": "2019-06-25 17:01:00.000"},
              {"field": "n", "value": "3"} ]
        ],
        "statistics": {"bytesScanned": 81349723, "recordsMatched": 355, "recordsScanned": 610956},
        "status": "Complete"
    }"#;

    #[test]
    fn stats_rows_become_counts_per_minute_and_level() {
        let counts = parse_counts(&rows(STATS_ANSWER), 1).expect("usable");
        let minute = 1_561_482_000_000; // 2019-06-25T17:00:00Z
        assert_eq!(counts.by_minute_level[&(minute, "error".into())], 12);
        assert_eq!(counts.by_minute_level[&(minute, "info".into())], 340);
        assert_eq!(
            counts.by_minute_level[&(minute + 60_000, "unknown".into())],
            3
        );
        assert_eq!(counts.total(), 355);
        assert_eq!(counts.per_level()["error"], 12);
    }

    #[test]
    fn raw_rows_without_stats_fields_are_unusable() {
        // What moto answers to a stats query: raw rows, only @ptr/@timestamp.
        let raw = r#"{"results": [[{"field": "@ptr", "value": "7"},
            {"field": "@timestamp", "value": "1700000000000"}]], "status": "Complete"}"#;
        assert_eq!(
            parse_counts(&rows(raw), 1),
            Err(Unusable::MissingField {
                row: 0,
                field: "bin(1m)".into()
            })
        );
    }

    #[test]
    fn a_bad_count_is_named() {
        let bad = r#"{"results": [[{"field": "bin(1m)", "value": "2019-06-25 17:00:00.000"},
            {"field": "n", "value": "many"}]]}"#;
        let err = parse_counts(&rows(bad), 1).expect_err("unusable");
        assert!(err.to_string().contains("\"many\""), "{err}");
    }

    #[test]
    fn fractional_counts_are_accepted() {
        let answer = r#"{"results": [[{"field": "bin(1m)", "value": "2019-06-25 17:00:00.000"},
            {"field": "n", "value": "4.0"}]]}"#;
        assert_eq!(parse_counts(&rows(answer), 1).map(|c| c.total()), Ok(4));
    }

    #[test]
    fn samples_keep_message_stream_and_time() {
        let answer = r#"{"results": [
            [ {"field": "@timestamp", "value": "2019-06-25 17:00:01.500"},
              {"field": "@message", "value": "ERROR db timeout"},
              {"field": "@logStream", "value": "pod-1"},
              {"field": "@ptr", "value": "CmAKJwoj"} ],
            [ {"field": "@ptr", "value": "CmAKJwok"} ]
        ], "status": "Complete"}"#;
        let samples = parse_samples(&rows(answer));
        assert_eq!(
            samples,
            vec![Sample {
                timestamp_ms: Some(1_561_482_001_500),
                stream: Some("pod-1".into()),
                message: "ERROR db timeout".into()
            }]
        );
    }

    #[test]
    fn level_rule_matches_plain_and_json_lines() {
        assert_eq!(level_of(r#"{"level":"info","msg":"ok"}"#), "info");
        assert_eq!(level_of("2024-01-01 WARNING disk 91%"), "warn");
        assert_eq!(level_of("[ERR] upstream reset"), "error");
        assert_eq!(level_of("terror is not a level"), "unknown");
        assert_eq!(level_of("FATAL: out of memory"), "fatal");
    }

    #[test]
    fn queries_carry_the_pattern_bins_and_limits() {
        let counts = counts_query(5);
        assert!(counts.starts_with("fields @timestamp, @message"));
        assert!(counts.contains("stats count(*) as n by bin(5m), level"));
        assert!(counts.contains(LEVEL_PATTERN));
        assert!(counts.ends_with("| limit 10000"));
        assert_eq!(
            sample_query(5),
            "fields @timestamp, @message, @logStream | sort @timestamp desc | limit 5"
        );
    }

    #[test]
    fn local_counts_round_down_to_the_bin() {
        let mut counts = Counts::new(5);
        counts.add_event(1_561_482_299_999, "ERROR x");
        counts.add_event(-1, "info y");
        assert_eq!(
            counts.by_minute_level[&(1_561_482_000_000, "error".into())],
            1
        );
        assert_eq!(counts.by_minute_level[&(-300_000, "info".into())], 1);
    }

    #[test]
    fn bins_grow_with_the_range() {
        assert_eq!(bin_minutes_for(3_600_000), 1);
        assert_eq!(bin_minutes_for(24 * 3_600_000), 5);
        assert_eq!(bin_minutes_for(30 * 24 * 3_600_000), 60);
    }
}
