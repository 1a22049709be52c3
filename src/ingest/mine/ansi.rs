//! Terminal colour and cursor codes (ANSI escape sequences, ECMA-48) are how
//! a program painted its output, not what it said: a dev server colours a
//! 404 yellow and a 403 red. The miner reads a line without them, so the
//! same message in two colours is one template.

use std::borrow::Cow;

/// `content` without its escape sequences (borrowed when it has none).
pub fn strip_ansi(content: &str) -> Cow<'_, str> {
    if memchr::memchr(0x1b, content.as_bytes()).is_none() {
        return Cow::Borrowed(content);
    }
    let bytes = content.as_bytes();
    let mut out = String::with_capacity(content.len());
    let mut kept = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(0x1b, &bytes[at..]) {
        let escape = at + found;
        out.push_str(&content[kept..escape]);
        at = escape_end(bytes, escape);
        kept = at;
    }
    out.push_str(&content[kept..]);
    Cow::Owned(out)
}

/// The end of the escape sequence at `escape`: a control sequence (`ESC [`,
/// parameter and intermediate bytes, one final byte), or `ESC` and one byte.
/// All of its bytes are ASCII, so the end is a character boundary.
fn escape_end(bytes: &[u8], escape: usize) -> usize {
    let mut at = escape + 1;
    if bytes.get(at) != Some(&b'[') {
        // ESC and one ASCII byte (a two-byte sequence); ESC alone otherwise.
        return if bytes.get(at).is_some_and(u8::is_ascii_graphic) {
            at + 1
        } else {
            at
        };
    }
    at += 1;
    while bytes.get(at).is_some_and(|b| (0x20..=0x3f).contains(b)) {
        at += 1;
    }
    if bytes.get(at).is_some_and(|b| (0x40..=0x7e).contains(b)) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_codes_go_and_text_stays() {
        assert_eq!(
            strip_ansi("\u{1b}[31m\u{1b}[1mGET /a HTTP/1.1\u{1b}[0m\" 403 -"),
            "GET /a HTTP/1.1\" 403 -"
        );
        assert!(matches!(strip_ansi("plain line"), Cow::Borrowed(_)));
        assert_eq!(strip_ansi("cut short \u{1b}["), "cut short ");
        assert_eq!(strip_ansi("é\u{1b}[0mé"), "éé");
    }
}
