//! What a JSON record says, for mining: its message, and, when the message is
//! missing or only names the event, the record's prose; and the level of an
//! alarm's state change, which says how bad it is without a level key.
//!
//! Structured loggers put the message under a message key (`msg`,
//! `message`, structlog's `event`). Feeds and bots often do not: a deploy
//! bot's `{"event":"deploy","title":"cache embeddings in Redis"}` names the
//! kind of record in one word and describes it elsewhere, and a status
//! page's update has no message key at all, only a `body`. Mining the one
//! word merges every record of the feed into one template; mining the whole
//! object masks its text as quoted values. So a one-word message (or none) is
//! followed by the record's fields that read as prose — several words, most
//! of them letters — which is what a person reads in such a record.

use serde_json::{Map, Value};

use crate::ingest::LogLevel;

use super::envelope::{LEVEL_KEYS, MESSAGE_KEYS, SERVICE_KEYS, TIME_KEYS};

/// A field reads as prose with at least this many words…
const PROSE_WORDS: usize = 3;
/// Prose texts taken from one record, and how deep into it they are looked for.
const MAX_PROSE: usize = 8;
const MAX_DEPTH: usize = 4;

/// The level of a CloudWatch alarm's state change, which carries none of its
/// own: `ALARM` is an error, `INSUFFICIENT_DATA` a warning, `OK` information.
/// As SNS delivers it (`NewStateValue`, in the JSON text of `Message`) and as
/// EventBridge does (`detail.state.value`).
pub fn alarm_level(record: &Map<String, Value>) -> Option<LogLevel> {
    let state = |record: &Map<String, Value>| -> Option<String> {
        record
            .get("NewStateValue")
            .or_else(|| record.get("detail")?.get("state")?.get("value"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let in_message = || {
        let text = record.get("Message")?.as_str()?.trim();
        if !text.starts_with('{') {
            return None;
        }
        let nested: Map<String, Value> = serde_json::from_str(text).ok()?;
        state(&nested)
    };
    match state(record).or_else(in_message)?.as_str() {
        "ALARM" => Some(LogLevel::Error),
        "INSUFFICIENT_DATA" => Some(LogLevel::Warn),
        "OK" => Some(LogLevel::Info),
        _ => None,
    }
}

/// What a CloudWatch alarm's state change says, by its documented fields:
/// the alarm, its new state, what its owner wrote it means, the reason, and
/// the metric it watches — `shared-cache-prod-memory-high ALARM: Threshold
/// Crossed: … (AWS/ElastiCache DatabaseMemoryUsagePercentage)`. Its reason
/// alone reads as prose but names neither the alarm nor the metric, which
/// are what it is about. As SNS delivers it (`AlarmName`, `NewStateValue`,
/// `AlarmDescription`, `NewStateReason`, `Trigger`) and as EventBridge does
/// (`detail.alarmName`, `detail.state`, `detail.configuration.description`
/// and `.metrics[].metricStat.metric`).
fn alarm_text(record: &Map<String, Value>) -> Option<String> {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).unwrap_or("").to_string();
    let (name, state, description, reason, metrics) = if let Some(name) = record.get("AlarmName") {
        let trigger = record.get("Trigger");
        let metric = [
            text(trigger.and_then(|t| t.get("Namespace"))),
            text(trigger.and_then(|t| t.get("MetricName"))),
        ];
        (
            text(Some(name)),
            text(record.get("NewStateValue")),
            text(record.get("AlarmDescription")),
            text(record.get("NewStateReason")),
            vec![metric],
        )
    } else {
        let detail = record.get("detail")?;
        let name = detail.get("alarmName")?;
        let state = detail.get("state");
        let configuration = detail.get("configuration");
        let metrics = configuration
            .and_then(|c| c.get("metrics"))
            .and_then(Value::as_array)
            .map(|all| {
                all.iter()
                    .filter_map(|m| m.get("metricStat")?.get("metric"))
                    .map(|m| [text(m.get("namespace")), text(m.get("name"))])
                    .collect()
            })
            .unwrap_or_default();
        (
            text(Some(name)),
            text(state.and_then(|s| s.get("value"))),
            text(configuration.and_then(|c| c.get("description"))),
            text(state.and_then(|s| s.get("reason"))),
            metrics,
        )
    };
    if name.is_empty() || state.is_empty() {
        return None;
    }
    let watched: Vec<String> = metrics
        .iter()
        .map(|[namespace, metric]| format!("{namespace} {metric}").trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    let said: Vec<&str> = [description.as_str(), reason.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = format!("{name} {state}: {}", said.join(" "));
    if !watched.is_empty() {
        out.push_str(&format!(" ({})", watched.join(", ")));
    }
    Some(out)
}

/// A record with neither a message nor prose (an access log's fields, an
/// audit event's), as the words a miner compares position by position:
/// `key: value` for each field but its time and level (shown apart), in key
/// order, nested values as compact JSON. Mined as the raw line, a record
/// without spaces is one token, so two requests that differ in one field
/// share nothing; as `key=value`, every value would be masked (logfmt's
/// values are variables), an audit record's action with them. `line` when
/// the record has no other field.
pub fn fields_as_words(record: &Map<String, Value>, line: &str) -> String {
    let words: Vec<String> = record
        .iter()
        .filter(|(key, _)| {
            !TIME_KEYS.contains(&key.as_str()) && !LEVEL_KEYS.contains(&key.as_str())
        })
        .map(|(key, value)| match value {
            Value::String(text) => format!("{key}: {text}"),
            other => format!("{key}: {other}"),
        })
        .collect();
    if words.is_empty() {
        line.to_string()
    } else {
        words.join(" ")
    }
}

/// The text mined from a JSON record; `None` when it has neither a message
/// nor prose (the caller mines the line as it is).
pub fn mined_message(record: &Map<String, Value>) -> Option<String> {
    mined_at_depth(record, 0)
}

/// JSON records nested as a message's text are read this many levels down.
const MAX_NESTED_RECORDS: usize = 2;

fn mined_at_depth(record: &Map<String, Value>, nesting: usize) -> Option<String> {
    if let Some(text) = alarm_text(record) {
        return Some(text);
    }
    let message = MESSAGE_KEYS
        .iter()
        .find_map(|key| record.get(*key))
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string())
        });
    if let Some(message) = &message {
        // A record inside the message's text — an SNS notification's
        // CloudWatch alarm, Docker's json-file `log` holding the app's JSON
        // line — says what the record is about.
        let inner = message.trim();
        if nesting < MAX_NESTED_RECORDS && inner.starts_with('{') {
            if let Ok(nested) = serde_json::from_str::<Map<String, Value>>(inner) {
                if let Some(text) = mined_at_depth(&nested, nesting + 1) {
                    return Some(text);
                }
            }
        }
        if inner.contains(char::is_whitespace) {
            return Some(message.clone());
        }
    }
    let prose = collect(record, |_, text| reads_as_prose(text).then_some(text));
    if prose.is_empty() {
        return message;
    }
    // Fields whose value is one word of letters (`"verdict":"DROPPED"`,
    // `"status":"investigating"`) say what kind of record it is, which its
    // prose — often a short summary such as a flow's `TCP Flags: SYN` —
    // does not.
    let kinds = collect(record, |key, word| {
        (word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
            .then(|| format!("{key}: {word}"))
    });
    let mut text = prose.join(" ");
    if !kinds.is_empty() {
        text = format!("{text} ({})", kinds.join(", "));
    }
    Some(match message {
        None => text,
        Some(message) => format!("{message}: {text}"),
    })
}

/// What `take` makes of the record's string fields — nested objects and
/// arrays included (an event feed's description is often under `detail` or
/// a list of translations), nested ones by their own key — in the record's
/// key order, at most `MAX_PROSE` of them and `MAX_DEPTH` levels down so a
/// hostile record cannot make the message unbounded. The envelope's keys and
/// a request's attributes are left out.
fn collect<'a, T>(
    record: &'a Map<String, Value>,
    take: impl Fn(&str, &'a str) -> Option<T>,
) -> Vec<T> {
    fn walk<'a, T>(
        key: &str,
        value: &'a Value,
        depth: usize,
        take: &impl Fn(&str, &'a str) -> Option<T>,
        out: &mut Vec<T>,
    ) {
        if out.len() >= MAX_PROSE || depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::String(text) if !is_envelope_key(key) && !is_request_attribute(key) => {
                out.extend(take(key, text));
            }
            Value::Array(items) => {
                for item in items {
                    walk(key, item, depth + 1, take, out);
                }
            }
            Value::Object(fields) => {
                for (key, value) in fields {
                    walk(key, value, depth + 1, take, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (key, value) in record {
        walk(key, value, 0, &take, &mut out);
    }
    out
}

/// A request's attributes — its user agent, referrer, URL, path, query —
/// are what the client sent, not a description of the record, however many
/// words a browser's user agent strings together.
fn is_request_attribute(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "agent", "referer", "referrer", "url", "uri", "path", "query",
    ]
    .iter()
    .any(|part| key.contains(part))
}

fn is_envelope_key(key: &str) -> bool {
    [&MESSAGE_KEYS[..], &LEVEL_KEYS, &TIME_KEYS, &SERVICE_KEYS]
        .iter()
        .any(|keys| keys.contains(&key))
}

/// Several words, most of them letters only once their punctuation is
/// trimmed, with quantities (`41,382`, `97.6`, `20`) counted as the words
/// of a sentence they are: a sentence, a title or an alert's text, not a
/// user agent, a URL, a list of ids or a stack of `key=value`. At most a
/// third of the words may be anything else (`AS7922`, `/api/v1/sessions`),
/// and there must be more words than quantities.
fn reads_as_prose(text: &str) -> bool {
    let (mut lettered, mut quantities, mut other) = (0usize, 0usize, 0usize);
    for word in text.split_whitespace() {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            continue;
        } else if core.chars().all(char::is_alphabetic) {
            lettered += 1;
        } else if is_quantity(core) {
            quantities += 1;
        } else {
            other += 1;
        }
    }
    let words = lettered + quantities + other;
    words >= PROSE_WORDS && lettered > quantities && other * 3 <= words
}

/// Digits with the separators numbers are written with: `41,382`, `97.6`.
fn is_quantity(core: &str) -> bool {
    core.starts_with(|c: char| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mined(line: &str) -> Option<String> {
        let record: Map<String, Value> = serde_json::from_str(line).expect("test JSON");
        mined_message(&record)
    }

    #[test]
    fn a_sentence_under_a_message_key_is_the_message() {
        assert_eq!(
            mined(r#"{"msg":"db pool exhausted","error":"the pool has no free connection"}"#)
                .as_deref(),
            Some("db pool exhausted")
        );
    }

    #[test]
    fn a_one_word_event_is_followed_by_the_records_prose() {
        let line = r#"{"ts":"2026-12-15T10:05:00Z","event":"deploy","service":"recs-api","version":"4f1e2c9","title":"cache outfit embeddings per customer in Redis","by":"irene.s"}"#;
        assert_eq!(
            mined(line).as_deref(),
            Some("deploy: cache outfit embeddings per customer in Redis")
        );
        // Nothing reads as prose: the event name is the message.
        assert_eq!(
            mined(r#"{"event":"user_login","user":"bob","ip":"10.0.0.1"}"#).as_deref(),
            Some("user_login")
        );
    }

    #[test]
    fn a_record_without_a_message_is_its_prose() {
        let line = r#"{"incident":"Degraded OCSP service","id":"x7k2m9q4h1vd","status":"investigating","body":"We are investigating elevated error rates."}"#;
        assert_eq!(
            mined(line).as_deref(),
            Some("We are investigating elevated error rates. Degraded OCSP service (status: investigating)")
        );
        // A short summary with the record's one-word kinds: a Hubble flow.
        let flow = r#"{"flow":{"verdict":"DROPPED","drop_reason":133,"traffic_direction":"EGRESS","drop_reason_desc":"POLICY_DENIED","Summary":"TCP Flags: SYN"},"node_name":"w02"}"#;
        assert_eq!(
            mined(flow).as_deref(),
            Some("TCP Flags: SYN (drop_reason_desc: POLICY_DENIED, traffic_direction: EGRESS, verdict: DROPPED)")
        );
        // Nested, as AWS Health events and Statuspage webhooks nest it.
        let health = r#"{"time":"2026-12-15T10:42:31Z","detail":{"eventTypeCode":"AWS_EBS_DEGRADED","eventDescription":[{"language":"en_US","latestDescription":"We have detected degraded performance on one of your EBS volumes."}]}}"#;
        assert_eq!(
            mined(health).as_deref(),
            Some("We have detected degraded performance on one of your EBS volumes. (language: en_US, eventTypeCode: AWS_EBS_DEGRADED)")
        );
    }

    #[test]
    fn a_record_in_the_message_is_read_as_one() {
        let sns = r#"{"Type":"Notification","Subject":"ALARM: \"q-depth\" in EU (Ireland)","Message":"{\"AlarmName\":\"q-depth\",\"AlarmDescription\":\"The queue is older than its visibility timeout allows.\",\"NewStateValue\":\"ALARM\"}"}"#;
        assert_eq!(
            mined(sns).as_deref(),
            Some("q-depth ALARM: The queue is older than its visibility timeout allows.")
        );
        let docker = r#"{"log":"{\"level\":\"error\",\"msg\":\"pool exhausted after 5 s\"}\n","stream":"stderr","time":"2026-01-01T00:00:00Z"}"#;
        assert_eq!(mined(docker).as_deref(), Some("pool exhausted after 5 s"));
    }

    #[test]
    fn an_alarm_state_change_has_the_level_of_its_state() {
        let record =
            |line: &str| -> Map<String, Value> { serde_json::from_str(line).expect("test JSON") };
        let sns = record(
            r#"{"Type":"Notification","Message":"{\"AlarmName\":\"q\",\"NewStateValue\":\"ALARM\"}"}"#,
        );
        assert_eq!(alarm_level(&sns), Some(LogLevel::Error));
        let bridge = record(
            r#"{"detail-type":"CloudWatch Alarm State Change","detail":{"state":{"value":"OK"}}}"#,
        );
        assert_eq!(alarm_level(&bridge), Some(LogLevel::Info));
        assert_eq!(alarm_level(&record(r#"{"msg":"ALARM"}"#)), None);
    }

    #[test]
    fn an_alarm_says_its_name_state_meaning_reason_and_metric() {
        let sns = r#"{"Type":"Notification","Message":"{\"AlarmName\":\"cache-memory-high\",\"AlarmDescription\":\"Memory close to maxmemory.\",\"NewStateValue\":\"ALARM\",\"NewStateReason\":\"Threshold Crossed: 1 datapoint [91.0] was greater than the threshold (90.0).\",\"Trigger\":{\"MetricName\":\"DatabaseMemoryUsagePercentage\",\"Namespace\":\"AWS/ElastiCache\"}}"}"#;
        assert_eq!(
            mined(sns).as_deref(),
            Some("cache-memory-high ALARM: Memory close to maxmemory. Threshold Crossed: 1 datapoint [91.0] was greater than the threshold (90.0). (AWS/ElastiCache DatabaseMemoryUsagePercentage)")
        );
        let bridge = r#"{"detail-type":"CloudWatch Alarm State Change","detail":{"alarmName":"api-5xx","state":{"value":"ALARM","reason":"Threshold Crossed"},"configuration":{"metrics":[{"metricStat":{"metric":{"namespace":"AWS/ApplicationELB","name":"HTTPCode_Target_5XX_Count"}}}]}}}"#;
        assert_eq!(
            mined(bridge).as_deref(),
            Some("api-5xx ALARM: Threshold Crossed (AWS/ApplicationELB HTTPCode_Target_5XX_Count)")
        );
    }

    #[test]
    fn quantities_belong_to_a_sentence_ids_and_paths_do_not() {
        assert!(reads_as_prose(
            "Credential stuffing suspected: 41,382 distinct client IPs in 20 min, 97.6 % failed"
        ));
        assert!(!reads_as_prose("12 34 56 orders"));
        assert!(!reads_as_prose("AS7922 AS3320 AS4134 blocked"));
    }

    #[test]
    fn fields_without_a_message_are_words_a_miner_can_align() {
        let record: Map<String, Value> = serde_json::from_str(
            r#"{"time":"2026-12-17T14:02:11Z","level":"info","kind":"audit","action":"webhook_endpoint.secret_rolled","attempt":1}"#,
        )
        .expect("test JSON");
        assert_eq!(
            fields_as_words(&record, "raw"),
            "action: webhook_endpoint.secret_rolled attempt: 1 kind: audit"
        );
        let only_time: Map<String, Value> =
            serde_json::from_str(r#"{"time":"2026-12-17T14:02:11Z"}"#).expect("test JSON");
        assert_eq!(fields_as_words(&only_time, "raw"), "raw");
    }

    #[test]
    fn agents_urls_and_ids_are_not_prose() {
        for text in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",
            "GET /api/v1/orders/81?page=2 HTTP/1.1",
            "a=1 b=2 c=3",
            "ch_16b5 ch_efd3 ch_66a7",
            "two words",
        ] {
            assert!(!reads_as_prose(text), "{text}");
        }
        assert_eq!(
            mined(
                r#"{"status":200,"ua":"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/120.0","path":"/a"}"#
            ),
            None
        );
        // Whatever its words, a user agent is what the client sent.
        assert_eq!(
            mined(
                r#"{"status":200,"http_user_agent":"Mozilla (compatible; like Gecko; Mobile Safari)"}"#
            ),
            None
        );
    }
}
