//! Lines a logging change brings with it that do nothing else: statements
//! moved (into a `try` whose `catch` only logs and throws on), a variable
//! declared for that `try`, and a loop or condition whose body only logs.

use std::collections::BTreeSet;

use super::{assigned_name, indentation, is_comment, Context};

/// A run of changed lines: file, side, lines, and which write a message.
pub(super) type Group<'a> = (&'a str, char, Vec<&'a str>, Vec<bool>);

/// The statements a change removes and adds again unchanged in the same file
/// (by `statement_key`), inside a `try` block it opens: `queue.Put(msg,
/// pmo);` moved into a new `try` runs as it ran, in the order it ran. A
/// statement moved anywhere else may now run before or after another, or
/// not at all; that is behaviour. Blank and bracket-only lines are not
/// statements.
pub(super) fn moved_statements<'a>(groups: &[Group<'a>]) -> BTreeSet<(&'a str, String)> {
    let is_statement = |line: &str| line.chars().any(|c| c.is_alphanumeric());
    let removed: BTreeSet<(&str, String)> = groups
        .iter()
        .filter(|(_, origin, _, _)| *origin == '-')
        .flat_map(|(path, _, lines, _)| lines.iter().map(move |l| (*path, l.trim())))
        .filter(|(_, line)| is_statement(line))
        .map(|(path, line)| (path, statement_key(line)))
        .collect();
    let mut moved = BTreeSet::new();
    for (path, origin, lines, _) in groups {
        if *origin != '+' {
            continue;
        }
        // The lines after a `try` opener of this run, more indented than it,
        // until the block closes.
        let mut try_indent: Option<usize> = None;
        for line in lines {
            let text = line.trim();
            let indent = indentation(line);
            // Allman style opens the block on the next line (`try` then `{`).
            let closes = !text.is_empty() && text != "{";
            if try_indent.is_some_and(|open| indent <= open && closes) {
                try_indent = None;
            }
            if matches!(text, "try" | "try {" | "try:" | "begin") {
                try_indent = Some(indent);
                continue;
            }
            let key = (*path, statement_key(text));
            if try_indent.is_some() && is_statement(text) && removed.contains(&key) {
                moved.insert(key);
            }
        }
    }
    moved
}

/// A statement as it runs: `QueryResponse response = solr.query(q);` and
/// `response = solr.query(q);` (declared before a `try`) assign the same
/// call's value to the same name.
pub(super) fn statement_key(line: &str) -> String {
    let line = line.trim_end_matches(';').trim_end();
    match (assigned_name(line), line.split_once('=')) {
        (Some(name), Some((_, value))) => format!("{name} = {}", value.trim()),
        _ => line.to_string(),
    }
}

/// `QueryResponse response;`, `List<String> names;`: a type and a name,
/// declared without a value so that a new `try` block can assign it. Two-word
/// statements that act (`return err;`, `break;`) are not declarations.
pub(super) fn is_bare_declaration(line: &str) -> bool {
    let Some(body) = line.strip_suffix(';') else {
        return false;
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    let word = |w: &str| {
        !w.is_empty()
            && w.chars().all(|c| {
                c.is_alphanumeric() || matches!(c, '_' | '<' | '>' | ',' | '.' | '?' | '[' | ']')
            })
    };
    const STATEMENTS: &[&str] = &[
        "return", "break", "continue", "throw", "yield", "goto", "await", "delete",
    ];
    words.len() == 2 && words.iter().all(|w| word(w)) && !STATEMENTS.contains(&words[0])
}

/// The lines of a run that open a loop or a condition whose body only logs
/// (every body line writes a message, binds a value only messages read, or is
/// blank or a comment), with that body and the line that closes it:
/// `for r in bounce["bouncedRecipients"]:` around a warning per recipient,
/// `if took > slow {` around a warning. Whatever the loop or condition
/// reads, it decides only what is written to the log.
pub(super) fn logging_blocks(lines: &[&str], calls: &[bool], context: &Context) -> Vec<bool> {
    let mut block = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if !opens_block(lines[i].trim()) {
            i += 1;
            continue;
        }
        let indent = indentation(lines[i]);
        let only_logs_line = |k: usize| {
            let t = lines[k].trim();
            calls[k]
                || t.is_empty()
                || is_comment(t)
                || assigned_name(t).is_some_and(|n| context.message_words.contains(n))
        };
        // Each arm of the condition (`} else {`, `elif x:`, `else`) is a
        // body of its own; every one must only log.
        let mut end = i + 1;
        let mut closed = false;
        let mut only_logs = true;
        let mut arm_start = i + 1;
        while let Some(next) = lines.get(end) {
            if !next.trim().is_empty() && indentation(next) <= indent {
                let t = next.trim();
                let arm = arm_start..end;
                only_logs &= !arm.is_empty()
                    && arm.clone().all(only_logs_line)
                    && arm.clone().any(|k| calls[k]);
                if indentation(next) == indent && continues_condition(t) {
                    arm_start = end + 1;
                    end += 1;
                    continue;
                }
                closed = indentation(next) == indent && (t == "}" || t == "})" || t == "end");
                break;
            }
            end += 1;
        }
        if end == lines.len() {
            // The run ended inside the last arm (a Python block's dedent).
            let arm = arm_start..end;
            only_logs &=
                !arm.is_empty() && arm.clone().all(only_logs_line) && arm.clone().any(|k| calls[k]);
        }
        // A Python or YAML-like block ends at the dedent; a braced or `end`
        // block must close in this run too.
        let python = lines[i].trim_end().ends_with(':');
        if only_logs && (closed || python) {
            let last = if closed { end } else { end - 1 };
            block[i..=last].iter_mut().for_each(|b| *b = true);
            i = last + 1;
        } else {
            i += 1;
        }
    }
    block
}

/// `} else {`, `} else if (x) {`, `else:`, `elif x:`, `else`, `elsif x`: the
/// next arm of the condition a block opened.
fn continues_condition(line: &str) -> bool {
    let rest = line.trim_start_matches('}').trim_start();
    let first = rest
        .split(|c: char| c.is_whitespace() || c == '(' || c == ':' || c == '{')
        .next()
        .unwrap_or("");
    let arm = matches!(first, "else" | "elif" | "elsif");
    let braced = line.starts_with('}') && rest.ends_with('{');
    let python = !line.starts_with('}') && rest.ends_with(':');
    let ruby = !line.starts_with('}') && matches!(first, "else" | "elsif") && !rest.ends_with('{');
    arm && (braced || python || ruby)
}

/// `for r in xs:`, `if took > slow {`, `for (const r of rows) {`,
/// `batch.filter { … }.forEach { p ->`, `rows.each do |r|`: a loop or
/// condition that opens a block.
fn opens_block(line: &str) -> bool {
    let first = line
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let keyword = matches!(first, "for" | "if" | "foreach" | "unless");
    let iterates = [".forEach", ".each", ".for_each", ".forEachIndexed"]
        .iter()
        .any(|m| line.contains(m));
    let opens = line.ends_with(':')
        || line.ends_with('{')
        || line.ends_with("->")
        || line.ends_with(" do")
        || line.ends_with('|') && line.contains(" do |");
    (keyword || iterates) && opens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_and_declarations() {
        assert_eq!(
            statement_key("QueryResponse response = solr.query(\"c\", q);"),
            statement_key("response = solr.query(\"c\", q);")
        );
        assert!(is_bare_declaration("QueryResponse response;"));
        assert!(is_bare_declaration("List<String> names;"));
        assert!(!is_bare_declaration("return;"));
        assert!(!is_bare_declaration("return err;"));
        assert!(!is_bare_declaration("i++;"));
        assert!(!is_bare_declaration("flush(out);"));
        assert!(opens_block("for r in bounce[\"bouncedRecipients\"]:"));
        assert!(opens_block(
            "batch.filter { it.result == \"DENY\" }.forEach { p ->"
        ));
        assert!(opens_block("if took > slow {"));
        assert!(!opens_block("while True:"));
        assert!(!opens_block("def handle(x):"));
        for arm in [
            "} else {",
            "} else if (x > 1) {",
            "else:",
            "elif x > 1:",
            "else",
            "elsif x",
        ] {
            assert!(continues_condition(arm), "{arm}");
        }
        for other in ["}", "} catch (e) {", "else_count += 1", "return x"] {
            assert!(!continues_condition(other), "{other}");
        }
    }
}
