//! The error a structured log line carries beside its message. A JSON or
//! logfmt line is mined on its message (`probe failed`, `request failed`),
//! and the reason sits in a field of its own: `err="x509: certificate has
//! expired…"`. That field is to a structured line what the exception line is
//! to a stack trace (causes.rs), so the evidence pack lends it to the
//! template the same way.
//!
//! The field names are the ones structured loggers document for an error:
//! `err` (Go kit, pino, bunyan), `error` (zap, logrus, slog), `exception`
//! (structlog, ECS's `error.message` flattened as `error.message`), `exc_info`
//! (Python's logging), `@x` (Serilog's CLEF), `Exception` (.NET's JSON
//! console formatter), `exception.*` (OpenTelemetry), `error.type` and
//! `error.stack_trace` (ECS), `stack_trace` (logstash-logback-encoder); a
//! stack's first line names the exception. An object value (pino's
//! `err: {type, message, stack}`) gives its `type` and `message`.

/// Keys of the error field, in the order tried: the messages first, then
/// the types and stacks, whose first line names the exception.
const ERROR_KEYS: [&str; 14] = [
    "err",
    "error",
    "error.message",
    "err.message",
    "exception",
    // Microsoft.Extensions.Logging's JSON console formatter, Serilog's JSON formatter.
    "Exception",
    // OpenTelemetry's semantic conventions, ECS.
    "exception.message",
    "exception.type",
    "error.type",
    "exc_info",
    "@x",
    // logstash-logback-encoder, Google Cloud's structured logging.
    "stack_trace",
    "error.stack_trace",
    "exception.stacktrace",
];
/// Keys of a field holding the body of a failed call's response, read when
/// the line has no error field: what the remote answered is its reason.
const BODY_KEYS: [&str; 3] = ["body", "response_body", "response"];
/// Longest cause kept, in characters (a whole stack in `@x` is not one).
const MAX_CAUSE_CHARS: usize = 300;

/// What the error field tells, as the evidence pack lends it: the exception
/// lines at the two ends of a stack trace it holds (`exc_info`'s
/// `Traceback …` down to `ValueError: …`), else its first line; and the
/// frame that raised it, when it holds a trace.
pub fn error_causes(line: &str) -> Option<(Vec<String>, Option<String>)> {
    // Without an error field, the text of an error page the line quotes
    // (html_page.rs) is what the remote answered.
    let value = error_value(line).or_else(|| super::html_page::page_text(line))?;
    let bounded = |text: &str| text.chars().take(MAX_CAUSE_CHARS).collect::<String>();
    if !value.contains('\n') {
        return Some((vec![bounded(value.trim())], None));
    }
    let mut thrown: Vec<String> = super::causes::thrown_in(&value).map(bounded).collect();
    if thrown.is_empty() {
        thrown.push(bounded(value.lines().next().unwrap_or("").trim()));
    }
    let frame = super::causes::raising_frame(&value).map(|f| bounded(&f));
    Some((thrown, frame))
}

/// The error field's whole value, when it is not empty.
fn error_value(line: &str) -> Option<String> {
    let line = line.trim();
    // Most error lines have no error field: a substring test spares them the parse.
    if !ERROR_KEYS
        .iter()
        .chain(BODY_KEYS.iter())
        .any(|key| spells_key(line, key))
    {
        return None;
    }
    let value = if line.starts_with('{') {
        from_json(line)?
    } else {
        from_logfmt(line)?
    };
    let first = value.lines().next().unwrap_or("").trim();
    if first.is_empty() || matches!(first, "null" | "nil" | "<nil>" | "false" | "None") {
        return None;
    }
    Some(value)
}

/// `key` as a line spells it: `key=` (logfmt) or `"key":` (JSON).
fn spells_key(line: &str, key: &str) -> bool {
    memchr::memmem::find_iter(line.as_bytes(), key.as_bytes()).any(|at| {
        let after = &line.as_bytes()[at + key.len()..];
        let quoted = at > 0 && line.as_bytes()[at - 1] == b'"' && after.starts_with(b"\":");
        let bare = after.first() == Some(&b'=');
        quoted || bare
    })
}

fn from_json(line: &str) -> Option<String> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).ok()?;
    // ECS and OpenTelemetry give the type and the message as flat keys of
    // their own: together they read as a thrown line, `Type: message`.
    for (kind, message) in [
        ("error.type", "error.message"),
        ("exception.type", "exception.message"),
    ] {
        let text = |k: &str| object.get(k).and_then(|v| v.as_str());
        if let (Some(kind), Some(message)) = (text(kind), text(message)) {
            return Some(format!("{kind}: {message}"));
        }
    }
    let field = ERROR_KEYS.iter().find_map(|key| match object.get(*key)? {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Object(error) => {
            let text = |k: &str| error.get(k).and_then(|v| v.as_str());
            match (text("type"), text("message")) {
                (Some(kind), Some(message)) => Some(format!("{kind}: {message}")),
                (None, Some(message)) => Some(message.to_string()),
                _ => None,
            }
        }
        _ => None,
    });
    field.or_else(|| problem_in_body(&object))
}

/// The reason a JSON response body gives, in the fields its format
/// documents: RFC 9457 problem details (`title`, `detail`), OAuth 2.0's
/// error response (RFC 6749 §5.2: `error`, `error_description`), and the
/// common `{"error": {"code", "message"}}` / `{"error", "message"}` shapes.
fn problem_in_body(object: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    BODY_KEYS.iter().find_map(|key| {
        let body = object.get(*key)?.as_str()?;
        if !body.trim_start().starts_with('{') {
            return None;
        }
        let document: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(body).ok()?;
        let text = |k: &str| document.get(k).and_then(|v| v.as_str());
        let nested = document.get("error").and_then(|e| e.as_object());
        let nested_text = |k: &str| nested.and_then(|e| e.get(k)).and_then(|v| v.as_str());
        let detail = text("detail")
            .or_else(|| text("error_description"))
            .or_else(|| text("message"))
            .or_else(|| nested_text("message"))?;
        let kind = text("title")
            .or_else(|| text("error"))
            .or_else(|| nested_text("code"))
            .or_else(|| nested_text("status"));
        Some(match kind {
            Some(kind) => format!("{kind}: {detail}"),
            None => detail.to_string(),
        })
    })
}

/// `key=value` pairs, values bare or double-quoted with `\"` escapes.
fn from_logfmt(line: &str) -> Option<String> {
    let mut rest = line;
    let mut found: Vec<(&str, String)> = Vec::new();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].rsplit(' ').next().unwrap_or("");
        let after = &rest[eq + 1..];
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end.min(quoted.len())..])
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        if ERROR_KEYS.contains(&key) {
            found.push((key, value));
        }
        rest = next;
    }
    ERROR_KEYS.iter().find_map(|k| {
        found
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error field of `line`, its first line, when it has one that is not empty.
    fn error_field(line: &str) -> Option<String> {
        let value = error_value(line)?;
        let first = value.lines().next().unwrap_or("").trim();
        Some(first.chars().take(MAX_CAUSE_CHARS).collect())
    }

    #[test]
    fn the_error_field_of_logfmt_and_json_lines() {
        let logfmt = r#"ts=2026-12-16T00:00:02Z level=error msg="probe failed" url=https://a.example/h err="Get \"https://a.example/h\": x509: certificate has expired or is not yet valid" duration_ms=57"#;
        assert_eq!(
            error_field(logfmt).as_deref(),
            Some(r#"Get "https://a.example/h": x509: certificate has expired or is not yet valid"#)
        );
        let zap = r#"{"level":"error","ts":1.7e9,"msg":"quote failed","carrier":"dhl","error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}"#;
        assert_eq!(
            error_field(zap).as_deref(),
            Some("rpc error: code = DeadlineExceeded desc = context deadline exceeded")
        );
        let pino = r#"{"level":50,"msg":"request errored","err":{"type":"Error","message":"Command timed out","stack":"Error: Command timed out\n    at x"}}"#;
        assert_eq!(
            error_field(pino).as_deref(),
            Some("Error: Command timed out")
        );
        let clef = r#"{"@t":"2026-01-01T00:00:00Z","@m":"failed","@x":"System.TimeoutException: The operation has timed out.\n   at A.B()"}"#;
        assert_eq!(
            error_field(clef).as_deref(),
            Some("System.TimeoutException: The operation has timed out.")
        );
        let dotnet = r#"{"Timestamp":"2026-09-16T14:00:12Z","LogLevel":"Information","Message":"Failed to validate the token.","Exception":"Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException: IDX10223: Lifetime validation failed.\n   at A.B()"}"#;
        assert_eq!(
            error_field(dotnet).as_deref(),
            Some("Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException: IDX10223: Lifetime validation failed.")
        );
        let ecs = r#"{"log.level":"ERROR","message":"close failed","error.type":"com.datastax.InvalidQueryException","error.message":"Batch too large"}"#;
        assert_eq!(
            error_field(ecs).as_deref(),
            Some("com.datastax.InvalidQueryException: Batch too large")
        );
        let logback = r#"{"@timestamp":"2026-03-25T10:45:25Z","message":"call failed","level":"ERROR","stack_trace":"java.net.SocketTimeoutException: Read timed out\n\tat java.base/X.y(X.java:1)"}"#;
        assert_eq!(
            error_field(logback).as_deref(),
            Some("java.net.SocketTimeoutException: Read timed out")
        );
    }

    #[test]
    fn a_response_body_gives_the_reason_its_format_documents() {
        let problem = r#"{"level":"ERROR","msg":"purge failed","status":503,"body":"{\"error\":\"service_unavailable\",\"detail\":\"Purge service temporarily unavailable\",\"retry_after\":30}"}"#;
        assert_eq!(
            error_field(problem).as_deref(),
            Some("service_unavailable: Purge service temporarily unavailable")
        );
        let oauth = r#"{"level":"warn","msg":"token refresh failed","response_body":"{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token expired\"}"}"#;
        assert_eq!(
            error_field(oauth).as_deref(),
            Some("invalid_grant: Refresh token expired")
        );
        let google = r#"{"severity":"ERROR","message":"call failed","response":"{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}"}"#;
        assert_eq!(
            error_field(google).as_deref(),
            Some("RESOURCE_EXHAUSTED: Quota exceeded")
        );
        // A body that is not a JSON document, or has no reason in it, says nothing.
        for line in [
            r#"{"msg":"sent","body":"hello"}"#,
            r#"{"msg":"sent","body":"{\"id\":4}"}"#,
        ] {
            assert_eq!(error_field(line), None, "{line}");
        }
    }

    #[test]
    fn lines_without_an_error_field_give_none() {
        for line in [
            r#"level=info msg="served" status=200"#,
            r#"level=error msg="failed" err=<nil>"#,
            r#"{"level":"error","msg":"x","error":null}"#,
            r#"{"level":"info","msg":"errors counted","errors":3}"#,
            "plain text line with err in it",
            r#"{"broken": "#,
            r#"level=error msg="unterminated err="abc"#,
        ] {
            assert_eq!(error_field(line), None, "{line}");
        }
    }
}
