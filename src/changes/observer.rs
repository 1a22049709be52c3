//! A change that writes the message is not the cause of the event it reports.
//! Teams add logging while they chase something ("log slow requests over
//! 250 ms", "log why a token was rejected"); when the event then happens for a
//! reason outside the repo, the incident's lines are that commit's new
//! message, and it shares their words — and the name of the file the
//! message is logged from — with nothing else to link it. So the words a
//! commit shares with the incident *only* through templates whose message it
//! introduced (a string literal in its added lines holds the template's
//! constant text), and only through the failing files only those templates'
//! lines name, are not counted for that commit. Every other link stays: a
//! change that adds a message *and* changes behaviour still shares the words
//! of the incident's other lines (the probe that fails, the caller's errors).

use std::collections::{BTreeMap, BTreeSet};

use super::clues::IncidentClues;
use super::history::Commit;
use super::matching::{stems_of, ClueStems};

/// Literals kept per commit.
const MAX_LITERALS: usize = 200;
/// A literal must hold this many words, and `MIN_CHARS` letters and digits,
/// to be taken for a message: one word (`error`, `failed`) or a short
/// phrase (`timed out`) is in too many.
const MIN_WORDS: usize = 2;
const MIN_CHARS: usize = 10;

/// An incident template whose words weigh, as the observer test needs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TemplateClue {
    /// The template (resolved), whose lines the rollback test may set apart.
    pub id: crate::ingest::mine::TemplateId,
    /// Its text normalised (`normalize`, `<*>` a gap).
    pub text: String,
    /// Its constant pieces normalised, an empty piece where a variable
    /// part (`<*>`) is (`template_pieces`).
    pub pieces: Vec<String>,
    /// The code paths its warning and error lines named.
    pub paths: BTreeSet<String>,
}

/// Where the incident's words came from, for the observer test.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordSources {
    pub templates: Vec<TemplateClue>,
    /// Word → the templates (indices) that gave it weight.
    pub by_template: BTreeMap<String, Vec<usize>>,
    /// Word → the code paths whose repository files gave it weight.
    pub by_path: BTreeMap<String, BTreeSet<String>>,
    /// Words weighed by something else (stack frames, metrics).
    pub other: BTreeSet<String>,
}

/// Lowercase words joined by single spaces; format placeholders (`%s`,
/// `{}`, `{name}`, `%v`) and punctuation are gaps.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut gap = true;
    while let Some(c) = chars.next() {
        if c == '%' && skip_printf_spec(&mut chars) {
            gap = true;
        } else if c == '{' {
            for n in chars.by_ref() {
                if n == '}' {
                    break;
                }
            }
            gap = true;
        } else if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            out.extend(c.to_lowercase());
            gap = false;
        } else {
            gap = true;
        }
    }
    out
}

/// After a `%`: skips a printf conversion specification (`%s`, `%d`,
/// `%.1f`, `%-8s`, `%5.2lf`, `%*d`, `%08x`: flags, width, precision,
/// length, then the conversion letter, as C's and Python's `%` formatting
/// define it) and says whether there was one. Nothing is consumed when
/// there was not (`100%`, `%%`).
fn skip_printf_spec(chars: &mut std::iter::Peekable<std::str::Chars>) -> bool {
    let mut ahead = chars.clone();
    skip_while(&mut ahead, |c| "-+#0".contains(c));
    skip_while(&mut ahead, |c| c.is_ascii_digit() || c == '*');
    if ahead.peek() == Some(&'.') {
        ahead.next();
        skip_while(&mut ahead, |c| c.is_ascii_digit() || c == '*');
    }
    // Length modifiers (`l`, `ll`, `h`, `z`) come before the conversion.
    let mut with_length = ahead.clone();
    for _ in 0..2 {
        if with_length.peek().is_some_and(|c| "hlLqjzt".contains(*c)) {
            with_length.next();
        }
    }
    if with_length
        .peek()
        .is_some_and(|c| "diouxXeEfFgGaAcspn".contains(*c))
    {
        ahead = with_length;
    } else if !ahead.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    // The conversion letter (Go's `%v`, `%q` and Python's `%r` too).
    ahead.next();
    *chars = ahead;
    true
}

/// Skips up to 8 characters that pass `ok` (a spec is a handful of them).
fn skip_while(chars: &mut std::iter::Peekable<std::str::Chars>, ok: impl Fn(char) -> bool) {
    for _ in 0..8 {
        if !chars.peek().is_some_and(|c| ok(*c)) {
            break;
        }
        chars.next();
    }
}

/// A template's text as `observed` compares it.
pub fn template_text(template: &str) -> String {
    normalize(&template.replace("<*>", " "))
}

/// A template's constant pieces, normalised, with an empty piece for each
/// run of variable parts: `inbound results not filed after <*>` →
/// `["inbound results not filed after", ""]`.
pub fn template_pieces(template: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (index, part) in template.split("<*>").enumerate() {
        if index > 0 && out.last().is_none_or(|p| !p.is_empty()) {
            out.push(String::new());
        }
        let part = normalize(part);
        if !part.is_empty() {
            out.push(part);
        }
    }
    out
}

/// The string literals of `added` lines (double- or single-quoted, or
/// back-ticked), each as its constant pieces between format placeholders,
/// normalised, when they hold `MIN_WORDS` words and `MIN_CHARS` characters;
/// at most `MAX_LITERALS`.
pub fn literals(added: &str) -> Vec<Vec<String>> {
    let mut out = BTreeSet::new();
    let lines: Vec<&str> = added.lines().collect();
    // A call spread over lines (`warn!(id = %id,` … `"contact not
    // completed");`, structlog's and tracing's message after the fields):
    // its later lines are inside it.
    let in_call = super::logging_only::logging_call_lines(&lines);
    let logged = super::logged_variables::logged_assignments(&lines);
    for (i, line) in lines.iter().enumerate() {
        let continues_call =
            logged[i] || in_call[i] && !super::logging_only::opens_logging_call(line.trim());
        for quote in ['"', '\'', '`'] {
            let parts: Vec<&str> = line.split(quote).collect();
            // Inside the quotes: every other part, when the quote closes;
            // only a logging call's message (the text before it opens the
            // call, or a later line of a call already open).
            let closed = (parts.len() - 1) / 2;
            for index in (1..parts.len()).step_by(2).take(closed) {
                if !continues_call && !is_logging_call(parts[index - 1]) {
                    continue;
                }
                let pieces = pieces(parts[index]);
                let words: usize = pieces.iter().map(|p| p.split(' ').count()).sum();
                let chars: usize = pieces.iter().map(String::len).sum();
                if words >= MIN_WORDS && chars >= MIN_CHARS && out.len() < MAX_LITERALS {
                    out.insert(pieces);
                }
            }
        }
    }
    out.into_iter().collect()
}

/// Functions that build a string from a format and arguments, by the names
/// the standard libraries give them (C/PHP/Go `sprintf`, Java/.NET/Python/Rust
/// `format`, PHP `vsprintf`).
const FORMATTERS: &[&str] = &["sprintf", "vsprintf", "format"];

/// Whether `before` (a line up to a string's opening quote) ends by opening
/// a call to a logging function: one named for a level or for logging and
/// printing (`logger.Warn(`, `log.warning(`, `console.error(`, `slog.Info(`,
/// `fmt.Printf(`, `warn!(`, `LOG.info(`), the names logging libraries of
/// every language share. The SQL a migration executes or a path a router
/// serves is text the logs may echo, but not a message the change wrote.
pub(super) fn is_logging_call(before: &str) -> bool {
    // The level names of the logging APIs, as their documentation lists
    // them: syslog's (notice, critical), log4j/SLF4J/Python's, Serilog's
    // (Verbose, Information), java.util.logging's (severe, fine, finer, finest).
    const NAMES: &[&str] = &[
        "log",
        "print",
        "trace",
        "verbose",
        "debug",
        "fine",
        "finer",
        "finest",
        "info",
        "information",
        "notice",
        "warn",
        "warning",
        "error",
        "severe",
        "fatal",
        "critical",
        "exception",
    ];
    let before = without_leading_argument(before);
    let Some(call) = before.trim_end().strip_suffix('(') else {
        return false;
    };
    let call = call.trim_end().trim_end_matches('!');
    let name = call
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    // A message built by a formatting call handed straight to the logger
    // (PHP `$log->warning(sprintf('…`, Java `log.warn(String.format("…`, Go
    // `log.Print(fmt.Sprintf("…`, Rust `info!("{}", format!("…`): the
    // logger's call is the one that opens before the formatter's.
    if FORMATTERS.contains(&name.as_str()) {
        let outer = &call[..call.len() - name.len()];
        let outer = outer
            .trim_end_matches(|c: char| {
                c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == ':' || c == '\\'
            })
            .trim_end();
        return is_logging_call(outer);
    }
    // Go's printf family and zap's sugared logger (`Errorf`, `Println`,
    // `Infow`), slog's context forms (`ErrorContext`), and .NET ILogger's
    // extension methods (`LogError`, `LogInformation`).
    let name = name
        .strip_prefix("log")
        .filter(|rest| NAMES.contains(rest))
        .unwrap_or(&name);
    let name = name
        .strip_suffix("context")
        .filter(|rest| NAMES.contains(rest))
        .unwrap_or(name);
    let base = ["ln", "f", "w"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix).filter(|b| NAMES.contains(b)))
        .unwrap_or(name);
    NAMES.contains(&base)
}

/// `before` without one plain argument ahead of the message: the APIs that
/// take the exception or the context first (.NET ILogger's `LogError(ex,
/// "…")`, Serilog's `Log.Error(ex, "…")`, JBoss Logging's `errorf(e, "…")`,
/// slog's `ErrorContext(ctx, "…")`, log4j's `error(marker, "…")`) still
/// write the message that follows. Only a name (`ex`, `this.ctx`, `$e`) is
/// taken for such an argument; anything else leaves `before` as it is.
fn without_leading_argument(before: &str) -> &str {
    // A Python string prefix (`f"…"`, `rf"…"`) is part of the literal.
    let before = match before.trim_end_matches(['f', 'F', 'r', 'R', 'b', 'B', 'u', 'U']) {
        stripped if stripped.len() + 2 >= before.len() && stripped.trim_end().ends_with('(') => {
            stripped
        }
        _ => before,
    };
    let Some(rest) = before.trim_end().strip_suffix(',') else {
        return before;
    };
    let rest = rest.trim_end();
    let argument =
        rest.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'));
    if argument.len() == rest.len() || !argument.trim_end().ends_with('(') {
        return before;
    }
    argument
}

/// A format string's constant pieces: split at `%s`-style and `{…}`
/// placeholders, each normalised, empty ones dropped.
fn pieces(format: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        let placeholder = if c == '%' && skip_printf_spec(&mut chars) {
            true
        } else if c == '{' {
            chars.by_ref().take_while(|n| *n != '}').for_each(drop);
            true
        } else {
            current.push(c);
            false
        };
        if placeholder {
            out.push(normalize(&std::mem::take(&mut current)));
        }
    }
    out.push(normalize(&current));
    out.retain(|p| !p.is_empty());
    out
}

/// The templates whose records folded a word (the frames of the traces
/// logged with their messages); `None` once more than
/// `HEADS_PER_FOLDED_WORD` did: such a word is everyone's (a framework's
/// frames), not one message's.
pub type FoldedHeads = Option<Vec<crate::ingest::mine::TemplateId>>;
const HEADS_PER_FOLDED_WORD: usize = 8;

/// Notes that a record of template `head` folded `word` (the word is copied
/// only the first time: this runs for every frame word of every record).
pub(super) fn note_folded_head(
    heads: &mut std::collections::HashMap<String, FoldedHeads>,
    word: &str,
    head: crate::ingest::mine::TemplateId,
) {
    let Some(entry) = heads.get_mut(word) else {
        heads.insert(word.to_string(), Some(vec![head]));
        return;
    };
    match entry {
        Some(list) if list.contains(&head) => {}
        Some(list) if list.len() < HEADS_PER_FOLDED_WORD => list.push(head),
        Some(_) => *entry = None,
        None => {}
    }
}

/// The templates (indices) whose text one of `literals` could have written:
/// every constant piece of the literal in it, in order, as whole words.
pub fn observed(literals: &[Vec<String>], sources: &WordSources) -> BTreeSet<usize> {
    sources
        .templates
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            literals
                .iter()
                .any(|pieces| writes(pieces, &t.text) || instance_of(pieces, &t.pieces))
        })
        .map(|(i, _)| i)
        .collect()
}

fn writes(pieces: &[String], text: &str) -> bool {
    let mut rest = text;
    for piece in pieces {
        match find_words(rest, piece) {
            Some(end) => rest = &rest[end..],
            None => return false,
        }
    }
    true
}

/// Whether a literal's text is a line of the template: the template's
/// constant pieces in order, as whole words, the first at the literal's start
/// unless a variable part comes before it, the last at its end unless one
/// comes after. The miner masks what varies, a number in the message
/// (`not filed after 10 min` → `not filed after <*>`) as much as a
/// placeholder's value, so the message a commit writes may be wider than the
/// template's constant text. The template's constant text must itself be a
/// message (`MIN_WORDS`, `MIN_CHARS`).
fn instance_of(literal: &[String], pieces: &[String]) -> bool {
    let constant = pieces.iter().filter(|p| !p.is_empty());
    let words: usize = constant.clone().map(|p| p.split(' ').count()).sum();
    let chars: usize = constant
        .map(|p| p.chars().filter(|c| *c != ' ').count())
        .sum();
    if words < MIN_WORDS || chars < MIN_CHARS {
        return false;
    }
    let text = literal.join(" ");
    let mut rest = text.as_str();
    let mut after_gap = false;
    for piece in pieces {
        if piece.is_empty() {
            after_gap = true;
            continue;
        }
        let end = if after_gap {
            find_words(rest, piece)
        } else {
            let rest_after = rest.trim_start().strip_prefix(piece.as_str());
            rest_after
                .filter(|after| after.is_empty() || after.starts_with(' '))
                .map(|after| rest.len() - after.len())
        };
        match end {
            Some(end) => rest = &rest[end..],
            None => return false,
        }
        after_gap = false;
    }
    after_gap || rest.trim().is_empty()
}

/// Where `needle` ends in `haystack`, found as whole words.
fn find_words(haystack: &str, needle: &str) -> Option<usize> {
    haystack.match_indices(needle).find_map(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        (before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' '))
            .then_some(at + needle.len())
    })
}

/// The templates whose message one of `commits` writes (`observed`).
pub fn written_by<'a>(
    commits: impl Iterator<Item = &'a Commit>,
    sources: &WordSources,
) -> std::collections::HashSet<crate::ingest::mine::TemplateId> {
    commits
        .flat_map(|commit| observed(&commit.literals, sources))
        .filter_map(|index| sources.templates.get(index).map(|t| t.id))
        .collect()
}

/// The words of `words` that rest only on the `observed` templates and on
/// paths only those templates named.
pub fn observed_only<'a>(
    words: impl Iterator<Item = &'a String>,
    sources: &WordSources,
    observed: &BTreeSet<usize>,
) -> BTreeSet<String> {
    let path_observed = |path: &String| {
        let naming: Vec<usize> = sources
            .templates
            .iter()
            .enumerate()
            .filter(|(_, t)| t.paths.contains(path))
            .map(|(i, _)| i)
            .collect();
        !naming.is_empty() && naming.iter().all(|i| observed.contains(i))
    };
    words
        .filter(|word| {
            let templates = sources.by_template.get(*word);
            let paths = sources.by_path.get(*word);
            let sourced =
                templates.is_some_and(|t| !t.is_empty()) || paths.is_some_and(|p| !p.is_empty());
            sourced
                && !sources.other.contains(*word)
                && templates.is_none_or(|t| t.iter().all(|i| observed.contains(i)))
                && paths.is_none_or(|p| p.iter().all(path_observed))
        })
        .cloned()
        .collect()
}

/// The incident's word stems as `commit` may share them — without the
/// words that rest only on messages it wrote — and the reason to show, when
/// it wrote one of the incident's messages.
pub fn stems_for(commit: &Commit, clues: &IncidentClues) -> Option<(ClueStems, String)> {
    let written = observed(&commit.literals, &clues.sources);
    let first = *written.iter().next()?;
    // What it wrote before it reworded the message is the same report in
    // older words (the line a rollback brings back).
    let mut reported = written;
    reported.extend(observed(&commit.removed_literals, &clues.sources));
    let dropped = observed_only(clues.words.keys(), &clues.sources, &reported);
    let stems = stems_of(clues.words.iter().filter(|(w, _)| !dropped.contains(*w)));
    let mut names: Vec<&str> = dropped.iter().map(String::as_str).take(6).collect();
    if names.is_empty() {
        names.push("none");
    }
    let reason = format!(
        "writes the message of the incident's lines (\"{}\"): a change that reports an event is not its cause, so the words it shares only through them are not counted ({})",
        clues.sources.templates[first].text,
        names.join(", ")
    );
    Some((stems, reason))
}

#[cfg(test)]
#[path = "observer_tests.rs"]
mod tests;
