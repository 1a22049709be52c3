//! Time, in one place: now (epoch milliseconds or RFC 3339), the formats
//! lookout shows times in (time of day for panes, date and time for headless
//! output, RFC 3339 for the evidence pack and the audit), and the durations
//! users type (`30m`). Everything is UTC. Before this module each of these had
//! copies that had drifted apart.

/// Milliseconds since the Unix epoch, now (0 if the clock is before 1970).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Now, as RFC 3339 UTC (the audit log's record time).
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// `03:04:31` from epoch milliseconds: the panes' time of day.
pub fn time_of_day(time_ms: i64) -> String {
    let secs = time_ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// `03:04:31.220` from epoch milliseconds: the Logs pane's time.
pub fn time_of_day_ms(time_ms: i64) -> String {
    format!("{}.{:03}", time_of_day(time_ms), time_ms.rem_euclid(1000))
}

/// `2024-11-01 03:04:30` from epoch milliseconds: headless tables.
pub fn date_time(time_ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::from_unix_timestamp(time_ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| time_ms.to_string())
}

/// `2024-11-01T03:04:30Z` (milliseconds when not whole seconds); `unknown time` when out of range.
pub fn rfc3339(time_ms: i64) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(time_ms.div_euclid(1000)) else {
        return "unknown time".to_string();
    };
    let millis = time_ms.rem_euclid(1000);
    let fraction = if millis == 0 {
        String::new()
    } else {
        format!(".{millis:03}")
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `30m`, `2h`, `15s`, `1d` → seconds.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("duration {text:?}: expected a number and a unit, e.g. 30m"))?;
    let factor = match unit {
        "s" | "" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => {
            return Err(format!(
                "duration {text:?}: unknown unit {other:?} (use s, m, h or d)"
            ))
        }
    };
    Ok(n * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formats_agree_on_one_instant() {
        let at = 1_730_430_271_220; // 2024-11-01T03:04:31.220Z
        assert_eq!(time_of_day(at), "03:04:31");
        assert_eq!(time_of_day_ms(at), "03:04:31.220");
        assert_eq!(date_time(at), "2024-11-01 03:04:31");
        assert_eq!(rfc3339(at), "2024-11-01T03:04:31.220Z");
        assert_eq!(rfc3339(at - 220), "2024-11-01T03:04:31Z");
        assert_eq!(time_of_day(-1_000), "23:59:59");
    }

    #[test]
    fn durations_need_a_number_and_a_known_unit() {
        assert_eq!(parse_duration("30m"), Ok(1800));
        assert_eq!(parse_duration("2h"), Ok(7200));
        assert_eq!(parse_duration("1d"), Ok(86_400));
        assert!(parse_duration("5x").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("m").is_err());
    }

    #[test]
    fn now_is_after_2024() {
        assert!(now_ms() > 1_700_000_000_000);
        assert!(now_rfc3339().starts_with("20"));
    }
}
