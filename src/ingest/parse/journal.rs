//! The systemd journal's JSON export (`journalctl -o json`), by its
//! documented fields (systemd.journal-fields(7)): `MESSAGE` is the message,
//! `PRIORITY` the syslog severity as a decimal string (`"0"` emerg … `"7"`
//! debug, RFC 5424's numbering, not bunyan's), `__REALTIME_TIMESTAMP` the
//! wall-clock time in microseconds since the epoch, as a string. Without
//! them a journal export mined as unnamed fields and carried no time or level.

use serde_json::{Map, Value};

use crate::ingest::LogLevel;

/// The journal's message field.
pub const MESSAGE_KEY: &str = "MESSAGE";

/// The level of a journal record's `PRIORITY`, if it has one.
pub fn priority_level(record: &Map<String, Value>) -> Option<LogLevel> {
    let priority = record.get("PRIORITY")?.as_str()?.parse::<u8>().ok()?;
    syslog_severity(priority)
}

/// RFC 5424 §6.2.1 severities: 0 emergency, 1 alert, 2 critical, 3 error,
/// 4 warning, 5 notice, 6 informational, 7 debug.
pub fn syslog_severity(severity: u8) -> Option<LogLevel> {
    Some(match severity {
        0..=2 => LogLevel::Fatal,
        3 => LogLevel::Error,
        4 => LogLevel::Warn,
        5 | 6 => LogLevel::Info,
        7 => LogLevel::Debug,
        _ => return None,
    })
}

/// The time of a journal record's `__REALTIME_TIMESTAMP` (µs), in ms.
pub fn realtime_ms(record: &Map<String, Value>) -> Option<i64> {
    let micros = record
        .get("__REALTIME_TIMESTAMP")?
        .as_str()?
        .parse::<i64>()
        .ok()?;
    Some(micros / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_journal_export_record_has_its_level_and_time() {
        let r = record(
            r#"{"__REALTIME_TIMESTAMP":"1796540405123456","PRIORITY":"3","SYSLOG_IDENTIFIER":"kubelet","MESSAGE":"Failed to pull image"}"#,
        );
        assert_eq!(priority_level(&r), Some(LogLevel::Error));
        assert_eq!(realtime_ms(&r), Some(1_796_540_405_123));
        assert_eq!(
            priority_level(&record(r#"{"PRIORITY":"6"}"#)),
            Some(LogLevel::Info)
        );
        assert_eq!(priority_level(&record(r#"{"PRIORITY":"9"}"#)), None);
        // Not the journal's: a number, or another key.
        assert_eq!(priority_level(&record(r#"{"PRIORITY":3}"#)), None);
        assert_eq!(realtime_ms(&record(r#"{"ts":"1796540405123456"}"#)), None);
    }
}
