use super::*;

#[test]
fn a_json_line_shows_its_message_then_the_other_fields() {
    let line = r#"{"ts": "2024-11-01T03:19:56.414Z", "level": "error", "service": "checkout-api", "msg": "db pool exhausted after 5000ms", "order_id": "o-81", "attempt": 3, "tags": {"a": 1}}"#;
    let shown = envelope(line).unwrap();
    assert_eq!(shown.message, "db pool exhausted after 5000ms");
    assert_eq!(shown.service.as_deref(), Some("checkout-api"));
    assert_eq!(shown.fields, r#"order_id=o-81 attempt=3 tags={"a": 1}"#);
    assert_eq!(
        shown.shown(),
        r#"db pool exhausted after 5000ms  order_id=o-81 attempt=3 tags={"a": 1}"#
    );
}

#[test]
fn message_keys_are_tried_in_order_and_unused_ones_stay_fields() {
    let shown = envelope(r#"{"@message":"started","log":"raw","time":1}"#).unwrap();
    assert_eq!(shown.message, "started");
    assert_eq!(shown.fields, "log=raw");
    assert_eq!(shown.service, None);
    // Only the time key that gave the time column is left out.
    let shown = envelope(r#"{"ts":1,"time":2,"message":"m","service.name":"api"}"#).unwrap();
    assert_eq!(
        (shown.message.as_str(), shown.fields.as_str()),
        ("m", "time=2")
    );
    assert_eq!(shown.service.as_deref(), Some("api"));
}

#[test]
fn escapes_are_read_and_values_with_spaces_quoted() {
    let shown =
        envelope(r#"{"msg":"line one\nline \"two\"","err":"connection refused","empty":""}"#)
            .unwrap();
    assert_eq!(shown.message, r#"line one line "two""#);
    assert_eq!(shown.fields, r#"err="connection refused" empty="""#);
}

#[test]
fn an_object_without_a_message_shows_its_fields() {
    let shown = envelope(r#"{"level":"info","user":"ana","action":"login"}"#).unwrap();
    assert_eq!(shown.message, "user=ana action=login");
    assert_eq!(shown.fields, "");
    assert_eq!(envelope("{}").unwrap().message, "");
}

#[test]
fn json_after_a_timestamp_prefix_has_an_envelope() {
    let line = r#"2024-11-01T03:04:31Z {"msg":"hello","k":"v"}"#;
    assert_eq!(envelope(line).unwrap().shown(), "hello  k=v");
}

#[test]
fn other_and_malformed_lines_have_none() {
    for line in [
        "plain text line",
        r#"{"msg": "unterminated"#,
        r#"{"msg": "x"} trailing"#,
        "[1, 2, 3]",
        r#"{"msg": "x",}"#,
        "2024-11-01T03:04:31Z not json",
        "",
    ] {
        assert_eq!(envelope(line), None, "{line}");
        assert_eq!(shown_text(line), line);
    }
}

#[test]
fn search_text_is_the_shown_text_plus_continuation_lines() {
    let record = "{\"msg\":\"boom\",\"code\":7}\n  at main.rs:3";
    assert_eq!(shown_text(record), "boom  code=7\n  at main.rs:3");
}

#[test]
fn the_quick_test_never_rejects_what_is_shown() {
    let records = [
        r#"{"ts":"2024-11-01T03:04:31Z","level":"warn","msg":"slow query took 3s","db":"orders","rows":12,"err":"lock wait"}"#,
        r#"{"msg":"a\"quoted\" word","x":"y z"}"#,
        "plain nginx line 200 GET /api",
        "{\"msg\":\"trace\"}\n  at frame one",
    ];
    for record in records {
        let shown = shown_text(record);
        // Every substring of what is shown must pass the quick test.
        let chars: Vec<(usize, char)> = shown.char_indices().collect();
        for (i, &(start, _)) in chars.iter().enumerate() {
            for &(end, _) in chars[i + 1..].iter().take(24) {
                let query = &shown[start..end];
                assert!(may_show(record, query), "{query:?} of {record:?}");
            }
        }
    }
    assert!(!may_show(r#"{"msg":"hello"}"#, "goodbye"));
    assert!(!may_show(r#"{"msg":"hello","k":"v"}"#, "hello k=w"));
}
