//! A message built in a variable and then logged is a message the change
//! writes. Code that both logs and throws a message, or that logs it with
//! context, builds it once (`val msg = "TSA rejected … ${status}"`, `msg =
//! f"…"`, `message := fmt.Sprintf("…")`) and hands the name to the logger
//! (`log.warn("{} [tsa={}]", msg, url)`, `logger.error(msg)`). The logging
//! call's own literal is then only the frame; the words are in the
//! assignment. So an added line that binds a name to a string literal is
//! read as a message when an added logging call of the same run names it.

use super::logging_only::{assigned_name, identifiers, logging_call_lines, opens_logging_call};

/// Which of `lines` (one run of added lines) bind a name, to a literal, that
/// a logging call among them passes on.
pub(super) fn logged_assignments(lines: &[&str]) -> Vec<bool> {
    let in_call = logging_call_lines(lines);
    let mut logged_names: Vec<&str> = Vec::new();
    for (line, _) in lines.iter().zip(&in_call).filter(|(_, inside)| **inside) {
        let line = line.trim();
        // The callee's own name (`log.warn`) is not an argument.
        let arguments = match line.find('(') {
            Some(open) if opens_logging_call(line) => &line[open + 1..],
            _ => line,
        };
        logged_names.extend(identifiers(arguments));
    }
    lines
        .iter()
        .map(|line| {
            let line = line.trim();
            binds_literal(line)
                .and_then(|_| assigned_name(line))
                .is_some_and(|name| logged_names.contains(&name))
        })
        .collect()
}

/// The part after a lone `=` (or `:=`) when it opens a string literal,
/// possibly with a string prefix (`f"`, `$"`) or inside a formatting call
/// (`String.format("`, `fmt.Sprintf("`, `sprintf('`).
fn binds_literal(line: &str) -> Option<&str> {
    let (_, value) = line.split_once('=')?;
    let value = value.trim_start();
    if value.starts_with(['=', '>', '~']) {
        return None;
    }
    let value =
        value.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || "_.$@:".contains(c));
    let value = value.strip_prefix('(').unwrap_or(value);
    value.starts_with(['"', '\'', '`']).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::logged_assignments;

    #[test]
    fn a_literal_bound_to_a_name_the_logger_is_handed_is_a_message() {
        let kotlin = [
            "val msg = \"TSA rejected timestamp request (PKIStatus ${status})\"",
            "log.warn(\"{} [tsa={}]\", msg, props.url)",
            "throw TsaException(msg)",
        ];
        assert_eq!(logged_assignments(&kotlin), [true, false, false]);
        let python = [
            "message = f\"order {order.id} not filed after {age}\"",
            "logger.error(message)",
        ];
        assert_eq!(logged_assignments(&python), [true, false]);
        let go = [
            "msg := fmt.Sprintf(\"shard %d lagging by %s\", id, lag)",
            "log.Printf(\"%s\", msg)",
        ];
        assert_eq!(logged_assignments(&go), [true, false]);
    }

    #[test]
    fn a_literal_nothing_logs_is_not_a_message() {
        let lines = [
            "query = \"SELECT id FROM orders WHERE state = 'open'\"",
            "rows = db.execute(query)",
            "log.info(\"fetched orders\")",
        ];
        assert_eq!(logged_assignments(&lines), [false, false, false]);
        // Comparing is not binding.
        let lines = ["if reason == \"expired card\" {", "log.warn(reason)"];
        assert_eq!(logged_assignments(&lines), [false, false]);
    }
}
