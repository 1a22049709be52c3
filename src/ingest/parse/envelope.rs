//! A JSON log line as a person reads it: the message first, the level, time
//! and service out of the way (the Logs pane gives them columns), the other
//! fields after it as `key=value`. The envelope (`{"ts": …, "level": …`)
//! is what a structured logger wraps around a message; showing it raw hides
//! the message behind the keys. Search matches the same shown text.
//!
//! Only a line that is one valid JSON object (alone, or after a timestamp
//! prefix as container runtimes write it) gets an envelope; anything else,
//! malformed JSON included, is shown as it is.

use std::borrow::Cow;

use super::find_timestamp;

/// Keys holding the message, in the order they are tried (mining uses the same).
/// (`Message` and `LogLevel`: Microsoft.Extensions.Logging's JSON console
/// formatter; `MESSAGE`: the systemd journal's export, journal.rs.)
pub const MESSAGE_KEYS: [&str; 7] = [
    "msg",
    "message",
    "@message",
    "event",
    "log",
    "Message",
    super::journal::MESSAGE_KEY,
];
/// Keys holding the level.
pub const LEVEL_KEYS: [&str; 6] = [
    "level",
    "severity",
    "lvl",
    "log.level",
    "loglevel",
    "LogLevel",
];
/// Keys holding the event time, the common spellings first; then CLEF's
/// `@t` (Serilog), CloudTrail's and the cloud event feeds' `eventTime`, and
/// the PascalCase of .NET and Azure records.
pub const TIME_KEYS: [&str; 9] = [
    "ts",
    "time",
    "timestamp",
    "@timestamp",
    "date",
    "@t",
    "eventTime",
    "Timestamp",
    "Time",
];
/// Keys naming the service that wrote the line (OpenTelemetry's and ECS's
/// `service.name`, the common flat spellings).
pub const SERVICE_KEYS: [&str; 4] = ["service", "service.name", "service_name", "app"];

/// What the Logs pane shows of a JSON line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The message (the whole object's fields when it has none).
    pub message: String,
    /// The service the line names, if any.
    pub service: Option<String>,
    /// The fields not shown elsewhere, as `key=value`, in line order.
    pub fields: String,
}

impl Envelope {
    /// The message and fields as shown on one row (what search matches).
    pub fn shown(&self) -> String {
        if self.fields.is_empty() {
            return self.message.clone();
        }
        format!("{}{FIELDS_GAP}{}", self.message, self.fields)
    }
}

/// Between the message and the fields after it.
pub const FIELDS_GAP: &str = "  ";

/// The envelope of `line`, when it is a JSON object (alone or after a timestamp).
pub fn envelope(line: &str) -> Option<Envelope> {
    let object = json_object(line)?;
    let entries = entries(object)?;
    let first_of = |keys: &[&str]| {
        keys.iter()
            .find_map(|key| entries.iter().position(|e| e.key == *key))
    };
    let message = first_of(&MESSAGE_KEYS);
    let level = first_of(&LEVEL_KEYS);
    let time = first_of(&TIME_KEYS);
    let service = first_of(&SERVICE_KEYS);
    let shown_elsewhere = [message, level, time, service];
    let mut fields = String::new();
    for (index, Entry { key, value, text }) in entries.iter().enumerate() {
        if shown_elsewhere.contains(&Some(index)) {
            continue;
        }
        if !fields.is_empty() {
            fields.push(' ');
        }
        fields.push_str(key);
        fields.push('=');
        // A text with spaces is quoted so it reads as one value; objects,
        // arrays and numbers are shown as written.
        if *text && (value.is_empty() || value.contains(char::is_whitespace)) {
            fields.push('"');
            fields.push_str(value);
            fields.push('"');
        } else {
            fields.push_str(value);
        }
    }
    let message = match message {
        Some(index) => entries[index].value.clone(),
        // No message key: the fields are all there is to read.
        None => std::mem::take(&mut fields),
    };
    Some(Envelope {
        message,
        service: service.map(|index| entries[index].value.clone()),
        fields,
    })
}

/// What search looks in: a JSON record's shown text (its first line's
/// envelope, then its other lines as they are); any other record's text.
pub fn shown_text(text: &str) -> Cow<'_, str> {
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, Some(rest)),
        None => (text, None),
    };
    let Some(envelope) = envelope(first) else {
        return Cow::Borrowed(text);
    };
    let mut shown = envelope.shown();
    if let Some(rest) = rest {
        shown.push('\n');
        shown.push_str(rest);
    }
    Cow::Owned(shown)
}

/// A quick test that `query` cannot be in `shown_text(text)`: false means it
/// is not. Without a backslash in the text, every key and value is shown as
/// written, so each part of the query between the separators the shown text
/// adds (space, `=`, `"`, the newline before a continuation line) is in the
/// text itself. Saves the JSON parse of
/// every record a search passes over.
pub fn may_show(text: &str, query: &str) -> bool {
    if text.contains('\\') {
        return true;
    }
    query
        .split([' ', '=', '"', '\n'])
        .filter(|part| !part.is_empty())
        .all(|part| memchr::memmem::find(text.as_bytes(), part.as_bytes()).is_some())
}

/// The JSON object in `line`: the line itself, or what follows its timestamp.
fn json_object(line: &str) -> Option<&str> {
    // Most lines hold no brace: one byte search answers for them (search
    // passes over every record).
    memchr::memchr(b'{', line.as_bytes())?;
    let trimmed = line.trim();
    if trimmed.starts_with('{') {
        return Some(trimmed);
    }
    let (time, after) = find_timestamp(line);
    time?;
    let rest = line.get(after..)?.trim();
    rest.starts_with('{').then_some(rest)
}

/// One key and value of a JSON object, as shown.
struct Entry {
    key: String,
    value: String,
    /// The value was a string (not a number, object, array…).
    text: bool,
}

/// The object's entries in line order: keys unescaped, string values
/// unescaped with control characters as spaces (a row is one line), other
/// values as written. `None` unless `object` is exactly one valid object.
fn entries(object: &str) -> Option<Vec<Entry>> {
    // Validated first, so the scan below only has to find boundaries.
    // (`object` starts with `{`, so valid JSON here is one object.)
    serde_json::from_str::<serde::de::IgnoredAny>(object).ok()?;
    let bytes = object.as_bytes();
    let mut at = skip_space(bytes, 1);
    let mut entries = Vec::new();
    if bytes.get(at) == Some(&b'}') {
        return Some(entries);
    }
    while at < bytes.len() {
        let key_end = string_end(bytes, at)?;
        let key = unquote(object.get(at..key_end)?)?;
        at = skip_space(bytes, key_end);
        (bytes.get(at) == Some(&b':')).then_some(())?;
        let value_start = skip_space(bytes, at + 1);
        let value_end = value_end(bytes, value_start)?;
        let raw = object.get(value_start..value_end)?.trim_end();
        let text = raw.starts_with('"');
        let value = if text { unquote(raw)? } else { raw.to_string() };
        entries.push(Entry { key, value, text });
        at = skip_space(bytes, value_end);
        match bytes.get(at) {
            Some(b',') => at = skip_space(bytes, at + 1),
            _ => break,
        }
    }
    Some(entries)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The index just past the string starting at `start` (its closing quote included).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    (bytes.get(start) == Some(&b'"')).then_some(())?;
    let mut at = start + 1;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// The index just past the value starting at `start`: the next `,` or `}`
/// outside strings and nested brackets.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' => {
                at = string_end(bytes, at)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth > 0 => depth -= 1,
            b',' | b'}' if depth == 0 => return Some(at),
            _ => {}
        }
        at += 1;
    }
    None
}

/// A JSON string literal's text, control characters as spaces.
fn unquote(literal: &str) -> Option<String> {
    let text = match literal.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        Some(plain) if !plain.contains('\\') => plain.to_string(),
        _ => serde_json::from_str::<String>(literal).ok()?,
    };
    Some(if text.contains(char::is_control) {
        text.replace(char::is_control, " ")
    } else {
        text
    })
}

#[cfg(test)]
#[path = "envelope_tests.rs"]
mod tests;
