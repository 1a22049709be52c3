//! Reading input files as lines: invalid UTF-8 is kept (lossy) and over-long
//! lines are truncated with a visible marker — nothing is dropped silently.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Marker appended to a truncated line: `…[truncated N bytes]`.
pub fn truncation_marker(dropped: usize) -> String {
    format!("…[truncated {dropped} bytes]")
}

#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct ReadError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Reads a file (or stdin for `-`) into lossy UTF-8 lines.
pub fn read_lines(path: &Path) -> Result<Vec<String>, ReadError> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    result.map_err(|source| ReadError {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(split_lines(
        &bytes,
        super::EngineConfig::default().max_line_bytes,
    ))
}

/// Splits bytes on `\n` (dropping a trailing `\r`) into lossy UTF-8 lines, each at most `max_line_bytes`.
pub fn split_lines(bytes: &[u8], max_line_bytes: usize) -> Vec<String> {
    let mut lines: Vec<String> = bytes
        .split(|b| *b == b'\n')
        .map(|line| decode_line(line.strip_suffix(b"\r").unwrap_or(line), max_line_bytes).0)
        .collect();
    if bytes.ends_with(b"\n") {
        lines.pop();
    }
    lines
}

/// Lossy-decodes one line, truncating it at `max_line_bytes` with a marker.
/// Returns the text and (lossy, truncated) flags.
pub fn decode_line(line: &[u8], max_line_bytes: usize) -> (String, bool, bool) {
    let (text, lossy, truncated) = decode_line_borrowed(line, max_line_bytes);
    (text.into_owned(), lossy, truncated)
}

/// Like `decode_line`, borrowing the bytes when they are valid UTF-8 and short
/// enough (the common case: no allocation).
pub fn decode_line_borrowed(line: &[u8], max_line_bytes: usize) -> (Cow<'_, str>, bool, bool) {
    let truncated = line.len() > max_line_bytes;
    let kept = if truncated {
        &line[..max_line_bytes]
    } else {
        line
    };
    let (text, lossy) = match std::str::from_utf8(kept) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => (String::from_utf8_lossy(kept), true),
    };
    if truncated {
        let mut text = text.into_owned();
        // Cutting inside a multi-byte character leaves a replacement char; that is fine and visible.
        text.push_str(&truncation_marker(line.len() - max_line_bytes));
        return (Cow::Owned(text), lossy, true);
    }
    (text, lossy, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_kept_and_long_lines_marked() {
        let (text, lossy, truncated) = decode_line(b"ok \xff\xfe bytes", 100);
        assert!(lossy && !truncated && text.starts_with("ok ") && text.ends_with(" bytes"));
        let (text, _, truncated) = decode_line(&[b'a'; 50], 10);
        assert!(truncated);
        assert_eq!(text, format!("aaaaaaaaaa{}", truncation_marker(40)));
        assert_eq!(split_lines(b"a\r\nb\n\nc", 10), vec!["a", "b", "", "c"]);
    }
}
