//! HAProxy's HTTP log format (its configuration manual, "HTTP log format"):
//! `… [accept_date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes …
//! "GET / HTTP/1.1"`. The status comes before the request line, so the
//! access-log rule (a status after the quoted request) misses it; here it is
//! the number after the five timers. A 5xx is an error, a 4xx a warning, as
//! for any access log. The TCP format has three timers and no status.

use crate::ingest::LogLevel;

/// The level of an HAProxy HTTP log line's status, if `line` is one.
pub fn haproxy_status_level(line: &str) -> Option<LogLevel> {
    // This runs on every line that has no level yet: only a line with the
    // accept date HAProxy writes (`[06/Feb/2009:12:14:14.655]`) is split.
    let bytes = line.as_bytes();
    let accept_date = memchr::memchr_iter(b'[', bytes).find(|&at| {
        bytes.get(at + 3) == Some(&b'/')
            && bytes.get(at + 7) == Some(&b'/')
            && bytes.get(at + 12) == Some(&b':')
    })?;
    let mut fields = line[accept_date..].split(' ').filter(|f| !f.is_empty());
    fields.find(|f| is_five_timers(f))?;
    let status = fields.next()?;
    if status.len() != 3 || !status.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    super::status_level(status)
}

/// `10/0/30/69/109`, `0/-1/-1/-1/+3001`: five timers, `-1` when a phase
/// did not happen, `+` before a total logged before the end.
fn is_five_timers(field: &str) -> bool {
    // Without allocating: this runs on every line that has no level yet.
    let bytes = field.as_bytes();
    bytes.iter().filter(|&&b| b == b'/').count() == 4
        && field.split('/').all(|t| {
            let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_after_the_timers_gives_the_level() {
        let error = r#"Dec  6 07:00:08 lb1 haproxy[123]: 10.0.0.1:5000 [06/Dec/2026:07:00:08.123] fe be/srv1 0/0/1/2/3 503 1234 - - ---- 1/1/0/0/0 0/0 "GET /x HTTP/1.1""#;
        assert_eq!(haproxy_status_level(error), Some(LogLevel::Error));
        let ok = r#"haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1""#;
        assert_eq!(haproxy_status_level(ok), Some(LogLevel::Info));
        let aborted = r#"haproxy[1]: 10.0.0.1:1 [06/Dec/2026:07:00:08.123] fe be/<NOSRV> 0/-1/-1/-1/+3001 408 212 - - cR-- 1/1/0/0/0 0/0 "<BADREQ>""#;
        assert_eq!(haproxy_status_level(aborted), Some(LogLevel::Warn));
    }

    #[test]
    fn tcp_logs_and_other_slashes_have_no_status() {
        let tcp = "haproxy[1]: 10.0.0.1:1 [06/Dec/2026:07:00:08.123] fe be/srv1 0/0/5007 212 -- 1/1/0/0/0 0/0";
        assert_eq!(haproxy_status_level(tcp), None);
        assert_eq!(haproxy_status_level("ratio 1/2/3/4/5 of them"), None);
    }
}
