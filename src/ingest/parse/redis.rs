//! Redis's own log lines, as `serverLogRaw` writes them:
//! `<pid>:<role> <dd Mon yyyy HH:MM:SS.mmm> <level> <message>`, the role
//! `X` sentinel, `C` an RDB/AOF child, `S` replica, `M` primary, the level a
//! character: `.` debug, `-` verbose, `*` notice, `#` warning (Redis logs
//! nothing above warning). The date is read by timestamp.rs; this reads
//! the level, which is no word.

use crate::ingest::LogLevel;

/// The level of a Redis log line, if `line` is one.
pub fn redis_level(line: &str) -> Option<LogLevel> {
    let mut fields = line.split(' ').filter(|f| !f.is_empty());
    let (pid, role) = fields.next()?.split_once(':')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !matches!(role, "X" | "C" | "S" | "M") {
        return None;
    }
    // dd Mon yyyy HH:MM:SS.mmm, then the level character.
    let date: Vec<&str> = fields.by_ref().take(4).collect();
    if date.len() != 4 || date[1].len() != 3 || !date[3].contains(':') {
        return None;
    }
    match fields.next()? {
        "." | "-" => Some(LogLevel::Debug),
        "*" => Some(LogLevel::Info),
        "#" => Some(LogLevel::Warn),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redis_levels_are_its_level_characters() {
        let warning = "1:M 06 Dec 2026 07:00:00.123 # WARNING Memory overcommit must be enabled!";
        assert_eq!(redis_level(warning), Some(LogLevel::Warn));
        let notice =
            "7:S 06 Dec 2026 07:00:01.123 * MASTER <-> REPLICA sync: Finished with success";
        assert_eq!(redis_level(notice), Some(LogLevel::Info));
        let child = "12:C 06 Dec 2026 07:00:02.004 - Fork CoW for RDB: current 1 MB";
        assert_eq!(redis_level(child), Some(LogLevel::Debug));
    }

    #[test]
    fn lines_that_only_look_like_it_are_not_redis() {
        assert_eq!(redis_level("1:M hello * world"), None);
        assert_eq!(redis_level("10.0.0.1:M 06 Dec 2026 07:00:00.123 # x"), None);
        assert_eq!(redis_level("2026-12-06 07:00:00 # comment"), None);
    }
}
