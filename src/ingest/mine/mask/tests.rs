//! Masking rules, token by token.

use super::*;

#[test]
fn a_token_of_many_pieces_masks_each_piece() {
    // Past 64 pieces the bit mask runs out; the rest are judged again.
    let token: Vec<String> = (0..40)
        .map(|i| format!("k{}:{i}", "x".repeat(i % 3 + 1)))
        .collect();
    let token = token.join(":");
    let masked = masked_tokens(&token);
    let expected: Vec<String> = (0..40)
        .map(|i| format!("k{}:<*>", "x".repeat(i % 3 + 1)))
        .collect();
    assert_eq!(masked, vec![expected.join(":")]);
}

#[test]
fn values_in_several_tokens_mask_alike() {
    assert_eq!(
        masked_tokens("close, 2842 bytes (2.77 KB) sent, lifetime <1 sec"),
        masked_tokens("close, 12 bytes sent, lifetime 00:02")
    );
    assert_eq!(
        masked_tokens("user=root rhost=a.example.org ok"),
        vec!["user=<*>", "rhost=<*>", "ok"]
    );
    assert_eq!(
        masked_tokens("from 10.0.0.1 () at Sun Jul 3 10:05:01 2005"),
        vec!["from", "<*>", "at", "<*>"]
    );
    assert_eq!(
        masked_tokens("via SOCKS5 ssh2"),
        vec!["via", "SOCKS5", "ssh2"]
    );
}

#[test]
fn an_access_line_keeps_its_status_class() {
    let line = |status: &str| {
        format!("10.0.0.1 - - [04/Dec/2026:22:33:40 +0000] \"GET /api/v1/orders/42 HTTP/1.1\" {status} 512 \"-\" \"curl/8.0\"")
    };
    assert_eq!(masked_tokens(&line("200")), masked_tokens(&line("204")));
    assert_ne!(masked_tokens(&line("200")), masked_tokens(&line("503")));
    assert!(masked_tokens(&line("503")).contains(&"5xx".to_string()));
    // Elsewhere a three-digit number is a value as before.
    assert_eq!(
        masked_tokens("retry 503 times"),
        vec!["retry", "<*>", "times"]
    );
}

#[test]
fn hashes_and_paths_are_values_without_many_digits() {
    assert_eq!(
        masked_tokens("dedee9a11fffeafc9ac3cebbeeca58df425f55c2 blob"),
        vec!["<*>", "blob"]
    );
    assert_eq!(
        masked_tokens("link group pager updated to point to /usr/bin/less"),
        masked_tokens("link group pager updated to point to /bin/more")
    );
    assert_eq!(
        masked_tokens("see https://example.org/a"),
        vec!["see", "<*>"]
    );
    // A word with a slash, a lone slash and a short hex-looking word stay words.
    assert_eq!(
        masked_tokens("and/or / cafe1"),
        vec!["and/or", "/", "cafe1"]
    );
}

#[test]
fn a_quoted_field_is_one_token_and_a_request_keeps_its_method() {
    let line = |request: &str, agent: &str| format!("{request} 200 512 \"-\" \"{agent}\"");
    let short = line("\"GET /a HTTP/1.1\"", "curl/8.0");
    let long = line(
        "\"GET /b/c?d=1 HTTP/1.1\"",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",
    );
    assert_eq!(masked_tokens(&short), masked_tokens(&long));
    assert_eq!(masked_tokens(&short)[0], "\"GET <*>\"");
    assert_ne!(
        masked_tokens(&short),
        masked_tokens(&line("\"POST /a HTTP/1.1\"", "curl/8.0"))
    );
    // An absent referer (`"-"`, the Common Log Format's "not available") is
    // that value's slot, as a present one is.
    assert_eq!(
        masked_tokens(&short.replace("\"-\"", "\"https://shop.example/cart\"")),
        masked_tokens(&short)
    );
    // A quoted phrase of plain words is a constant; one with a value is a value.
    assert_eq!(
        masked_tokens("error \"connection appears to be offline\" now"),
        vec!["error", "\"connection appears to be offline\"", "now"]
    );
    assert_eq!(
        masked_tokens("error \"code 42 returned\" now"),
        vec!["error", "<*>", "now"]
    );
    // An unclosed quote is an ordinary token.
    assert_eq!(
        masked_tokens("say \"hi there"),
        vec!["say", "\"hi", "there"]
    );
}

#[test]
fn an_argument_vector_is_one_value() {
    assert_eq!(
        masked_tokens("run with --quiet --install /usr/bin/pager pager /usr/bin/less 77"),
        vec!["run", "with", "<*>"]
    );
    assert_eq!(
        masked_tokens("run with --install /usr/bin/vi vi /usr/bin/vim 30 --slave a b c"),
        masked_tokens("run with -q x")
    );
    // A dash, a negative number and a hyphenated word are not options.
    assert_eq!(
        masked_tokens("failed - retry -1 re-run"),
        vec!["failed", "-", "retry", "<*>", "re-run"]
    );
}

#[test]
fn a_numbered_name_is_a_word_and_an_id_a_value() {
    // A collector, a cache level, an interface: letters, then one digit.
    assert_eq!(
        masked_tokens("Using G1 via alt0, L2 cache"),
        vec!["Using", "G1", "via", "alt0,", "L2", "cache"]
    );
    // Digits mixed in, or several of them: ids and numbered hosts.
    assert_eq!(
        masked_tokens("queue jA9JBVPb007417 host bglio617 reg fpr29 x e08x"),
        vec!["queue", "<*>", "host", "<*>", "reg", "<*>", "x", "<*>"]
    );
}

#[test]
fn hex_groups_are_one_value() {
    for address in ["00:1a:2b:e3:ba:c3", "fe80::1:2", "FF:F2:9F:16:E0:DA"] {
        assert_eq!(
            masked_tokens(&format!("from {address} via eth1")),
            vec!["from", "<*>", "via", "eth1"],
            "{address}"
        );
    }
    // A key and a value are not hex groups.
    assert_eq!(masked_tokens("index:-1"), vec!["index:<*>"]);
}

#[test]
fn message_and_error_code_keys_keep_their_words_and_other_keys_do_not() {
    assert_eq!(
        masked_tokens(
            "upload part failed status=403 code=AccessDenied message=Request has expired"
        ),
        vec![
            "upload",
            "part",
            "failed",
            "status=<*>",
            "code=AccessDenied",
            "message=Request",
            "has",
            "expired"
        ]
    );
    assert_eq!(
        masked_tokens("charge rejected message='Invalid amount specified'"),
        vec![
            "charge",
            "rejected",
            "message='Invalid",
            "amount",
            "specified'"
        ]
    );
    assert_eq!(
        masked_tokens(r#"login failed reason=unknown_user err="connection reset by peer""#),
        vec![
            "login",
            "failed",
            "reason=unknown_user",
            r#"err="connection"#,
            "reset",
            "by",
            r#"peer""#
        ]
    );
    // A value with digits, a path or an id is still a value.
    assert_eq!(
        masked_tokens("failed reason=E1042 message=/tmp/x"),
        vec!["failed", "reason=<*>", "message=<*>"]
    );
}

#[test]
fn a_thrown_type_keeps_its_qualified_name_and_a_host_does_not() {
    assert_eq!(
        masked_tokens(
            "Caused by: java.security.cert.CertificateExpiredException: Certificate expired"
        ),
        vec![
            "Caused",
            "by:",
            "java.security.cert.CertificateExpiredException:",
            "Certificate",
            "expired"
        ]
    );
    assert_eq!(
        masked_tokens("java.lang.OutOfMemoryError thrown by api.internal.example.com"),
        vec!["java.lang.OutOfMemoryError", "thrown", "by", "<*>"]
    );
}
