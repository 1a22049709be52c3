//! The text of an HTML error page a log line quotes. When a proxy or load
//! balancer fails a call, the client often logs the body it got, and that
//! body is the proxy's error page: HAProxy's documented default
//! `<html><body><h1>503 Service Unavailable</h1>No server is available to
//! handle this request.</body></html>`, nginx's `<title>502 Bad
//! Gateway</title>…<center>nginx</center>`, a cloud load balancer's. Mined,
//! the whole quoted body is one variable token; its words are what the
//! remote said went wrong, so the evidence pack lends them to the template
//! as it lends an error field (error_field.rs).

/// Longest page text kept, in characters.
const MAX_TEXT_CHARS: usize = 300;

/// The visible text of the first HTML page in `line` (tags dropped, the
/// `<head>` with its `<title>` skipped since the body repeats it, JSON
/// escapes and runs of white space collapsed); None without a page or text.
pub fn page_text(line: &str) -> Option<String> {
    let bytes = line.as_bytes();
    let memchr_lt = memchr::memchr(b'<', bytes)?;
    let start = find_ci(&bytes[memchr_lt..], b"<html")
        .or_else(|| find_ci(&bytes[memchr_lt..], b"<body"))
        .map(|at| at + memchr_lt)?;
    let page = &line[start..];
    let end = find_ci(page.as_bytes(), b"</html>").map_or(page.len(), |at| at + "</html>".len());
    let text = visible_text(&page[..end]);
    (!text.is_empty()).then_some(text)
}

/// The text between the tags, skipping what `<head>`, `<style>` and
/// `<script>` hold.
fn visible_text(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    let mut hidden: Option<&'static str> = None;
    while let Some(open) = rest.find('<') {
        if hidden.is_none() {
            push_words(&mut out, &rest[..open]);
        }
        let after = &rest[open..];
        let close = after.find('>').map_or(after.len(), |at| at + 1);
        let tag = after[..close].to_ascii_lowercase();
        match hidden {
            Some(end) if tag.starts_with(end) => hidden = None,
            Some(_) => {}
            None => {
                for (opening, closing) in [
                    ("<head", "</head"),
                    ("<style", "</style"),
                    ("<script", "</script"),
                ] {
                    if tag.starts_with(opening) && !tag.starts_with(closing) {
                        hidden = Some(closing);
                    }
                }
            }
        }
        rest = &after[close..];
    }
    if hidden.is_none() {
        push_words(&mut out, rest);
    }
    out.chars().take(MAX_TEXT_CHARS).collect()
}

/// Appends `text`'s words, JSON escapes (`\n`, `\"`) read as white space
/// and a quote, a closing quote of the log line dropped.
fn push_words(out: &mut String, text: &str) {
    let text = text
        .replace("\\n", " ")
        .replace("\\r", " ")
        .replace("\\t", " ")
        .replace("\\\"", "\"");
    for word in text.split_whitespace() {
        let word = word.trim_matches('"');
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Where `needle` (lowercase ASCII) starts in `haystack`, ignoring ASCII case.
fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::page_text;

    #[test]
    fn haproxy_default_503_page_in_a_quoted_body() {
        let line = r#"[WRN] Real-time authorization via hub failed for token X: HTTP 503, body "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>""#;
        assert_eq!(
            page_text(line).as_deref(),
            Some("503 Service Unavailable No server is available to handle this request.")
        );
    }

    #[test]
    fn nginx_page_in_json_skips_the_title_it_repeats() {
        let line = r#"{"level":"error","msg":"upstream call failed","body":"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"}"#;
        assert_eq!(page_text(line).as_deref(), Some("502 Bad Gateway nginx"));
    }

    #[test]
    fn no_page_no_text() {
        assert_eq!(page_text("GET /index.html 200 1234"), None);
        assert_eq!(page_text("a < b and c > d"), None);
        assert_eq!(page_text("<html><body></body></html>"), None);
        // Upper case and a page cut off by the line's end.
        assert_eq!(
            page_text("body=<HTML><BODY>Gateway Timeout").as_deref(),
            Some("Gateway Timeout")
        );
    }
}
