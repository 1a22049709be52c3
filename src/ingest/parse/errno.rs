//! A line with no level that ends in the C library's description of a
//! failed system call is an error report: the GNU coding standards' form
//! `program: context: strerror` (`cp: cannot create regular file 'x':
//! Read-only file system`), nginx's `(13: Permission denied)`, a shell's
//! `No such file or directory`. The descriptions are the fixed strings
//! `strerror(3)` returns for the errno values of errno(3) (glibc's wording,
//! which musl and the BSDs share for these); a tool that writes one without
//! a level field is still saying that an operation failed. Only the end of
//! the line is read, so a message that merely mentions such words earlier
//! (`retrying after Connection refused, attempt 2`) is left alone.

use crate::ingest::LogLevel;

/// strerror(3) descriptions of the errno values services meet in practice
/// (files, memory, processes, sockets), as glibc words them.
const DESCRIPTIONS: &[&str] = &[
    "Operation not permitted",
    "No such file or directory",
    "Input/output error",
    "Cannot allocate memory",
    "Permission denied",
    "Device or resource busy",
    "File exists",
    "Is a directory",
    "Too many open files",
    "Too many open files in system",
    "No space left on device",
    "Read-only file system",
    "Broken pipe",
    "Resource temporarily unavailable",
    "Disk quota exceeded",
    "Stale file handle",
    "Network is down",
    "Network is unreachable",
    "Connection reset by peer",
    "Connection refused",
    "Connection timed out",
    "No route to host",
    "Address already in use",
    "Cannot assign requested address",
    "Transport endpoint is not connected",
    "Structure needs cleaning",
];

/// Error for a line whose last words are a strerror description after `: `
/// or `(N: `, else None.
pub fn errno_level(line: &str) -> Option<LogLevel> {
    let end = without_errno_number(line.trim_end()).trim_end_matches(['.', ')', ']', '"', '\'']);
    // Every description ends in a lowercase word: most lines are out at
    // one byte, and the rest compare only the descriptions ending in theirs.
    if !end.ends_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let last_word = end.rsplit([' ', '/']).next().unwrap_or(end);
    DESCRIPTIONS
        .iter()
        .filter(|d| d.ends_with(last_word))
        .find_map(|description| {
            let before = end.strip_suffix(description)?;
            let spoken = before.ends_with(": ") || before.ends_with(':');
            spoken.then_some(LogLevel::Error)
        })
}

/// `… No space left on device (28)` → `… No space left on device`: rsync
/// and others add the errno number.
fn without_errno_number(line: &str) -> &str {
    let Some(inner) = line.strip_suffix(')') else {
        return line;
    };
    match inner.rfind('(') {
        Some(open)
            if open + 1 < inner.len() && inner[open + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            inner[..open].trim_end()
        }
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_call_described_at_the_end_of_a_line_is_an_error() {
        for line in [
            "2026-04-23T06:15:02+00:00 mqops01 mqlogarchive[28826]: cp: cannot create regular file '/mqarchive/S0049120.LOG': Read-only file system",
            "2026/05/01 10:00:00 [crit] 12#12: *3 open() \"/var/www/index.html\" failed (13: Permission denied)",
            "rsync: [receiver] write failed on \"/backup/db.dump\": No space left on device (28)",
            "bash: /opt/run.sh: No such file or directory",
        ] {
            assert_eq!(errno_level(line), Some(LogLevel::Error), "{line}");
        }
    }

    #[test]
    fn a_description_elsewhere_in_the_line_or_without_its_colon_is_not() {
        for line in [
            "retrying after Connection refused, attempt 2",
            "docs: what Permission denied means for uploads and how to fix it",
            "health check ok",
            "the FAQ lists Broken pipe",
            "",
        ] {
            assert_eq!(errno_level(line), None, "{line}");
        }
    }
}
