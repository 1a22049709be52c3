//! A change that only changes what the service logs cannot be what broke it.
//! Teams add or enrich log messages while they chase a problem ("log the
//! Kafka error code", "log the first rejected item's reason"); when the
//! incident then comes from outside the repo, that commit is recent, shipped
//! with the last deploy and shares the incident's words through the very
//! message it wrote. What it changed, though, is only text written to the
//! log: every line it adds or removes in files that reach the service is
//! part of a logging call, a value computed only for that call, a comment,
//! or the scaffolding of catching an error and throwing it on unchanged
//! (`rescue => e` … `raise`). Such a commit reaches the service no more than a
//! documentation change does (score.rs gives it the same reach factor).
//!
//! The test is by structure, not by words: a call to a function named for
//! a log level or for logging (observer.rs `is_logging_call`), followed to
//! its closing parenthesis across lines. A change that adds a log statement
//! *and* anything else — a new branch, a changed timeout — is not one.

use std::collections::BTreeSet;

/// One changed line: the file, `+` or `-`, and its text.
pub type ChangedLine = (String, char, String);

/// How a change touched the lines of the files that reach the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoggingOnly {
    /// Changed lines inside logging calls.
    pub logging_lines: usize,
}

/// `Some` when every line of `changes` only writes log messages (and at
/// least one does), `None` when any line may change what the service does.
pub fn classify(changes: &[ChangedLine]) -> Option<LoggingOnly> {
    let mut groups: Vec<(&str, char, Vec<&str>)> = Vec::new();
    for (path, origin, text) in changes {
        match groups.last_mut() {
            Some((p, o, lines)) if *p == path.as_str() && o == origin => lines.push(text),
            _ => groups.push((path.as_str(), *origin, vec![text.as_str()])),
        }
    }
    let mut logging_lines = 0;
    for (_, _, lines) in &groups {
        logging_lines += classify_block(lines)?;
    }
    (logging_lines > 0).then_some(LoggingOnly { logging_lines })
}

/// The number of logging-call lines of one run of added (or removed) lines,
/// or `None` when one of them does something else.
fn classify_block(lines: &[&str]) -> Option<usize> {
    let mut in_call = vec![false; lines.len()];
    let mut depth: i32 = 0;
    for (i, line) in lines.iter().enumerate() {
        if depth > 0 || opens_logging_call(line.trim()) {
            in_call[i] = true;
            depth = (depth + paren_balance(line)).max(0);
        }
    }
    let message_words: BTreeSet<&str> = lines
        .iter()
        .zip(&in_call)
        .filter(|(_, call)| **call)
        .flat_map(|(line, _)| identifiers(line))
        .collect();
    for (line, call) in lines.iter().zip(&in_call) {
        if *call {
            continue;
        }
        let line = line.trim();
        let neutral = line.is_empty()
            || is_comment(line)
            || is_scaffolding(line)
            || assigned_name(line).is_some_and(|name| message_words.contains(name));
        if !neutral {
            return None;
        }
    }
    Some(in_call.iter().filter(|c| **c).count())
}

/// `logger.warn(`, `Sidekiq.logger.warn(`, `$this->logger->error(`,
/// `log::warn!(`, `LOG.info(`, or Ruby's `logger.warn "…"`: a receiver
/// chain ending in a logging function's name, then the call.
fn opens_logging_call(line: &str) -> bool {
    let call_end = line.find(['(', ' ']).unwrap_or(line.len());
    let (callee, rest) = line.split_at(call_end);
    let chain_ok = !callee.is_empty()
        && callee.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '!' | '$' | '-' | '>')
        });
    if !chain_ok {
        return false;
    }
    let opens = rest.starts_with('(')
        || rest
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(['"', '\'']));
    opens && super::observer::is_logging_call(&format!("{callee}("))
}

/// Opening minus closing parentheses outside string literals.
fn paren_balance(line: &str) -> i32 {
    let mut balance = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' => balance += 1,
                ')' => balance -= 1,
                _ => {}
            },
        }
    }
    balance
}

fn identifiers(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

fn is_comment(line: &str) -> bool {
    let spaced = |p: &str| {
        line.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '/']))
    };
    ["//", "/*", "#"].iter().any(|p| line.starts_with(p)) && !line.starts_with("#{")
        || ["*", "--", ";"].iter().any(|p| spaced(p))
}

/// Brackets and block ends, and catching an error to throw it on as it was:
/// `rescue => e`, `} catch (IOException e) {`, `except Exception as e:`,
/// `raise`, `throw e;`, `begin`, `try {`. Raising a *new* error
/// (`raise Timeout.new(…)`) is behaviour and is not here.
fn is_scaffolding(line: &str) -> bool {
    let line = line.trim_end_matches([';', ' ']);
    if line.chars().all(|c| "{}()[],".contains(c)) {
        return true;
    }
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || "{}();:".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let bare =
        |w: Option<&&str>| w.is_none_or(|w| w.chars().all(|c| c.is_alphanumeric() || c == '_'));
    match words.first().copied() {
        Some("end" | "begin" | "try" | "else") => words.len() == 1,
        Some("rescue" | "catch" | "except") => true,
        Some("raise" | "throw") => words.len() <= 2 && bare(words.get(1)),
        _ => false,
    }
}

/// The name a line binds: `val first = …`, `first := …`, `String reason =
/// item.reason();`, `let code = err.code();` — the last word before a lone
/// `=` when what comes before it is only words (a declaration).
fn assigned_name(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let at = (0..bytes.len()).find(|&i| {
        bytes[i] == b'='
            && bytes
                .get(i + 1)
                .is_none_or(|n| !matches!(n, b'=' | b'>' | b'~'))
            && (i == 0 || !matches!(bytes[i - 1], b'=' | b'!' | b'<' | b'>'))
    })?;
    let lhs = line[..at].trim_end().trim_end_matches(':').trim_end();
    let declaration = lhs
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ' ' | '<' | '>' | ':' | '$'));
    if !declaration || lhs.split_whitespace().count() > 3 {
        return None;
    }
    lhs.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(path: &str, diff: &str) -> Vec<ChangedLine> {
        diff.lines()
            .filter_map(|l| {
                let origin = l.chars().next()?;
                matches!(origin, '+' | '-').then(|| (path.to_string(), origin, l[1..].to_string()))
            })
            .collect()
    }

    #[test]
    fn changes_that_only_log_are_recognised_in_several_languages() {
        let python = lines(
            "outbox/relay.py",
            r#"-        log.error("delivery failed topic=%s partition=%s", msg.topic(), msg.partition())
+        log.error("delivery failed topic=%s partition=%s outbox_id=%s: %s", msg.topic(), msg.partition(), msg.key().decode(), err)"#,
        );
        assert_eq!(classify(&python), Some(LoggingOnly { logging_lines: 2 }));
        let ruby = lines(
            "app/jobs/payout_batch_job.rb",
            r#"+  rescue => e
+    Sidekiq.logger.warn("payout batch #{batch_id} failed: #{e.class}: #{e.message}")
+    raise"#,
        );
        assert_eq!(classify(&ruby), Some(LoggingOnly { logging_lines: 1 }));
        let kotlin = lines(
            "src/BulkIndexer.kt",
            r#"-            log.error("bulk request had failures, pausing consumer")
+            val first = response.items.first { it.isFailed }
+            log.error("bulk request had failures: {} of {} items failed, first: reason={}",
+                response.items.count { it.isFailed }, batch.size, first.failureMessage)"#,
        );
        assert_eq!(classify(&kotlin), Some(LoggingOnly { logging_lines: 3 }));
        let go = lines(
            "server/middleware.go",
            r#"+	// Requests slower than the budget are worth a line.
+	logger.Warn("slow request",
+		"path", r.URL.Path,
+		"took", time.Since(start),
+	)"#,
        );
        assert_eq!(classify(&go), Some(LoggingOnly { logging_lines: 4 }));
    }

    #[test]
    fn a_change_that_also_does_something_else_is_not_logging_only() {
        // A timeout changed beside the message.
        let both = lines(
            "client.py",
            r#"+        log.warning("retrying after %s", delay)
+        timeout = 2"#,
        );
        assert_eq!(classify(&both), None);
        // A new error raised is behaviour.
        let new_error = lines(
            "job.rb",
            r#"+    logger.warn("giving up")
+    raise Timeout::Error.new("gave up")"#,
        );
        assert_eq!(classify(&new_error), None);
        // A value computed but not for the message.
        let other_value = lines(
            "a.kt",
            r#"+    val limit = 500
+    log.info("page size {}", size)"#,
        );
        assert_eq!(classify(&other_value), None);
        // A config line, a return, a condition.
        for line in [
            "+LOG_LEVEL: debug",
            "+    return err",
            "+    if err != nil {",
        ] {
            assert_eq!(classify(&lines("x", line)), None, "{line}");
        }
        // Nothing logged: comments alone do not make an observer.
        assert_eq!(classify(&lines("a.go", "+// note")), None);
        // Calls that are not logging: raise with a message, a router.
        assert_eq!(
            classify(&lines("a.py", r#"+    raise ValueError("bad token")"#)),
            None
        );
        assert_eq!(
            classify(&lines("a.js", r#"+router.get("/health", h)"#)),
            None
        );
    }
}
