//! What a record's stack trace says was thrown. A Java, .NET or Python error
//! record is mined on its first line (`Error processing append operation on
//! partition <*>`), and the exception that says *why* sits in a continuation
//! line (`NotEnoughReplicasException: The size of the current ISR … is
//! insufficient …`). The evidence pack shows a template's exception lines
//! beside its exemplars, so the reader (and the model) sees the cause the
//! service reported, not only the symptom it logged first.
//!
//! An exception line is told by the naming convention these runtimes share
//! for what they throw — a type name ending in `Exception`, `Error`, `Fault`
//! or `Failure`, optionally namespaced and after `Caused by:` (Java) or
//! `--->` (.NET's inner exception), followed by `:` and its message — or by
//! Go's `panic:`, or by Elixir's banner (`Exception.format_banner`: `**
//! (RuntimeError) message`, `** (exit) exited in: GenServer.call(…)` and
//! the reason under it, `** (EXIT) time out`). Frames (`at …`, `File "…"`,
//! `(app 1.2.0) lib/a.ex:7: A.f/1`) are not.

/// Distinct exception lines kept per template.
pub const MAX_CAUSES: usize = 2;
/// Continuation lines of one record looked at (a trace can be hundreds deep;
/// the thrown types are at its head and in its `Caused by` lines).
const MAX_LINES_PER_RECORD: usize = 64;

/// The exception lines among `record`'s continuation lines, trimmed.
pub fn exception_lines(record: &str) -> impl Iterator<Item = &str> {
    record
        .lines()
        .skip(1)
        .take(MAX_LINES_PER_RECORD)
        .map(str::trim)
        .filter(|line| is_exception_line(line))
}

/// The first and the last exception line of `record` (one when they are the
/// same): the error as thrown and the innermost cause it wraps. A chain
/// prints them at its two ends — Java and .NET the thrown one first and the
/// root cause last (`Caused by:`, `--->`), Python the other way round — so the
/// two ends hold both, whatever the runtime, and the links between them
/// (`CannotCreateTransactionException` wrapping the pool timeout) are what
/// `MAX_CAUSES` leaves out.
pub fn outer_and_inner(record: &str) -> impl Iterator<Item = &str> {
    two_ends(exception_lines(record))
}

/// The first and the last of `lines` (one when there is one).
fn two_ends<'a>(mut lines: impl Iterator<Item = &'a str>) -> impl Iterator<Item = &'a str> {
    let first = lines.next();
    let last = lines.last();
    first.into_iter().chain(last)
}

/// The exception lines at the two ends of `trace` — a stack trace held in a
/// structured line's error field (`exc_info`, `stack_trace`), whose first
/// line may itself be the exception (.NET, Java) or `Traceback (most recent
/// call last):` (Python).
pub fn thrown_in(trace: &str) -> impl Iterator<Item = &str> {
    two_ends(
        trace
            .lines()
            .take(MAX_LINES_PER_RECORD)
            .map(str::trim)
            .filter(|line| is_exception_line(line)),
    )
}

/// The frame that raised the innermost exception of `trace`: where the code
/// failed, which the evidence pack shows beside what was thrown. Python
/// prints it just above the exception (`File "app/periods.py", line 29, in
/// same_day_last_month`) with the failing source line under it, which is
/// kept after a colon (`…: return day.replace(month=day.month - 1)`); Java
/// and .NET just below it (`at a.B.c(B.java:12)`).
pub fn raising_frame(trace: &str) -> Option<String> {
    let lines: Vec<&str> = trace
        .lines()
        .take(MAX_LINES_PER_RECORD)
        .map(str::trim)
        .collect();
    let innermost = lines.iter().rposition(|line| is_exception_line(line))?;
    // CPython folds a recursion into `[Previous line repeated N more
    // times]` under the frame that calls itself: that frame is where the
    // code went wrong, the raising one only where the stack ran out. It is
    // named right after the raising frame, before the (long) source line.
    let recursing = lines[..innermost]
        .iter()
        .position(|line| line.starts_with("[Previous line repeated"))
        .and_then(|marker| {
            lines[..marker]
                .iter()
                .rev()
                .find(|line| line.starts_with("File \""))
        });
    let python = lines[..innermost]
        .iter()
        .enumerate()
        .rev()
        .take(4)
        .find(|(_, line)| line.starts_with("File \""))
        .map(|(at, frame)| {
            let frame = match recursing.filter(|r| *r != frame) {
                Some(recursing) => format!("{frame} (recursing at {recursing})"),
                None => (*frame).to_string(),
            };
            match python_source_line(&lines[at + 1..innermost]) {
                Some(source) => format!("{frame}: {source}"),
                None => frame,
            }
        });
    let below = || {
        lines[innermost + 1..]
            .iter()
            .find(|line| line.starts_with("at "))
            .map(|line| (*line).to_string())
    };
    python.or_else(below)
}

/// The source line Python prints under a frame: the first line after it,
/// unless that is another frame or the caret line that marks a span
/// (`^^^^`, `~~~^~~~`, PEP 657).
fn python_source_line<'a>(after_frame: &[&'a str]) -> Option<&'a str> {
    let line = after_frame.first()?;
    let is_marker = line.chars().all(|c| matches!(c, '^' | '~' | ' '));
    (!line.is_empty() && !line.starts_with("File \"") && !is_marker).then_some(*line)
}

fn is_exception_line(line: &str) -> bool {
    if let Some(message) = line.strip_prefix("panic: ") {
        return !message.trim().is_empty();
    }
    if let Some(banner) = line.strip_prefix("** (") {
        return banner.split_once(')').is_some_and(|(kind, message)| {
            !kind.is_empty()
                && kind
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_'))
                && !message.trim().is_empty()
        });
    }
    let line = line
        .strip_prefix("Caused by:")
        .or_else(|| line.strip_prefix("--->"))
        .unwrap_or(line)
        .trim_start();
    let Some((name, message)) = line.split_once(':') else {
        return false;
    };
    let is_type_path = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '$' | '_'));
    let type_name = name.rsplit(['.', '$']).next().unwrap_or(name);
    let thrown = ["Exception", "Error", "Fault", "Failure"]
        .iter()
        .any(|suffix| type_name.ends_with(suffix));
    let starts_upper = type_name.starts_with(|c: char| c.is_ascii_uppercase());
    is_type_path && thrown && starts_upper && !message.trim().is_empty()
}

/// A key under which exception lines count as the same cause: the thrown
/// type, when the line names one (`a.b.KeyNotFoundException: kid 'x7Fq…'
/// not found` — messages carry ids, key ids and times that would make every
/// line distinct); else the line with its numbers as `#` (a partition, an
/// offset, a size).
pub fn shape(line: &str) -> String {
    let (chained, thrown) = match line.strip_prefix("Caused by: ") {
        Some(rest) => ("Caused by: ", rest),
        None => ("", line),
    };
    if let Some((kind, _)) = thrown.split_once(": ") {
        if !kind.is_empty() && !kind.contains(' ') {
            return format!("{chained}{kind}");
        }
    }
    let mut out = String::with_capacity(line.len());
    let mut in_number = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_lends_its_two_ends() {
        let java = "ERROR request failed\njavax.net.ssl.SSLHandshakeException: PKIX path building failed\n\tat a.B.c(B.java:1)\nCaused by: sun.security.validator.ValidatorException: validation failed\nCaused by: java.security.cert.CertificateExpiredException: NotAfter: Tue Dec 15";
        let ends: Vec<&str> = outer_and_inner(java).collect();
        assert_eq!(
            ends,
            [
                "javax.net.ssl.SSLHandshakeException: PKIX path building failed",
                "Caused by: java.security.cert.CertificateExpiredException: NotAfter: Tue Dec 15"
            ]
        );
        let one = "ERROR x\njava.lang.IllegalStateException: closed\n\tat a.B.c(B.java:1)";
        assert_eq!(outer_and_inner(one).count(), 1);
        assert_eq!(outer_and_inner("INFO fine").count(), 0);
    }

    #[test]
    fn thrown_types_and_panics_are_exception_lines_frames_are_not() {
        let java = "ERROR Error processing append operation\norg.apache.kafka.common.errors.NotEnoughReplicasException: The size of the current ISR Set(1) is insufficient\n\tat kafka.cluster.Partition.append(Partition.scala:1)\nCaused by: java.io.IOException: Broken pipe";
        let found: Vec<&str> = exception_lines(java).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("org.apache.kafka"));
        assert_eq!(found[1], "Caused by: java.io.IOException: Broken pipe");
        let dotnet = "[ERR] Thumbnail read failed\nAmazon.S3.AmazonS3Exception: We encountered an internal error. Please try again.\n ---> Amazon.Runtime.Internal.HttpErrorResponseException: Exception of type 'X' was thrown.\n   at Amazon.Runtime.X()";
        assert_eq!(exception_lines(dotnet).count(), 2);
        let python = "ERROR failed\nTraceback (most recent call last):\n  File \"app.py\", line 3, in <module>\nValueError: invalid literal for int() with base 10: 'x'";
        let found: Vec<&str> = exception_lines(python).collect();
        assert_eq!(
            found,
            ["ValueError: invalid literal for int() with base 10: 'x'"]
        );
        assert_eq!(
            exception_lines("x\npanic: runtime error: index out of range").count(),
            1
        );
        // Elixir: an exit's banner and its reason; frames are not causes.
        let elixir = "#PID<0.876.0> running Web.Endpoint (connection #PID<0.343.0>, stream id 1) terminated\nRequest: POST /v1/validate\n** (exit) exited in: GenServer.call(App.Passback, {:check, 8746}, 5000)\n    ** (EXIT) time out\n    (elixir 1.17.3) lib/gen_server.ex:1128: GenServer.call/3";
        let found: Vec<&str> = outer_and_inner(elixir).collect();
        assert_eq!(
            found,
            [
                "** (exit) exited in: GenServer.call(App.Passback, {:check, 8746}, 5000)",
                "** (EXIT) time out"
            ]
        );
        let raised = "x\n** (ArgumentError) errors were found at the given arguments";
        assert_eq!(exception_lines(raised).count(), 1);
    }

    #[test]
    fn look_alikes_are_not_exception_lines() {
        for line in [
            "first\nerror: lowercase is a log level, not a type",
            "first\nGET /errors: 404",
            "first\nMyException:",
            "first\nTraceback (most recent call last):",
            "first\nnote: retrying in 5s",
            "first\n** (unclosed banner",
            "first\n** () nothing thrown",
        ] {
            assert_eq!(exception_lines(line).count(), 0, "{line}");
        }
        // The record's own first line is the template's, not a cause.
        assert_eq!(
            exception_lines("java.lang.IllegalStateException: boom").count(),
            0
        );
    }

    #[test]
    fn a_trace_in_a_field_gives_what_was_thrown_and_where() {
        let python = "Traceback (most recent call last):\n  File \"/app/views.py\", line 12, in today\n    insight = build(day)\n  File \"/app/periods.py\", line 29, in same_day_last_month\n    return day.replace(month=day.month - 1)\n           ^^^^^^^^^^^^^^^^\nValueError: day is out of range for month";
        assert_eq!(
            thrown_in(python).collect::<Vec<_>>(),
            ["ValueError: day is out of range for month"]
        );
        assert_eq!(
            raising_frame(python),
            Some(
                "File \"/app/periods.py\", line 29, in same_day_last_month: return day.replace(month=day.month - 1)"
                    .to_string()
            )
        );
        let java = "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\nCaused by: java.io.IOException: disk\n\tat a.D.e(D.java:7)\n\tat a.B.c(B.java:1)";
        assert_eq!(
            thrown_in(java).collect::<Vec<_>>(),
            [
                "java.lang.IllegalStateException: boom",
                "Caused by: java.io.IOException: disk"
            ]
        );
        assert_eq!(raising_frame(java).as_deref(), Some("at a.D.e(D.java:7)"));
        assert_eq!(raising_frame("no trace here"), None);
    }

    #[test]
    fn a_python_recursion_names_the_frame_that_calls_itself() {
        let trace = "Traceback (most recent call last):\n  File \"/app/groups.py\", line 39, in build_tree\n    pos = _take(s)\n  File \"/app/groups.py\", line 66, in _take\n    return _take(s)\n  File \"/app/groups.py\", line 66, in _take\n    return _take(s)\n  [Previous line repeated 986 more times]\n  File \"/app/groups.py\", line 59, in <genexpr>\n    spec = next(s for s in specs)\nRecursionError: maximum recursion depth exceeded";
        assert_eq!(
            raising_frame(trace).as_deref(),
            Some("File \"/app/groups.py\", line 59, in <genexpr> (recursing at File \"/app/groups.py\", line 66, in _take): spec = next(s for s in specs)")
        );
    }

    #[test]
    fn values_do_not_make_a_line_distinct_but_the_type_does() {
        assert_eq!(
            shape("ISR Set(1) is insufficient for partition orders.events-11"),
            shape("ISR Set(2) is insufficient for partition orders.events-5")
        );
        assert_eq!(
            shape("a.b.KeyNotFoundException: IDX10503: kid 'orkQ8HZrnOgK9QGh' not found"),
            shape("a.b.KeyNotFoundException: IDX10503: kid 'x7Fq2LmN0pQr5sTu' not found")
        );
        assert_ne!(
            shape("java.net.SocketTimeoutException: Read timed out"),
            shape("java.net.ConnectException: Read timed out")
        );
    }
}
