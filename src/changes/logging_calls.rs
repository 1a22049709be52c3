//! Which changed lines of a diff write a message: lines inside a logging
//! call, and lines that reword the message of an error the code already
//! threw.
//!
//! A logging call is followed to its closing parenthesis through the hunk as
//! the file reads on that side of the change, unchanged lines included: a
//! commit that adds a field to `log.error("…",` `exc_info=exc,` `extra={…})`
//! changes only the call's later lines, and they are the call's as much as
//! its first.
//!
//! An error's message is text for whoever reads the log, like a logging
//! call's. A commit that replaces `throw new CarrierException($"NordPost
//! returned {status}")` with the same `throw new CarrierException(` and a
//! longer message (the request id, the body) throws the same error where it
//! did before; only what the log says changed. An error thrown where none was
//! (the change throws that type more often, or less, than before) is
//! behaviour, and is not matched here.

use std::collections::{BTreeMap, BTreeSet};

use super::logging_only::{call_lines, opens_logging_call, ChangedLine};

/// For each of `changes` (changed lines, unchanged context lines `' '` and
/// hunk starts `'H'`, in diff order), whether it is a changed line inside a
/// logging call or a reworded error message.
pub fn message_lines(changes: &[ChangedLine]) -> Vec<bool> {
    let mut out = vec![false; changes.len()];
    let thrown = |side: char| -> BTreeMap<(&str, &str), usize> {
        let mut count = BTreeMap::new();
        for (path, _, text) in changes.iter().filter(|(_, origin, _)| *origin == side) {
            if let Some(head) = error_head(text.trim()) {
                *count.entry((path.as_str(), head)).or_insert(0) += 1;
            }
        }
        count
    };
    // One removed throw for one added, of the same error in the same file:
    // a throw more (or fewer) is an error thrown where none was.
    let (added, removed) = (thrown('+'), thrown('-'));
    let reworded: BTreeSet<(&str, &str)> = added
        .iter()
        .filter(|(key, n)| removed.get(*key) == Some(*n))
        .map(|(key, _)| *key)
        .collect();
    for side in ['+', '-'] {
        let mut run: Vec<usize> = Vec::new();
        let flush = |run: &mut Vec<usize>, out: &mut Vec<bool>| {
            let Some(&first) = run.first() else { return };
            let path = changes[first].0.as_str();
            let texts: Vec<&str> = run.iter().map(|&i| changes[i].2.as_str()).collect();
            let opens = |line: &str| {
                opens_logging_call(line)
                    || error_head(line).is_some_and(|h| reworded.contains(&(path, h)))
            };
            for (k, flag) in call_lines(&texts, opens).into_iter().enumerate() {
                if changes[run[k]].1 == side {
                    out[run[k]] = flag;
                }
            }
            run.clear();
        };
        for (i, (path, origin, _)) in changes.iter().enumerate() {
            let new_file = run.last().is_some_and(|&j| changes[j].0 != *path);
            if *origin == 'H' || new_file {
                flush(&mut run, &mut out);
            }
            if *origin == ' ' || *origin == side {
                run.push(i);
            }
        }
        flush(&mut run, &mut out);
    }
    out
}

/// What a line that throws an error with a message starts with, up to the
/// message: `throw new CarrierException(`, `raise QuotaError(`, `raise
/// Quota::Error, ` (Ruby's class and message), `return nil, fmt.Errorf(`,
/// and a throw that ends an expression: Kotlin's `val user = find(id) ?:
/// throw NotFound(`, C#'s `=> throw new ArgumentException(`. The code before
/// the keyword is part of the head, so it must read the same on both sides.
pub fn error_head(line: &str) -> Option<&str> {
    for keyword in ["throw ", "raise "] {
        let Some(at) = keyword_at(line, keyword) else {
            continue;
        };
        let rest = &line[at + keyword.len()..];
        let type_at = line.len() - rest.strip_prefix("new ").unwrap_or(rest).len();
        let name_len = line[type_at..]
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ':')))?;
        let end = type_at + name_len;
        let after = &line[end..];
        let opens = after.starts_with('(') || (keyword == "raise " && after.starts_with(", "));
        return (name_len > 0 && opens).then(|| &line[..=end]);
    }
    if line.starts_with("return ") {
        for call in ["fmt.Errorf(", "errors.New("] {
            if let Some(at) = line.find(call) {
                return Some(&line[..at + call.len()]);
            }
        }
    }
    None
}

/// Where `keyword` starts a word of the line's code: at its start or after
/// a character that cannot end an identifier (`?: throw`, `=> throw`), and
/// not inside a string (`log.warn("will throw X(")`).
fn keyword_at(line: &str, keyword: &str) -> Option<usize> {
    let mut quoted = None;
    for (at, c) in line.char_indices() {
        match (quoted, c) {
            (Some(q), _) if c == q => quoted = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quoted = Some(c),
            (None, _) => {
                let starts_word = line[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|before| !(before.is_alphanumeric() || before == '_'));
                if starts_word && line[at..].starts_with(keyword) {
                    return Some(at);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(path: &str, origin: char, text: &str) -> ChangedLine {
        (path.to_string(), origin, text.to_string())
    }

    #[test]
    fn a_logging_call_opened_on_an_unchanged_line_holds_its_changed_lines() {
        let changes = vec![
            line("errors.py", 'H', ""),
            line("errors.py", '+', "    orig = getattr(exc, \"orig\", None)"),
            line(
                "errors.py",
                ' ',
                "    log.error(\"database error on %s\", path,",
            ),
            line("errors.py", '-', "              exc_info=exc)"),
            line(
                "errors.py",
                '+',
                "              exc_info=exc, extra={\"sqlstate\": orig.sqlstate})",
            ),
            line("errors.py", ' ', "    return response"),
            line("errors.py", '+', "    retries = 3"),
        ];
        assert_eq!(
            message_lines(&changes),
            vec![false, false, false, true, true, false, false]
        );
        // A hunk start ends the call: the next hunk's lines are not in it.
        let split = vec![
            line("a.py", ' ', "    log.error(\"failed\","),
            line("a.py", 'H', ""),
            line("a.py", '+', "    timeout = 2)"),
        ];
        assert_eq!(message_lines(&split), vec![false, false, false]);
    }

    #[test]
    fn a_reworded_error_is_a_message_and_a_new_one_is_not() {
        let reworded = vec![
            line(
                "Client.cs",
                '-',
                "    throw new CarrierException($\"returned {code}\");",
            ),
            line(
                "Client.cs",
                '+',
                "    throw new CarrierException($\"returned {code} (request {id})\");",
            ),
        ];
        assert_eq!(message_lines(&reworded), vec![true, true]);
        let new_error = vec![
            line("Client.cs", '-', "    return label;"),
            line(
                "Client.cs",
                '+',
                "    throw new CarrierException(\"no label\");",
            ),
        ];
        assert_eq!(message_lines(&new_error), vec![false, false]);
        // Another type thrown is another error.
        let other_type = vec![
            line("a.py", '-', "        raise QuotaError(\"over quota\")"),
            line(
                "a.py",
                '+',
                "        raise RetryableError(\"over quota, retry\")",
            ),
        ];
        assert_eq!(message_lines(&other_type), vec![false, false]);
        // A second throw of the type, in a new branch, is a new error.
        let one_more = vec![
            line(
                "gate.py",
                '-',
                "        raise HTTPException(409, \"NO_LANE\")",
            ),
            line(
                "gate.py",
                '+',
                "        raise HTTPException(409, \"NO_LANE\") from err",
            ),
            line(
                "gate.py",
                '+',
                "        raise HTTPException(500, \"ALLOCATION_ERROR\") from err",
            ),
        ];
        assert_eq!(message_lines(&one_more), vec![false, false, false]);
        assert_eq!(
            error_head("raise Quota::Error, \"over\""),
            Some("raise Quota::Error,")
        );
        assert_eq!(
            error_head("return nil, fmt.Errorf(\"read: %w\", err)"),
            Some("return nil, fmt.Errorf(")
        );
        assert_eq!(error_head("throw e;"), None);
        assert_eq!(
            error_head("val user = users.find(id) ?: throw NotFoundException(\"no user $id\")"),
            Some("val user = users.find(id) ?: throw NotFoundException(")
        );
        assert_eq!(
            error_head("    => throw new ArgumentException($\"bad {x}\");").map(str::trim),
            Some("=> throw new ArgumentException(")
        );
        assert_eq!(error_head("log.warn(\"will throw Quota(now)\")"), None);
        assert_eq!(error_head("rethrow Error(x)"), None);
        assert_eq!(error_head("raise"), None);
    }
}
