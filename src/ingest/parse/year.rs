//! Timestamps without a year (syslog RFC 3164 `Nov  6 11:34:52`, klog
//! `I1106 11:34:52.000000`) are parsed in 1970, so that order and gaps within
//! a year are right. `place` moves such a time into its real year, taken from
//! context: the nearest dated time the caller has seen (another source's full
//! timestamp, or the time the line arrived), else the current year. Of the
//! years around the context it picks the one that puts the time nearest to it,
//! so a file that runs over New Year lands on both sides correctly, as
//! rsyslog and journald do for the same formats.

/// Times before this (the end of 1970) carry no year: no log is dated 1970.
pub const YEARLESS_BEFORE_MS: i64 = 365 * 86_400_000;

/// Whether a parsed time came from a header without a year.
pub fn is_yearless(time_ms: i64) -> bool {
    (0..YEARLESS_BEFORE_MS).contains(&time_ms)
}

/// Places a yearless time (`is_yearless`) in the year that brings it nearest
/// to `context_ms`, a dated time read with it; times that have a year come
/// back unchanged. Without one, `place_before`.
pub fn place(time_ms: i64, context_ms: i64) -> i64 {
    if !is_yearless(time_ms) {
        return time_ms;
    }
    let context_year = year_of(context_ms);
    // 1970 is not a leap year: Feb 29 cannot occur in a yearless time, and
    // the day-of-year offset from Jan 1 is the same in every year but for
    // leap days, which `shift_year` handles through the civil date.
    [context_year - 1, context_year, context_year + 1]
        .into_iter()
        .map(|year| shift_year(time_ms, year))
        .min_by_key(|candidate| (candidate - context_ms).abs())
        .unwrap_or(time_ms)
}

/// How far past `now` a yearless time may still be taken to be: clocks and
/// time zones disagree by hours, not by more than a day.
const FUTURE_SLACK_MS: i64 = 86_400_000;

/// Places a yearless time in the latest year that does not put it after
/// `now_ms` (with a day's slack): with no other log's date to go by, a
/// line read now reports the past, so `May 19` read on December 6 is this
/// year's and `Dec 20` read on January 3 last year's (what lnav and
/// journalctl assume). Times that have a year come back unchanged.
pub fn place_before(time_ms: i64, now_ms: i64) -> i64 {
    if !is_yearless(time_ms) {
        return time_ms;
    }
    let year = year_of(now_ms);
    [year + 1, year, year - 1]
        .into_iter()
        .map(|year| shift_year(time_ms, year))
        .find(|candidate| *candidate <= now_ms + FUTURE_SLACK_MS)
        .unwrap_or(time_ms)
}

/// The 1970 time moved to the same month, day and clock time in `year`.
fn shift_year(time_ms: i64, year: i64) -> i64 {
    let day = time_ms.div_euclid(86_400_000);
    let within_day = time_ms.rem_euclid(86_400_000);
    let (_, month, day_of_month) = civil_from_days(day);
    match super::days_from_civil(year, month, day_of_month) {
        Some(days) => days * 86_400_000 + within_day,
        None => time_ms,
    }
}

fn year_of(time_ms: i64) -> i64 {
    civil_from_days(time_ms.div_euclid(86_400_000)).0
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::now_ms;
    use crate::ingest::parse::find_timestamp;

    const NOV_6_2026_113452: i64 = 1_793_964_892_000;

    #[test]
    fn without_a_dated_context_a_line_is_from_the_past() {
        let may = find_timestamp("May 19 10:41:48 host kernel: x").0.unwrap();
        let dec_20 = find_timestamp("Dec 20 10:41:48 host kernel: x").0.unwrap();
        // Read on 2026-11-06: May is this year's, not next year's (nearer).
        let placed = place_before(may, NOV_6_2026_113452);
        assert_eq!(year_of(placed), 2026);
        assert_eq!(year_of(place_before(dec_20, NOV_6_2026_113452)), 2025);
        // A few hours ahead of the clock is still today.
        let ahead = find_timestamp("Nov  6 13:00:00 host kernel: x").0.unwrap();
        assert_eq!(year_of(place_before(ahead, NOV_6_2026_113452)), 2026);
    }

    #[test]
    fn syslog_time_takes_the_year_of_its_context() {
        let yearless = find_timestamp("Nov  6 11:34:52 host kernel: x").0.unwrap();
        assert!(is_yearless(yearless));
        let context = NOV_6_2026_113452 - 3_600_000;
        assert_eq!(place(yearless, context), NOV_6_2026_113452);
        assert_eq!(place(NOV_6_2026_113452, 0), NOV_6_2026_113452);
    }

    #[test]
    fn new_year_goes_to_the_nearest_year() {
        // A Dec 31 line read with a Jan 1 2027 context belongs to 2026.
        let dec31 = find_timestamp("Dec 31 23:59:00 h x: y").0.unwrap();
        let jan1_2027 = super::super::days_from_civil(2027, 1, 1).unwrap() * 86_400_000;
        let placed = place(dec31, jan1_2027);
        assert_eq!(jan1_2027 - placed, 60_000);
        // Feb 28 → Mar 1 in a leap year keeps the civil date.
        let mar1 = find_timestamp("Mar  1 00:00:00 h x: y").0.unwrap();
        let leap = super::super::days_from_civil(2028, 3, 1).unwrap() * 86_400_000;
        assert_eq!(place(mar1, leap), leap);
    }

    #[test]
    fn no_context_means_the_current_year() {
        let yearless = find_timestamp("Jan  1 00:00:00 h x: y").0.unwrap();
        let placed = place_before(yearless, now_ms());
        assert!((year_of(placed) - year_of(now_ms())).abs() <= 1);
    }
}
