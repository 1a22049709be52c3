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

mod blocks;

use blocks::{is_bare_declaration, logging_blocks, moved_statements, statement_key};

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
    let messages = super::logging_calls::message_lines(changes);
    // Runs of changed lines of one file and one side, each line with whether
    // it writes a message; an unchanged line or a hunk start ends a run.
    let mut groups: Vec<blocks::Group> = Vec::new();
    let mut open = false;
    for ((path, origin, text), message) in changes.iter().zip(&messages) {
        if !matches!(origin, '+' | '-') {
            open = false;
            continue;
        }
        match groups.last_mut() {
            Some((p, o, lines, calls)) if open && *p == path.as_str() && o == origin => {
                lines.push(text);
                calls.push(*message);
            }
            _ => groups.push((path.as_str(), *origin, vec![text.as_str()], vec![*message])),
        }
        open = true;
    }
    // What the added logging calls read, across the change: a value may be
    // captured in one hunk for a message written in another.
    let message_words: BTreeSet<&str> = groups
        .iter()
        .filter(|(_, origin, _, _)| *origin == '+')
        .flat_map(|(_, _, lines, calls)| {
            lines
                .iter()
                .zip(calls)
                .filter(|(_, c)| **c)
                .flat_map(|(line, _)| identifiers(line))
        })
        .collect();
    let removed: Vec<&str> = groups
        .iter()
        .filter(|(_, origin, _, _)| *origin == '-')
        .flat_map(|(_, _, lines, _)| lines.iter().map(|l| l.trim()))
        .collect();
    // `scan_ms = VirusScan.scan!(file)` for `VirusScan.scan!(file)`: the
    // same call, its value now kept for the message.
    let captured: BTreeSet<&str> = groups
        .iter()
        .filter(|(_, origin, _, _)| *origin == '+')
        .flat_map(|(_, _, lines, _)| lines.iter())
        .filter_map(|line| captured_call(line.trim(), &message_words))
        .collect();
    let moved = moved_statements(&groups);
    let mut logging_lines = 0;
    for (path, origin, lines, calls) in &groups {
        let context = Context {
            origin: *origin,
            message_words: &message_words,
            removed: &removed,
            captured: &captured,
        };
        let mut neutral = match origin {
            '+' => message_helpers(lines, &context),
            _ => vec![false; lines.len()],
        };
        let blocks = logging_blocks(lines, calls, &context);
        for (i, line) in lines.iter().enumerate() {
            neutral[i] |= blocks[i] || moved.contains(&(*path, statement_key(line.trim())));
        }
        logging_lines += classify_block(lines, calls, &neutral, &context)?;
    }
    (logging_lines > 0).then_some(LoggingOnly { logging_lines })
}

/// Whether `changes` (the lines a commit changed in files that reach the
/// service) are only comments and blank lines: nothing that runs changed,
/// less even than a logging change (the message names nothing either).
pub fn only_comments(changes: &[ChangedLine]) -> bool {
    let mut changed = changes
        .iter()
        .filter(|(_, origin, _)| matches!(origin, '+' | '-'))
        .peekable();
    changed.peek().is_some()
        && changed.all(|(_, _, text)| text.trim().is_empty() || is_comment(text.trim()))
}

/// What a block's lines are judged against: the change as a whole.
struct Context<'a> {
    origin: char,
    message_words: &'a BTreeSet<&'a str>,
    removed: &'a [&'a str],
    captured: &'a BTreeSet<&'a str>,
}

impl Context<'_> {
    /// No removed line names it: a function or type the change introduces.
    fn is_new(&self, name: &str) -> bool {
        !self
            .removed
            .iter()
            .any(|r| identifiers(r).any(|w| w == name))
    }
}

/// Which lines of one run of added (or removed) lines are inside logging
/// calls, each call followed to its closing parenthesis.
pub(super) fn logging_call_lines(lines: &[&str]) -> Vec<bool> {
    call_lines(lines, opens_logging_call)
}

/// Which of `lines` are inside a call that a line `opens` (given trimmed),
/// each call followed to its closing parenthesis.
pub(super) fn call_lines(lines: &[&str], opens: impl Fn(&str) -> bool) -> Vec<bool> {
    let mut in_call = vec![false; lines.len()];
    let mut depth: i32 = 0;
    for (i, line) in lines.iter().enumerate() {
        if depth > 0 || opens(line.trim()) {
            in_call[i] = true;
            depth = (depth + paren_balance(line)).max(0);
        }
    }
    in_call
}

/// The number of logging-call lines of one run of added (or removed) lines,
/// or `None` when one of them does something else. Besides comments and
/// scaffolding, a line is neutral when it binds a value only a message reads,
/// when it is a call whose value an added line now keeps for a message
/// (`captured_call`), or when it declares a new function (one no removed
/// line names) whose body, in the same run, is only logging.
fn classify_block(
    lines: &[&str],
    in_call: &[bool],
    helpers: &[bool],
    context: &Context,
) -> Option<usize> {
    for ((line, call), helper) in lines.iter().zip(in_call).zip(helpers) {
        if *call || *helper {
            continue;
        }
        let line = line.trim();
        let neutral = line.is_empty()
            || is_comment(line)
            || is_scaffolding(line)
            || is_import(line)
            || is_bare_declaration(line)
            || assigned_name(line).is_some_and(|name| context.message_words.contains(name))
            || (context.origin == '-' && context.captured.contains(line))
            || (context.origin == '+'
                && declared_function(line).is_some_and(|name| context.is_new(name)));
        if !neutral {
            return None;
        }
    }
    Some(in_call.iter().filter(|c| **c).count())
}

/// The lines of a run of added lines that make a helper only messages read:
/// a function or type the change declares (no removed line names it) whose
/// name an added logging call reads, with its body — the lines indented
/// deeper than the declaration and the bracket or `end` that closes it. A new
/// `Outcomes` class whose `describe` formats the EHR's refusal for `log.error(
/// "…: {}", Outcomes.describe(e.getOperationOutcome()))` computes a message's
/// text, like a value bound only for the call.
fn message_helpers(lines: &[&str], context: &Context) -> Vec<bool> {
    let mut helper = vec![false; lines.len()];
    let new_and_read = |name: &str| context.message_words.contains(name) && context.is_new(name);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let declared = declared_function(line).or_else(|| declared_type(line));
        if !declared.is_some_and(new_and_read) {
            i += 1;
            continue;
        }
        let indent = indentation(lines[i]);
        helper[i] = true;
        i += 1;
        while let Some(next) = lines.get(i) {
            let deeper = next.trim().is_empty() || indentation(next) > indent;
            let closes = indentation(next) == indent
                && (next.trim().starts_with('}') || next.trim() == "end");
            if !(deeper || closes) {
                break;
            }
            helper[i] = true;
            i += 1;
            if closes {
                break;
            }
        }
    }
    helper
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The name a line declares a type by: `final class Outcomes {`, `public
/// static class Format`, `struct Detail {`, `module Describe`, `object Text`.
fn declared_type(line: &str) -> Option<&str> {
    const MODIFIERS: &[&str] = &[
        "public",
        "private",
        "protected",
        "internal",
        "static",
        "final",
        "abstract",
        "sealed",
        "export",
        "pub",
        "data",
        "partial",
    ];
    let mut words = line
        .split(|c: char| c.is_whitespace() || "{<(:".contains(c))
        .filter(|w| !w.is_empty())
        .skip_while(|w| MODIFIERS.contains(w));
    let kind = words.next()?;
    let name = words.next()?;
    let named = matches!(
        kind,
        "class" | "struct" | "object" | "module" | "interface" | "record" | "enum"
    );
    (named && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(name)
}

/// `import …`, `from … import …`, `package …;`, `use …;`, `using …;`: naming
/// what a file reads does nothing until a line calls it.
fn is_import(line: &str) -> bool {
    let statement = |prefix: &str| {
        line.strip_prefix(prefix)
            .is_some_and(|rest| !rest.contains(['(', '=']) && rest.ends_with(';'))
    };
    line.starts_with("import ")
        || (line.starts_with("from ") && line.contains(" import "))
        || ["package ", "use ", "using "].iter().any(|p| statement(p))
}

/// The call an added line keeps the value of for a message: `x = call(…)`
/// with `x` read by a logging call, gives `call(…)`.
fn captured_call<'a>(line: &'a str, message_words: &BTreeSet<&str>) -> Option<&'a str> {
    let name = assigned_name(line)?;
    if !message_words.contains(name) {
        return None;
    }
    let (_, value) = line.split_once('=')?;
    let value = value.trim().trim_end_matches(';').trim_end();
    value.contains('(').then_some(value)
}

/// The name a line declares a function by, in the common syntaxes: `def
/// log_failure(ex, count):`, `func (w *W) logFailure(err error) {`,
/// `function logFailure(err) {`, `fn log_failure(&self) {`, and the
/// C-family `public void LogFailure(SqlException ex, int count)`: modifier
/// and type words, a name, its parameters, and nothing after them but a
/// block's opening.
fn declared_function(line: &str) -> Option<&str> {
    // Go's receiver comes first: `func (w *Writer) name(`; its method is
    // named by `func` too, after the receiver's parenthesis.
    let (from, go_method) = match line.strip_prefix("func (") {
        Some(receiver) => ("func (".len() + receiver.find(')')? + 1, true),
        None => (0, false),
    };
    let open = from + line[from..].find('(')?;
    let close = matching_paren(line, open)?;
    let after = line[close + 1..].trim();
    let opens_body = after.is_empty() || matches!(after, "{" | ":" | "do" | "=>");
    // A body on the declaration's own line: Elixir's `defp age(s), do: …`,
    // C#'s `=> …;`, Kotlin's and Scala's `= …`.
    let one_line = after.starts_with(", do:")
        || (after.starts_with("=>") || after.starts_with("= ")) && after.len() > 2;
    let declares = if one_line {
        !line[..open].contains(['=', ';'])
    } else {
        opens_body && (!line.contains(['=', ';']) || after.ends_with("=>"))
    };
    if !declares {
        return None;
    }
    let head = &line[from..open];
    let words: Vec<&str> = head.split_whitespace().collect();
    let (name, before) = words.split_last()?;
    let keyword = go_method
        || before.first().is_some_and(|w| {
            matches!(
                *w,
                "def" | "defp" | "func" | "fun" | "function" | "fn" | "pub" | "async"
            )
        });
    let typed = before.len() >= 2
        && matches!(
            before[0],
            "public" | "private" | "protected" | "internal" | "static" | "void"
        );
    let identifier = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    (identifier && (keyword || typed)).then_some(*name)
}

/// The byte offset of the parenthesis that closes the one at `open`.
fn matching_paren(line: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (at, c) in line[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + at);
                }
            }
            _ => {}
        }
    }
    None
}

/// `logger.warn(`, `Sidekiq.logger.warn(`, `$this->logger->error(`,
/// `log::warn!(`, `LOG.info(`, or Ruby's `logger.warn "…"`: a receiver
/// chain ending in a logging function's name, then the call.
pub(super) fn opens_logging_call(line: &str) -> bool {
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

pub(super) fn identifiers(line: &str) -> impl Iterator<Item = &str> {
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
pub(super) fn assigned_name(line: &str) -> Option<&str> {
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
#[path = "logging_only_tests.rs"]
mod tests;
