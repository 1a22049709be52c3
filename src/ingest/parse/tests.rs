use super::*;

const T: i64 = 1_730_430_271_000; // 2024-11-01T03:04:31Z

#[test]
fn iso_timestamps_with_fraction_and_zones() {
    assert_eq!(find_timestamp("2024-11-01T03:04:31Z x").0, Some(T));
    assert_eq!(
        find_timestamp("2024-11-01T03:04:31.220Z x").0,
        Some(T + 220)
    );
    assert_eq!(
        find_timestamp("2024-11-01 05:04:31,5 +02:00 x").0,
        Some(T + 500)
    );
    assert_eq!(find_timestamp("2024/11/01 03:04:31 [error] x").0, Some(T));
    assert_eq!(
        find_timestamp("2024-11-01 03:04:31.220 UTC [41] LOG: x").0,
        Some(T + 220)
    );
}

#[test]
fn clf_syslog_epoch_and_compact_dates() {
    assert_eq!(
        find_timestamp("10.0.0.1 - - [01/Nov/2024:03:04:31 +0000] \"GET /\"").0,
        Some(T)
    );
    let syslog = find_timestamp("Nov  1 03:04:31 host sshd[1]: x").0.unwrap();
    assert_eq!(syslog % 86_400_000, T % 86_400_000);
    assert_eq!(find_timestamp("1730430271 x").0, Some(T));
    assert_eq!(find_timestamp("1730430271000 x").0, Some(T));
    assert_eq!(find_timestamp("241101 030431 148 INFO x").0, Some(T));
    assert_eq!(find_timestamp("24/11/01 03:04:31 INFO x").0, Some(T));
    assert_eq!(find_timestamp("no time here").0, None);
}

#[test]
fn levels_from_words_klog_logfmt_json_and_http_status() {
    assert_eq!(
        parse_line("2024-11-01T03:04:31Z ERROR db down").level,
        Some(LogLevel::Error)
    );
    assert_eq!(
        parse_line("E0501 12:00:00.000 1 x.go:1] boom").level,
        Some(LogLevel::Error)
    );
    assert_eq!(
        parse_line("ts=2024-11-01T03:04:31Z level=warn msg=\"slow call\" x=1").level,
        Some(LogLevel::Warn)
    );
    let json =
        parse_line(r#"{"ts":"2024-11-01T03:04:31Z","level":"error","msg":"pool exhausted"}"#);
    assert_eq!(
        (json.level, json.time_ms, json.content.as_ref()),
        (Some(LogLevel::Error), Some(T), "pool exhausted")
    );
    assert_eq!(
        parse_line(r#"{"level":50,"msg":"x"}"#).level,
        Some(LogLevel::Error)
    );
    assert_eq!(
        parse_line("1.2.3.4 - - [01/Nov/2024:03:04:31 +0000] \"GET / HTTP/1.1\" 504 1").level,
        Some(LogLevel::Error)
    );
    assert_eq!(
        parse_line("2024-11-01 03:04:31.000 UTC [4] FATAL:  too many").level,
        Some(LogLevel::Fatal)
    );
    assert_eq!(parse_line("just words").level, None);
    // RDS PostgreSQL's `%t:%r:%u@%d:[%p]:` prefix.
    assert_eq!(
        parse_line("2026-12-02 13:16:41 UTC:10.40.7.18(53122):bi@clarion:[28641]:ERROR:  canceling statement due to conflict with recovery").level,
        Some(LogLevel::Error)
    );
}

#[test]
fn a_severity_on_the_alert_rating_scale_is_a_level_only_in_its_field() {
    let level = |severity: &str| {
        parse_line(&format!(
            r#"{{"ts":"2024-11-01T03:04:31Z","severity":"{severity}","text":"Credential stuffing suspected on the sign-in endpoint"}}"#
        ))
        .level
    };
    assert_eq!(level("high"), Some(LogLevel::Error));
    assert_eq!(level("MEDIUM"), Some(LogLevel::Warn));
    assert_eq!(level("low"), Some(LogLevel::Info));
    assert_eq!(level("EMERGENCY"), Some(LogLevel::Fatal));
    assert_eq!(level("bogus"), None);
    // In free text the word is a word.
    assert_eq!(
        parse_line("2024-11-01T03:04:31Z high load on db-1").level,
        None
    );
}

#[test]
fn a_bracketed_level_word_is_a_level_in_any_case() {
    // nginx's error log, Apache 2.2's, Apache 2.4's module:level.
    for (line, level) in [
        (
            "2026/12/21 23:06:10 [error] 2232#2232: *1 client intended to send too large body",
            LogLevel::Error,
        ),
        (
            "2026/12/21 23:06:10 [warn] 7#7: *9 an upstream response is buffered",
            LogLevel::Warn,
        ),
        (
            "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok",
            LogLevel::Info,
        ),
        (
            "[Wed Oct 11 14:32:52.123 2023] [proxy:error] [pid 9] AH00957: connect failed",
            LogLevel::Error,
        ),
    ] {
        assert_eq!(parse_line(line).level, Some(level), "{line}");
    }
    // Bare, or as a word in brackets that is not a level, it is prose.
    assert_eq!(parse_line("the error was logged").level, None);
    assert_eq!(parse_line("[checkout] payment declined").level, None);
}

#[test]
fn logfmt_message_is_the_content() {
    let parsed =
        parse_line("ts=2024-11-01T03:04:31Z level=info msg=\"charge authorized\" order=o1");
    assert_eq!(parsed.content, "charge authorized");
}

#[test]
fn loghub_line_formats_split_fields() {
    let format = LineFormat::compile("<Date> <Time> <Pid> <Level> <Component>: <Content>").unwrap();
    let parsed = format
        .parse("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating")
        .unwrap();
    assert_eq!(parsed.content, "PacketResponder 1 terminating");
    assert_eq!(parsed.level, Some(LogLevel::Info));
    let bracketed =
        LineFormat::compile("<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>")
            .unwrap();
    assert!(bracketed.parse("2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200").is_some());
    assert!(LineFormat::compile("<Date> no content").is_err());
    assert!(LineFormat::compile("<Date").is_err());
}

#[test]
fn a_timestamp_ending_inside_a_multibyte_character_does_not_panic() {
    // The input the parse_line fuzzer found (fuzz/corpus/parse_line/crash-cd80…).
    let bytes = include_bytes!(
        "../../../fuzz/corpus/parse_line/crash-cd80e570cbd82c1807b1bc0fcd008e3277434bef"
    );
    let line = String::from_utf8_lossy(bytes);
    let parsed = parse_line(&line);
    assert!(parsed.content.len() <= line.len());
    for cut in (0..line.len()).filter(|c| line.is_char_boundary(*c)) {
        let _ = parse_line(&line[cut..]);
    }
}

#[test]
fn the_eight_byte_delimiter_scan_agrees_with_a_byte_loop() {
    let lines: [&[u8]; 5] = [
        b"2024-11-01 03:04:05,123 [main] ERROR com.shop.Pool|x",
        b"\xc3\xa9\xff\x80 tab\there[]|end",
        b"no-delimiters-at-all-in-this-long-token-0123456789",
        b"",
        b"a b",
    ];
    for line in lines {
        for start in 0..=line.len() {
            let mut expected = start;
            while expected < line.len() && !super::is_level_delimiter(line[expected]) {
                expected += 1;
            }
            assert_eq!(
                super::next_level_delimiter(line, start),
                expected,
                "{line:?} from {start}"
            );
        }
    }
}

#[test]
fn the_message_parse_finds_what_the_full_parse_finds_but_the_level() {
    let lines = [
        "2024-11-01T03:04:31Z ERROR db pool exhausted",
        "Nov  1 03:04:31 host sshd[1]: Invalid user admin",
        "E1101 03:04:31.123456    7 pod.go:12] sync failed",
        r#"{"ts":"2024-11-01T03:04:31Z","level":"warn","msg":"slow"}"#,
        "time=2024-11-01T03:04:31Z level=error msg=\"disk full\" dev=sda",
        "10.0.0.1 - - [01/Nov/2024:03:04:31 +0000] \"GET / HTTP/1.1\" 503 12",
        "plain words only",
        "",
    ];
    for line in lines {
        let full = parse_line(line);
        let message = parse_message(line);
        assert_eq!(
            (message.time_ms, &message.content),
            (full.time_ms, &full.content),
            "{line}"
        );
        // Headers and envelopes that name the level still give it.
        if line.starts_with(['E', '{']) {
            assert_eq!(message.level, full.level, "{line}");
        }
    }
}

#[test]
fn the_logfmt_check_is_two_substring_searches() {
    for line in [
        "time=1 level=info msg=started",
        "msg=first level=warn",
        "loglevel=x msg=y",
        "level = info msg = x",
        "level=info",
        "msg=only",
        "alevel=1 xmsg=2",
        "==level=msg=",
        "",
    ] {
        let expected = line.contains("level=") && line.contains("msg=");
        assert_eq!(super::has_logfmt_level(line), expected, "{line}");
    }
}

#[test]
fn a_json_record_without_the_usual_time_keys_is_dated_by_a_field_named_as_a_time() {
    let status = parse_line(
        r#"{"created_at":"2026-12-09T11:52:03.000Z","incident":{"name":"Elevated error rates"},"status":"investigating"}"#,
    );
    assert_eq!(status.time_ms, Some(1_796_817_123_000));
    let edge = parse_line(r#"{"EdgeStartTimestamp":"2026-12-09T09:45:02Z","RayID":"8356b4f3"}"#);
    assert!(edge.time_ms.is_some());
    // A field named like a time that holds no timestamp dates nothing.
    let odd = parse_line(r#"{"uptime":"3 days","msg":"ok"}"#);
    assert_eq!(odd.time_ms, None);
}

#[test]
fn a_status_feed_update_is_dated_by_its_when() {
    let update = r#"{"when":"2024-11-01T03:04:31+00:00","service_name":"Persistent Disk","status":"SERVICE_DISRUPTION","text":"We are investigating."}"#;
    assert_eq!(parse_line(update).time_ms, Some(T));
}

#[test]
fn a_format_whose_content_is_logfmt_mines_the_message() {
    let format =
        LineFormat::compile(r#"\[pod/<Pod>/<Container>\] time="<Time>" level=<Level> <Content>"#)
            .expect("format compiles");
    let parsed = format
        .parse(r#"[pod/cilium-4xk2p/cilium-agent] time="2026-12-09T08:59:41.18Z" level=info msg="Imported CiliumNetworkPolicy" ciliumNetworkPolicyName=fare-search-egress subsys=k8s-watcher"#)
        .expect("the line matches");
    assert_eq!(parsed.content, "Imported CiliumNetworkPolicy");
    assert_eq!(parsed.level, Some(LogLevel::Info));
}

#[test]
fn a_format_whose_content_is_a_json_record_mines_its_message() {
    let format = LineFormat::compile(r#"\[pod/<Pod>/<Container>\] <Timestamp> <Content>"#)
        .expect("format compiles");
    let parsed = format
        .parse(r#"[pod/partner-import-29540645-wwkdv/import] 2026-03-02T08:05:04.614616871Z {"time":"2026-03-02T08:05:04.614Z","level":"WARN","msg":"line item targets unknown country code","line_item":"SL-2407","country":"USA"}"#)
        .expect("the line matches");
    assert_eq!(parsed.content, "line item targets unknown country code");
    assert_eq!(parsed.level, Some(LogLevel::Warn));
    assert!(parsed.time_ms.is_some());
    // Braces that do not make a JSON record stay the content.
    let parsed = format
        .parse("[pod/a/b] 2026-03-02T08:05:04Z {not json} at all")
        .expect("the line matches");
    assert_eq!(parsed.content, "{not json} at all");
}

#[test]
fn dates_day_first_or_month_first_as_locales_write_them() {
    let at = |y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64| -> i64 {
        (super::timestamp::days_from_civil(y, mo, d).unwrap() * 86_400 + h * 3600 + mi * 60 + s)
            * 1000
    };
    // en-GB, with a fraction and a zone: day first.
    assert_eq!(
        find_timestamp("19/11/2026 04:12:07.418 UTC | P1 | x").0,
        Some(at(2026, 11, 19, 4, 12, 7) + 418)
    );
    // Both numbers could be a month: day first on a 24-hour clock …
    assert_eq!(
        find_timestamp("05/11/2026 04:12:07 x").0,
        Some(at(2026, 11, 5, 4, 12, 7))
    );
    // … month first with en-US's AM/PM, whose hour has no leading zero.
    assert_eq!(
        find_timestamp("11/5/2026 4:12:07 PM x").0,
        Some(at(2026, 11, 5, 16, 12, 7))
    );
    assert_eq!(
        find_timestamp("11/05/2026 12:30:00 AM x").0,
        Some(at(2026, 11, 5, 0, 30, 0))
    );
    // A second number over 12 can only be a day.
    assert_eq!(
        find_timestamp("11/19/2026 04:12:07 x").0,
        Some(at(2026, 11, 19, 4, 12, 7))
    );
    // RFC 5322's day, month name and year (Redis).
    assert_eq!(
        find_timestamp("1:M 06 Dec 2026 07:00:00.123 # x").0,
        Some(at(2026, 12, 6, 7, 0, 0) + 123)
    );
    assert_eq!(
        find_timestamp("6 Dec 2026 08:00:00 +0100 x").0,
        Some(at(2026, 12, 6, 7, 0, 0))
    );
    // PHP's error_log (WordPress debug.log) and Tomcat's dashed form.
    let php = "[08-Sep-2026 06:47:16 UTC] westerly-paywall: access check failed";
    let (time, rest) = find_timestamp(php);
    assert_eq!(time, Some(at(2026, 9, 8, 6, 47, 16)));
    assert_eq!(&php[rest..], "westerly-paywall: access check failed");
    assert_eq!(
        find_timestamp("08-Sep-2026 06:47:16.250 INFO [main] x").0,
        Some(at(2026, 9, 8, 6, 47, 16) + 250)
    );
    assert_eq!(find_timestamp("08-Sep 2026 06:47:16 x").0, None);
    // Dotted dates are day first.
    let (time, rest) = find_timestamp("19.11.2026 04:12:07 bar");
    assert_eq!(time, Some(at(2026, 11, 19, 4, 12, 7)));
    assert_eq!(&"19.11.2026 04:12:07 bar"[rest..], "bar");
    // Not dates: a version, a month over 12 either way round, a ratio.
    assert_eq!(find_timestamp("1.2.3 started").0, None);
    assert_eq!(find_timestamp("13/13/2026 04:12:07 x").0, None);
    assert_eq!(find_timestamp("3/4 done").0, None);
}

#[test]
fn a_level_name_run_into_the_logger_or_process_name_is_read() {
    // Python logging's BASIC_FORMAT and Celery's worker format.
    assert_eq!(
        find_level("WARNING:root:disk almost full"),
        Some(LogLevel::Warn)
    );
    assert_eq!(
        find_level("2026-07-30 14:00:01 ERROR:app.db:connection lost"),
        Some(LogLevel::Error)
    );
    assert_eq!(
        find_level("[2026-07-30 14:00:00,699: ERROR/ForkPoolWorker-4] Task x raised unexpected"),
        Some(LogLevel::Error)
    );
    assert_eq!(
        find_level("[2026-07-30 14:00:00,699: INFO/MainProcess] Connected to amqp://"),
        Some(LogLevel::Info)
    );
    // A path or a URL is not a level.
    assert_eq!(find_level("GET /ERRORS/list 200"), None);
    assert_eq!(find_level("HTTP/1.1 200 OK"), None);
}
