//! A double-quoted field that holds spaces is one field, as the format that
//! quoted it means (Combined Log Format's request, referer and user agent;
//! a quoted error text): how many words it holds is not the message's shape.
//! It is a value when any word in it is one; a quoted phrase of plain words
//! is a constant. An HTTP request line (`"GET /a HTTP/1.1"`, RFC 9112:
//! method, target, version) keeps its method, which names what was asked.

use super::{mask_profiled, Masked, Profile};

/// Where the field opened by the quote at `start` (in a token ending at
/// `token_end`) ends, when it runs past that token: after the next quote and
/// what is glued to it (`",`), when only closing punctuation is glued to it.
/// `None` when the token closes its own quote or the quote is never closed
/// so. Out of line: most tokens never get here, and the loop that finds
/// tokens stays small.
#[inline(never)]
pub fn field_from(bytes: &[u8], start: usize, token_end: usize) -> Option<usize> {
    if bytes[start + 1..token_end].contains(&b'"') {
        return None;
    }
    field_end(bytes, token_end)
}

fn field_end(bytes: &[u8], from: usize) -> Option<usize> {
    let close = from + memchr::memchr(b'"', &bytes[from..])?;
    let mut end = close + 1;
    while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
        if !matches!(
            bytes[end],
            b',' | b';' | b':' | b')' | b']' | b'}' | b'>' | b'.'
        ) {
            return None;
        }
        end += 1;
    }
    (!bytes[from..close].contains(&b'\n')).then_some(end)
}

/// The masked form of a quoted field (`token` opens with its quote).
pub fn mask_field(token: &str) -> Masked<'_> {
    let inner = token[1..]
        .rsplit_once('"')
        .map_or(&token[1..], |(inner, _)| inner);
    if let Some(method) = request_method(inner) {
        return Masked::Request(&token[..method.len() + 2]);
    }
    let valued = inner.split_ascii_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | ':'));
        !word.is_empty() && mask_profiled(word, &Profile::of(word)) != Masked::Word(word)
    });
    if valued {
        Masked::Wild
    } else {
        Masked::Word(token)
    }
}

/// The method of an HTTP request line `METHOD target HTTP/version`.
fn request_method(inner: &str) -> Option<&str> {
    let mut words = inner.split(' ');
    let (method, _target, version) = (words.next()?, words.next()?, words.next()?);
    let method_ok = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    (method_ok && words.next().is_none() && version.starts_with("HTTP/")).then_some(method)
}
