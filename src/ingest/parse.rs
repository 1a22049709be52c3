//! Parsing one line: where its message is, when it happened, how severe it is.
//!
//! Detection is byte-level and allocation-free for the common shapes (ISO 8601,
//! syslog, nginx/Apache, `YYYY/MM/DD`, epoch seconds/ms, Loghub-style compact
//! dates), JSON objects and logfmt. A user line format (Loghub placeholders)
//! replaces detection when given.

use super::LogLevel;

pub mod announcement;
pub mod envelope;
pub mod errno;
pub mod haproxy;
pub mod journal;
pub mod json_message;
pub mod kernel;
pub mod klog;
pub mod multiline;
pub mod redis;
pub mod syslog_host;
pub mod timestamp;
pub mod year;

pub use timestamp::find_timestamp;
use timestamp::{clock, days_from_civil, digits, fraction};

/// What parsing found in one line. `content` borrows from the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<'a> {
    pub time_ms: Option<i64>,
    pub level: Option<LogLevel>,
    /// The message part, used for template mining.
    pub content: std::borrow::Cow<'a, str>,
}

/// Parses a line without a user format.
pub fn parse_line(line: &str) -> Parsed<'_> {
    parse_detected(line, true)
}

/// `parse_line` without the level search of plain-text lines (`level` is
/// then `None` for them): what mining a file needs — its message and time —
/// without the scan over a line's first tokens that only the level needs.
pub fn parse_message(line: &str) -> Parsed<'_> {
    parse_detected(line, false)
}

fn parse_detected(line: &str, with_level: bool) -> Parsed<'_> {
    if let Some(header) = klog::header(line) {
        return Parsed {
            time_ms: Some(header.yearless_ms),
            level: Some(header.level),
            content: std::borrow::Cow::Borrowed(&line[header.content_start..]),
        };
    }
    let trimmed = line.trim_start();
    if trimmed.starts_with('{') {
        if let Some(parsed) = parse_json(trimmed) {
            return parsed;
        }
    }
    let (time_ms, after_time) = find_timestamp(line);
    if line[after_time..].starts_with('{') {
        if let Some(mut parsed) = parse_json(&line[after_time..]) {
            parsed.time_ms = parsed.time_ms.or(time_ms);
            return parsed;
        }
    }
    let level = if with_level {
        find_level(line)
            .or_else(|| http_status_level(line))
            .or_else(|| haproxy::haproxy_status_level(line))
            .or_else(|| multiline::go_crash_level(line))
            .or_else(|| kernel::kernel_level(line))
            .or_else(|| redis::redis_level(line))
            .or_else(|| errno::errno_level(line))
    } else {
        None
    };
    let content = if has_logfmt_level(line) {
        logfmt_value(line, "msg").map(std::borrow::Cow::Owned)
    } else {
        None
    };
    Parsed {
        time_ms,
        level,
        content: content.unwrap_or(std::borrow::Cow::Borrowed(
            &line[syslog_host::content_start(line, after_time)..],
        )),
    }
}

/// A compiled Loghub-style line format, e.g. `<Date> <Time> <Level> <Component>: <Content>`.
#[derive(Debug, Clone)]
pub struct LineFormat {
    regex: regex::Regex,
    fields: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("line format {format:?}: {message}")]
pub struct LineFormatError {
    pub format: String,
    pub message: String,
}

impl LineFormat {
    pub fn compile(format: &str) -> Result<LineFormat, LineFormatError> {
        let error = |message: String| LineFormatError {
            format: format.to_string(),
            message,
        };
        let mut pattern = String::from("^");
        let mut fields = Vec::new();
        let mut rest = format;
        while let Some(open) = rest.find('<') {
            let close = rest[open..]
                .find('>')
                .map(|c| open + c)
                .ok_or_else(|| error("a `<` has no closing `>`".to_string()))?;
            pattern.push_str(&literal(&rest[..open]));
            let name = &rest[open + 1..close];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(error(format!(
                    "field name {name:?} must be letters, digits or _"
                )));
            }
            if fields.iter().any(|f| f == name) {
                return Err(error(format!("field <{name}> appears twice")));
            }
            pattern.push_str(&format!("(?P<{name}>.*?)"));
            fields.push(name.to_string());
            rest = &rest[close + 1..];
        }
        pattern.push_str(&literal(rest));
        pattern.push('$');
        if !fields.iter().any(|f| f == "Content") {
            return Err(error("it needs a <Content> field".to_string()));
        }
        let regex = regex::Regex::new(&pattern).map_err(|e| error(e.to_string()))?;
        Ok(LineFormat { regex, fields })
    }

    /// Whether `line` has the shape of the format (a record's first line).
    pub fn matches(&self, line: &str) -> bool {
        self.regex.is_match(line)
    }

    /// Parses a line; `None` when the line does not match the format.
    pub fn parse<'a>(&self, line: &'a str) -> Option<Parsed<'a>> {
        let captures = self.regex.captures(line)?;
        let content = captures.name("Content")?.as_str();
        let level = ["Level", "Type", "State"]
            .iter()
            .find_map(|f| captures.name(f))
            .and_then(|m| level_word(m.as_str().trim().as_bytes()));
        let mut time_ms = None;
        for field in &self.fields {
            if matches!(field.as_str(), "Timestamp" | "Date" | "Time") {
                let start = captures.name(field).map(|m| m.start()).unwrap_or(0);
                time_ms = time_ms.or_else(|| find_timestamp(&line[start..]).0);
            }
        }
        // A content that is itself logfmt starting with its message
        // (`msg="Imported CiliumNetworkPolicy" name=…`, what a format for
        // `kubectl logs --prefix` leaves) is mined on the message.
        let content = match content.strip_prefix("msg=") {
            Some(_) => logfmt_value(content, "msg")
                .map(std::borrow::Cow::Owned)
                .unwrap_or(std::borrow::Cow::Borrowed(content)),
            None => std::borrow::Cow::Borrowed(content),
        };
        // So is a JSON record (`kubectl logs --prefix --timestamps` of a
        // service logging JSON), its level and time filling the format's.
        let json = content.strip_prefix('{').and_then(|_| parse_json(&content));
        let record = json.map(|r| (r.time_ms, r.level, r.content.into_owned()));
        let (time_ms, level, content) = match record {
            Some((at, said, message)) => (time_ms.or(at), level.or(said), message.into()),
            None => (time_ms, level, content),
        };
        Some(Parsed {
            time_ms,
            level,
            content,
        })
    }
}

/// The text between fields is a regular expression, as in Loghub's settings
/// (they escape brackets themselves: `\\[<Pid>\\]`); runs of spaces match any whitespace run.
fn literal(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split(' ').enumerate() {
        if i > 0 && !out.ends_with("\\s+") {
            out.push_str("\\s+");
        }
        out.push_str(part);
    }
    out
}

fn parse_json(line: &str) -> Option<Parsed<'_>> {
    let value: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).ok()?;
    let text = |keys: &[&str]| {
        keys.iter().find_map(|k| value.get(*k)).map(|v| {
            v.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string())
        })
    };
    let level = text(&envelope::LEVEL_KEYS)
        .and_then(|l| {
            level_word(l.as_bytes())
                .or_else(|| l.parse::<u64>().ok().map(bunyan_level))
                .or_else(|| severity_rating(&l))
        })
        .or_else(|| json_message::alarm_level(&value))
        .or_else(|| journal::priority_level(&value));
    let time_ms = text(&envelope::TIME_KEYS)
        .and_then(|t| {
            find_timestamp(&t)
                .0
                .or_else(|| t.parse::<f64>().ok().and_then(epoch_number_ms))
        })
        .or_else(|| journal::realtime_ms(&value))
        .or_else(|| named_time(&value));
    let content = json_message::mined_message(&value)
        .unwrap_or_else(|| json_message::fields_as_words(&value, line));
    Some(Parsed {
        time_ms,
        level,
        content: std::borrow::Cow::Owned(content),
    })
}

/// A record with none of the usual time keys is dated by the first field
/// whose name says it is a time by the common naming conventions
/// (`created_at`, `EdgeStartTimestamp`, `eventTime`, `requestDate`, the
/// Google Cloud status feed's `when` and `modified`) and whose text is a timestamp: feeds
/// and CDNs name their times after what they mark.
fn named_time(fields: &serde_json::Map<String, serde_json::Value>) -> Option<i64> {
    fields.iter().find_map(|(key, value)| {
        let key = key.to_ascii_lowercase();
        let named = ["timestamp", "time", "_at", "date", "when", "modified"]
            .iter()
            .any(|ending| key.ends_with(ending));
        let text = value.as_str()?;
        named.then(|| find_timestamp(text).0).flatten()
    })
}

/// Bunyan/pino numeric levels.
fn bunyan_level(n: u64) -> LogLevel {
    match n {
        0..=10 => LogLevel::Trace,
        11..=20 => LogLevel::Debug,
        21..=30 => LogLevel::Info,
        31..=40 => LogLevel::Warn,
        41..=50 => LogLevel::Error,
        _ => LogLevel::Fatal,
    }
}

fn epoch_number_ms(n: f64) -> Option<i64> {
    if (1e9..1e10).contains(&n) {
        Some((n * 1000.0) as i64)
    } else if (1e12..1e13).contains(&n) {
        Some(n as i64)
    } else {
        None
    }
}

/// The first level word among the first tokens (`ERROR`, `WARN`, `E0501`, `FATAL:` …).
/// Tokens split on space, tab, `[`, `]` and `|`; a byte loop, since this runs on
/// every line.
pub fn find_level(line: &str) -> Option<LogLevel> {
    let bytes = line.as_bytes();
    let mut at = 0;
    for _ in 0..12 {
        while at < bytes.len() && is_level_delimiter(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        at = next_level_delimiter(bytes, at);
        let mut token = &bytes[start..at];
        while let [rest @ .., b':' | b','] = token {
            token = rest;
        }
        // `…:[28641]:ERROR:` — PostgreSQL's prefix as RDS and Aurora set it
        // (`%t:%r:%u@%d:[%p]:`) puts a colon before the level too.
        while let [b':', rest @ ..] = token {
            token = rest;
        }
        let assigned = match token.first() {
            Some(b'l') => token.strip_prefix(b"level="),
            Some(b's') => token.strip_prefix(b"severity="),
            _ => None,
        };
        if let Some(value) = assigned {
            return level_word(trim_quotes(value));
        }
        // `ERROR:app.db:connection lost` (Python logging's BASIC_FORMAT,
        // `%(levelname)s:%(name)s:%(message)s`) and `ERROR/ForkPoolWorker-4]`
        // (Celery's worker format, `%(levelname)s/%(processName)s`): the
        // level name runs into what follows it.
        let named = match token.iter().position(|&b| b == b':' || b == b'/') {
            Some(end) if end >= 4 => &token[..end],
            _ => token,
        };
        if (4..=12).contains(&named.len()) && named.iter().all(u8::is_ascii_uppercase) {
            if let Some(level) = level_word(named) {
                return Some(level);
            }
        }
        // `[error]`, `[warn]` (nginx's and Apache 2.2's error log) and
        // `[proxy:error]` (Apache 2.4's module:level): in brackets a level
        // word is a level in any case, where bare it may be prose.
        let bracketed = start > 0 && bytes[start - 1] == b'[' && bytes.get(at) == Some(&b']');
        if bracketed {
            let word = match token.iter().rposition(|&b| b == b':') {
                Some(colon) => &token[colon + 1..],
                None => token,
            };
            if word.len() >= 4 && word.iter().all(u8::is_ascii_alphabetic) {
                if let Some(level) = level_word(word) {
                    return Some(level);
                }
            }
        }
        if let Some(level) = klog(token) {
            return Some(level);
        }
    }
    None
}

fn is_level_delimiter(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'[' | b']' | b'|')
}

/// The index of the first level delimiter at or after `at` (or the end).
/// Eight bytes per step (SWAR): this scan runs over most of every line.
fn next_level_delimiter(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // High bit set in each byte of `word` equal to `b` (exact for the lowest one).
    let equal = |word: u64, b: u8| {
        let x = word ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_le_bytes(eight);
        let found = equal(word, b' ')
            | equal(word, b'\t')
            | equal(word, b'[')
            | equal(word, b']')
            | equal(word, b'|');
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && !is_level_delimiter(bytes[at]) {
        at += 1;
    }
    at
}

fn trim_quotes(mut value: &[u8]) -> &[u8] {
    while let [b'"', rest @ ..] = value {
        value = rest;
    }
    while let [rest @ .., b'"'] = value {
        value = rest;
    }
    value
}

fn has_logfmt_level(line: &str) -> bool {
    // `level=` and `msg=` both occur: found from the line's `=` signs (one
    // vectorised search for a byte, a few are met) rather than two
    // substring searches over every line.
    let bytes = line.as_bytes();
    let (mut level, mut msg) = (false, false);
    for at in memchr::memchr_iter(b'=', bytes) {
        level |= bytes[..at].ends_with(b"level");
        msg |= bytes[..at].ends_with(b"msg");
        if level && msg {
            return true;
        }
    }
    false
}

/// The value of `key=` in a logfmt line (quoted values unquoted).
pub fn logfmt_value(line: &str, key: &str) -> Option<String> {
    let needle = format!("{key}=");
    let mut search = 0;
    while let Some(found) = line[search..].find(&needle) {
        let at = search + found;
        if at == 0 || line.as_bytes()[at - 1] == b' ' {
            let rest = &line[at + needle.len()..];
            return Some(match rest.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or("").to_string(),
                None => rest.split(' ').next().unwrap_or("").to_string(),
            });
        }
        search = at + needle.len();
    }
    None
}

/// klog: `E0501`, `W1231`, `I0101` followed by digits.
fn klog(token: &[u8]) -> Option<LogLevel> {
    if token.len() < 5
        || !matches!(token[0], b'E' | b'W' | b'I' | b'F')
        || !token[1..5].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    match token[0] {
        b'E' => Some(LogLevel::Error),
        b'W' => Some(LogLevel::Warn),
        b'I' => Some(LogLevel::Info),
        b'F' => Some(LogLevel::Fatal),
        _ => None,
    }
}

/// A level name in any case.
pub fn level_word(word: &[u8]) -> Option<LogLevel> {
    let mut upper = [0u8; 12];
    if word.is_empty() || word.len() > upper.len() {
        return None;
    }
    for (slot, b) in upper.iter_mut().zip(word) {
        *slot = b.to_ascii_uppercase();
    }
    let level = match &upper[..word.len()] {
        b"TRACE" | b"FINEST" | b"FINER" => LogLevel::Trace,
        b"DEBUG" | b"DBG" | b"FINE" | b"VERBOSE" | b"D" | b"V" => LogLevel::Debug,
        b"INFO" | b"INFORMATION" | b"NOTICE" | b"LOG" | b"I" => LogLevel::Info,
        b"WARN" | b"WARNING" | b"W" => LogLevel::Warn,
        // ALARM: an alarm's active state — CloudWatch's, and an ISA-18.2 /
        // IEC 62682 alarm journal's (`ALARM`, back to `NORMAL`) — a
        // condition an operator must act on.
        b"ERROR" | b"ERR" | b"SEVERE" | b"E" | b"ALARM" => LogLevel::Error,
        b"FATAL" | b"CRITICAL" | b"CRIT" | b"PANIC" | b"EMERG" | b"ALERT" | b"F" => LogLevel::Fatal,
        _ => return None,
    };
    Some(level)
}

/// A severity field's value on the rating scale security tools and alert
/// feeds use (CVSS's qualitative ratings — low, medium, high, critical —
/// as GuardDuty, Security Hub, Panther and SIEM alerts carry them, and
/// Google Cloud's `EMERGENCY` and `DEFAULT`): only as a level field's
/// whole value, where `high` can mean nothing else.
fn severity_rating(value: &str) -> Option<LogLevel> {
    match value.to_ascii_lowercase().as_str() {
        "emergency" => Some(LogLevel::Fatal),
        "high" => Some(LogLevel::Error),
        "medium" | "moderate" => Some(LogLevel::Warn),
        "low" | "informational" | "default" => Some(LogLevel::Info),
        _ => None,
    }
}

/// Access logs carry no level: a 5xx status is an error, 4xx a warning.
fn http_status_level(line: &str) -> Option<LogLevel> {
    // Built once: a one-shot `memmem::find` builds its searcher on every call.
    static HTTP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"HTTP/"));
    static QUOTE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\" "));
    let at = HTTP.find(line.as_bytes())?;
    let after_quote = QUOTE_SPACE.find(&line.as_bytes()[at..])? + at + 2;
    status_level(line.get(after_quote..after_quote + 3)?)
}

/// An HTTP status's level, as access logs carry none: 5xx an error, 4xx a
/// warning, the rest information. `status` is the code's text.
pub fn status_level(status: &str) -> Option<LogLevel> {
    match status.as_bytes().first()? {
        b'5' => Some(LogLevel::Error),
        b'4' => Some(LogLevel::Warn),
        b'1'..=b'3' => Some(LogLevel::Info),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
