//! Multi-line records: which physical lines continue the record before them.
//! A stack trace is one event, so its lines fold into the record that starts
//! it (per source), and it is mined, counted and shown as one.
//!
//! Java and Python traces are recognised line by line: indented frames,
//! `Caused by:`, `... N more`, `Traceback (most recent call last):` and a
//! bare exception header printed after its log line. Go's runtime prints its
//! traces in a documented block (runtime/traceback.go, `panic` and `throw`):
//!
//! ```text
//! panic: runtime error: invalid memory address or nil pointer dereference
//! [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f2d6]
//!
//! goroutine 1 [running]:
//! main.lookup(...)
//!         /src/main.go:12 +0x1d
//! created by main.start in goroutine 1
//!         /src/main.go:30 +0x2c
//! exit status 2
//! ```
//!
//! Its function lines (`main.lookup(...)`) are not indented, so they are
//! recognised only inside such a block, which a `panic:`/`fatal error:` line
//! or a `goroutine N [status]:` header opens (net/http logs a recovered panic
//! as one log line followed by the `goroutine` block). That state lives in
//! `TraceState`, one per record being collected.

use super::find_timestamp;
use super::LogLevel;

/// What the folder knows about the record it is collecting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TraceState {
    /// Inside a Go runtime trace: unindented function lines belong to it.
    in_go_trace: bool,
}

impl TraceState {
    /// The state of a record whose first line is `line`.
    pub fn start(line: &str) -> TraceState {
        TraceState {
            in_go_trace: go_crash_level(line).is_some(),
        }
    }

    /// Whether `line` continues the record; moves the state along.
    pub fn continues(&mut self, line: &str) -> bool {
        if is_goroutine_header(line) {
            self.in_go_trace = true;
            return true;
        }
        if self.in_go_trace {
            if is_exit_status(line) {
                // `go run` ends the crash output with the process's status.
                self.in_go_trace = false;
                return true;
            }
            if line.trim().is_empty()
                || line.starts_with("created by ")
                || line.starts_with("[signal ")
                || line.starts_with("...additional frames elided...")
                || line.starts_with("runtime stack:")
                || is_go_function_line(line)
            {
                return true;
            }
        }
        is_continuation(line)
    }
}

/// The level of a Go crash's first line: `panic: …` and `fatal error: …`
/// (the runtime's `throw`) end the process.
pub fn go_crash_level(line: &str) -> Option<LogLevel> {
    (line.starts_with("panic: ") || line.starts_with("fatal error: ")).then_some(LogLevel::Fatal)
}

/// `goroutine 1 [running]:`, `goroutine 7 gp=0xc000007c0 m=0 mp=0x5b2e0 [chan receive]:`.
fn is_goroutine_header(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("goroutine ") else {
        return false;
    };
    let id_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    id_len > 0 && rest[id_len..].starts_with(' ') && rest.contains(" [") && rest.ends_with("]:")
}

/// `exit status 2`.
fn is_exit_status(line: &str) -> bool {
    line.strip_prefix("exit status ")
        .is_some_and(|code| !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()))
}

/// A frame's function line: `pkg/path.Func(args)`, `pkg.(*T).Method(...)`,
/// `main.main.func1()`, `panic({0x9c1b20?, 0xe3c4d0?})`: a name without
/// spaces followed by one argument list that ends the line.
fn is_go_function_line(line: &str) -> bool {
    let Some(without_close) = line.strip_suffix(')') else {
        return false;
    };
    // The argument list holds hex words, `{…}` and `...`, never parentheses.
    let Some(open) = without_close.rfind('(') else {
        return false;
    };
    if without_close[open + 1..].contains(')') {
        return false;
    }
    let name = &line[..open];
    !name.is_empty()
        && !name.contains(char::is_whitespace)
        && (name.contains('.') || name == "panic")
}

/// Stack-trace continuation lines outside a Go block (Java `\tat`, `Caused
/// by:`, `... N more`, Python `  File`, Go's indented file lines — anything indented).
fn is_continuation(line: &str) -> bool {
    line.starts_with([' ', '\t'])
        || line.starts_with("Caused by:")
        || line.starts_with("... ")
        || line.starts_with("Traceback (most recent call last)")
        || (line.starts_with("at ") && line.contains('('))
        || is_exception_header(line)
}

/// `org.postgresql.util.PSQLException: …`, `java.lang.IllegalStateException`,
/// `ValueError: …`: the first line of a trace printed after its log line.
fn is_exception_header(line: &str) -> bool {
    let name = line.split([':', ' ']).next().unwrap_or("");
    let simple = name.rsplit('.').next().unwrap_or("");
    (simple.ends_with("Exception") || simple.ends_with("Error"))
        && name.len() > simple.len().min(name.len()).saturating_sub(1)
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '$' | '_'))
        && find_timestamp(line).0.is_none()
}

#[cfg(test)]
mod tests;
