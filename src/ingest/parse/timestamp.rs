//! Timestamps at the start of a line, by the formats their documentation
//! gives: ISO 8601 / RFC 3339, nginx/Apache (CLF), RFC 3164 syslog, epoch
//! seconds or milliseconds, and Loghub-style compact stamps. Split from
//! parse.rs so each file keeps one concern.

/// Finds a timestamp near the start; returns it and where the rest of the line begins.
pub fn find_timestamp(line: &str) -> (Option<i64>, usize) {
    let bytes = line.as_bytes();
    let limit = bytes.len().min(48);
    for start in 0..limit {
        let b = bytes[start];
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let found = if b.is_ascii_digit() {
            iso_like(bytes, start)
                .or_else(|| epoch(bytes, start))
                .or_else(|| compact(bytes, start))
                .or_else(|| day_month_year(bytes, start))
                .or_else(|| day_month_name_year(bytes, start))
        } else if b == b'[' {
            clf(bytes, start + 1).map(|(t, end)| (t, (end + 1).min(bytes.len())))
        } else if b.is_ascii_uppercase() && start == 0 {
            syslog(bytes, start)
        } else {
            None
        };
        if let Some((time, mut end)) = found {
            // `[08-Sep-2026 06:47:16 UTC] message`: the bracket closes the stamp.
            if start > 0 && bytes[start - 1] == b'[' && bytes.get(end) == Some(&b']') {
                end += 1;
            }
            // A byte-level matcher may stop inside a multi-byte character
            // (found by the parse_line fuzzer): the message starts at the next
            // character boundary, never inside one.
            let mut end = skip_spaces(bytes, end).min(bytes.len());
            while !line.is_char_boundary(end) {
                end += 1;
            }
            return (Some(time), end);
        }
    }
    (None, 0)
}

pub(super) fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && (bytes[at] == b' ' || bytes[at] == b'\t' || bytes[at] == b',') {
        at += 1;
    }
    at
}

pub(super) fn digits(bytes: &[u8], at: usize, n: usize) -> Option<i64> {
    let slice = bytes.get(at..at + n)?;
    let mut value = 0i64;
    for b in slice {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(b - b'0');
    }
    Some(value)
}

/// `2024-11-01T03:04:05.123Z`, `2024-11-01 03:04:05,123 +02:00`, `2024/11/01 03:04:05`.
fn iso_like(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let year = digits(bytes, at, 4)?;
    let sep = *bytes.get(at + 4)?;
    if !(sep == b'-' || sep == b'/') || bytes.get(at + 7) != Some(&sep) {
        return None;
    }
    let month = digits(bytes, at + 5, 2)?;
    let day = digits(bytes, at + 8, 2)?;
    let t = *bytes.get(at + 10)?;
    if !(t == b'T' || t == b' ' || t == b'-') {
        return None;
    }
    let (seconds, mut end) = clock(bytes, at + 11)?;
    let (millis, after_fraction) = fraction(bytes, end);
    end = after_fraction;
    let (offset_secs, after_zone) = zone(bytes, end);
    end = after_zone;
    let days = days_from_civil(year, month, day)?;
    Some(((days * 86_400 + seconds - offset_secs) * 1000 + millis, end))
}

/// Dates written day first or month first, as locales write them:
/// `19/11/2026 04:12:07.418 UTC` (en-GB and most 24-hour locales,
/// `dd/MM/yyyy HH:mm:ss`), `19.11.2026 04:12:07` (de-DE and other
/// dotted locales, always day first), `11/19/2026 04:12:07 PM` (en-US, `M/d/yyyy
/// h:mm:ss tt`). A slashed date is month first when its first number cannot
/// be a month or its second can only be a day, or, when both could be
/// either, when the clock says AM or PM (12-hour clocks go with en-US's
/// month-first dates); otherwise day first. (A first number over 12 is a
/// day whatever the clock.)
fn day_month_year(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let (first, after_first) = one_or_two_digits(bytes, at)?;
    let sep = *bytes.get(after_first)?;
    if sep != b'/' && sep != b'.' {
        return None;
    }
    let (second, after_second) = one_or_two_digits(bytes, after_first + 1)?;
    if bytes.get(after_second) != Some(&sep) {
        return None;
    }
    let year = digits(bytes, after_second + 1, 4)?;
    let year_end = after_second + 5;
    if !matches!(bytes.get(year_end), Some(b' ' | b'T')) {
        return None;
    }
    let clock_at = year_end + 1;
    let (seconds, mut end) = match clock(bytes, clock_at) {
        Some(found) => found,
        // `4:12:07 PM`: en-US writes the hour without a leading zero.
        None => {
            let mut padded = [b'0'; 8];
            padded[1..].copy_from_slice(bytes.get(clock_at..clock_at + 7)?);
            let (seconds, _) = clock(&padded, 0)?;
            (seconds, clock_at + 7)
        }
    };
    let (millis, after_fraction) = fraction(bytes, end);
    end = after_fraction;
    let meridiem = match bytes.get(end..end + 3) {
        Some(b" AM") => Some(0),
        Some(b" PM") => Some(12 * 3600),
        _ => None,
    };
    let seconds = match meridiem {
        // 12:xx AM is just after midnight, 12:xx PM just after noon.
        Some(add) => {
            end += 3;
            if seconds / 3600 > 12 {
                return None;
            }
            seconds % (12 * 3600) + add
        }
        None => seconds,
    };
    let month_first = sep == b'/' && (second > 12 || (first <= 12 && meridiem.is_some()));
    let (day, month) = if month_first {
        (second, first)
    } else {
        (first, second)
    };
    let (offset_secs, after_zone) = zone(bytes, end);
    let days = days_from_civil(year, month, day)?;
    Some((
        (days * 86_400 + seconds - offset_secs) * 1000 + millis,
        after_zone,
    ))
}

/// `06 Dec 2026 07:00:00.123` and `6 Dec 2026 07:00:00 +0000`: RFC 5322's
/// date-time without the weekday, as Redis and mail servers write it; and
/// `08-Sep-2026 06:47:16 UTC`, PHP's `error_log` date (`d-M-Y H:i:s e`,
/// WordPress's debug.log) and Tomcat's `dd-MMM-yyyy HH:mm:ss.SSS`.
fn day_month_name_year(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let (day, after_day) = one_or_two_digits(bytes, at)?;
    let separator = *bytes.get(after_day)?;
    if separator != b' ' && separator != b'-' {
        return None;
    }
    let month = month_number(bytes.get(after_day + 1..after_day + 4)?)?;
    if bytes.get(after_day + 4) != Some(&separator) {
        return None;
    }
    let year = digits(bytes, after_day + 5, 4)?;
    if bytes.get(after_day + 9) != Some(&b' ') {
        return None;
    }
    let (seconds, end) = clock(bytes, after_day + 10)?;
    let (millis, end) = fraction(bytes, end);
    let (offset_secs, end) = zone(bytes, end);
    let days = days_from_civil(year, month, day)?;
    Some(((days * 86_400 + seconds - offset_secs) * 1000 + millis, end))
}

fn one_or_two_digits(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let first = digits(bytes, at, 1)?;
    match digits(bytes, at + 1, 1) {
        Some(second) => Some((first * 10 + second, at + 2)),
        None => Some((first, at + 1)),
    }
}

/// `HH:MM:SS` → seconds, end.
pub(super) fn clock(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let h = digits(bytes, at, 2)?;
    let m = digits(bytes, at + 3, 2)?;
    let s = digits(bytes, at + 6, 2)?;
    if bytes.get(at + 2) != Some(&b':')
        || bytes.get(at + 5) != Some(&b':')
        || h > 23
        || m > 59
        || s > 60
    {
        return None;
    }
    Some((h * 3600 + m * 60 + s, at + 8))
}

pub(super) fn fraction(bytes: &[u8], at: usize) -> (i64, usize) {
    match bytes.get(at) {
        Some(b'.') | Some(b',') => {
            let mut end = at + 1;
            let mut millis = 0;
            let mut taken = 0;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                if taken < 3 {
                    millis = millis * 10 + i64::from(bytes[end] - b'0');
                    taken += 1;
                }
                end += 1;
            }
            if taken == 0 {
                return (0, at);
            }
            while taken < 3 {
                millis *= 10;
                taken += 1;
            }
            (millis, end)
        }
        _ => (0, at),
    }
}

/// `Z`, `+02:00`, `-0700`, ` UTC` → offset seconds east, end.
pub(super) fn zone(bytes: &[u8], at: usize) -> (i64, usize) {
    match bytes.get(at) {
        Some(b'Z') => (0, at + 1),
        Some(&sign @ (b'+' | b'-')) => {
            let Some(h) = digits(bytes, at + 1, 2) else {
                return (0, at);
            };
            let colon = usize::from(bytes.get(at + 3) == Some(&b':'));
            let m = digits(bytes, at + 3 + colon, 2).unwrap_or(0);
            let offset = (h * 3600 + m * 60) * if sign == b'-' { -1 } else { 1 };
            (offset, at + 5 + colon)
        }
        Some(b' ') if bytes.get(at + 1..at + 4) == Some(b"UTC") => (0, at + 4),
        Some(b' ')
            if matches!(bytes.get(at + 1), Some(b'+' | b'-'))
                && bytes.get(at + 2).is_some_and(u8::is_ascii_digit) =>
        {
            zone(bytes, at + 1)
        }
        _ => (0, at),
    }
}

/// Common Log Format: `01/Nov/2024:03:04:05 +0000`.
fn clf(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let day = digits(bytes, at, 2)?;
    if bytes.get(at + 2) != Some(&b'/') || bytes.get(at + 6) != Some(&b'/') {
        return None;
    }
    let month = month_number(bytes.get(at + 3..at + 6)?)?;
    let year = digits(bytes, at + 7, 4)?;
    if bytes.get(at + 11) != Some(&b':') {
        return None;
    }
    let (seconds, end) = clock(bytes, at + 12)?;
    let (offset, end) = if bytes.get(end) == Some(&b' ') {
        zone(bytes, end + 1)
    } else {
        (0, end)
    };
    let days = days_from_civil(year, month, day)?;
    Some(((days * 86_400 + seconds - offset) * 1000, end))
}

/// Syslog `Nov  1 03:04:05` (year unknown: 1970 is used, and `year::place` moves it).
fn syslog(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let month = month_number(bytes.get(at..at + 3)?)?;
    let mut cursor = at + 3;
    while bytes.get(cursor) == Some(&b' ') {
        cursor += 1;
    }
    let width = if bytes.get(cursor + 1).is_some_and(u8::is_ascii_digit) {
        2
    } else {
        1
    };
    let day = digits(bytes, cursor, width)?;
    cursor += width;
    if bytes.get(cursor) != Some(&b' ') {
        return None;
    }
    let (seconds, end) = clock(bytes, cursor + 1)?;
    let days = days_from_civil(1970, month, day)?;
    Some(((days * 86_400 + seconds) * 1000, end))
}

/// Epoch seconds (10 digits) or milliseconds (13 digits) followed by a separator.
fn epoch(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let mut end = at;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    let next_ok = bytes
        .get(end)
        .is_none_or(|b| matches!(b, b' ' | b'\t' | b'.' | b','));
    if !next_ok || at != 0 {
        return None;
    }
    let value = digits(bytes, at, end - at)?;
    match end - at {
        10 => {
            let (millis, end) = fraction(bytes, end);
            Some((value * 1000 + millis, end))
        }
        13 => Some((value, end)),
        _ => None,
    }
}

/// Loghub compact dates: `081109 203615` (yyMMdd HHmmss) and `17/06/09 20:10:40` (yy/MM/dd).
fn compact(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    if at != 0 {
        return None;
    }
    if let (Some(date), Some(b' '), Some(time)) =
        (digits(bytes, 0, 6), bytes.get(6), digits(bytes, 7, 6))
    {
        let days = days_from_civil(2000 + date / 10_000, (date / 100) % 100, date % 100)?;
        let seconds = (time / 10_000) * 3600 + ((time / 100) % 100) * 60 + time % 100;
        return Some(((days * 86_400 + seconds) * 1000, 13));
    }
    if bytes.get(2) == Some(&b'/') && bytes.get(5) == Some(&b'/') && bytes.get(8) == Some(&b' ') {
        let days = days_from_civil(
            2000 + digits(bytes, 0, 2)?,
            digits(bytes, 3, 2)?,
            digits(bytes, 6, 2)?,
        )?;
        let (seconds, end) = clock(bytes, 9)?;
        return Some(((days * 86_400 + seconds) * 1000, end));
    }
    None
}

pub(super) fn month_number(name: &[u8]) -> Option<i64> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    MONTHS
        .iter()
        .position(|m| m.as_slice() == name)
        .map(|i| i as i64 + 1)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm); None for impossible dates.
pub(super) fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}
