use super::*;

fn redacted(text: &str) -> String {
    Redactor::new()
        .redact(text, &mut RedactionCounts::default())
        .into_owned()
}

#[test]
fn clean_lines_are_borrowed_untouched() {
    let line = "GET /api/cart HTTP/1.1 200 3292 rt=0.038";
    assert!(matches!(
        Redactor::new().redact(line, &mut RedactionCounts::default()),
        Cow::Borrowed(_)
    ));
}

#[test]
fn common_secrets_are_replaced_with_their_kind() {
    assert_eq!(
        redacted("key AKIAX5T6A6WKVLSD5377 used"),
        "key [REDACTED:aws_access_key] used"
    );
    assert_eq!(
        redacted("url=postgres://app:s3cr3t-pw@db:5432/x"),
        "url=postgres://app:[REDACTED:password_in_url]@db:5432/x"
    );
    assert_eq!(
        redacted(r#"{"password": "XCf3Rk!rOOLcJei"}"#),
        r#"{"password": "[REDACTED:secret_kv]"}"#
    );
    assert!(
        redacted("Authorization: Bearer O5OUZiAUJGtPk-duF4KD2C9yviPJAgmx4m0eKFbs")
            .ends_with("Bearer [REDACTED:bearer]")
    );
}

#[test]
fn look_alikes_stay() {
    for line in [
        r#"{"token_type": "Bearer", "expires_in": 3600}"#,
        "connecting to postgres://app:********@db-primary.internal:5432/orders",
        r#"{"nextToken": "f/00671643712345678901234567890123456789"}"#,
        r#"{"api_key": null}"#,
        "missing Authorization header (expected \"Bearer <token>\")",
        "request_id=7b64afee-069a-41a4-9ad2-1f0e3b6a1c2d",
    ] {
        assert_eq!(redacted(line), line);
    }
}

#[test]
fn stable_placeholders_number_equal_secrets_equally() {
    let redactor = Redactor::new();
    let mut placeholders = Placeholders::default();
    let mut counts = RedactionCounts::default();
    let a = redactor.redact_stable(
        "a AKIAX5T6A6WKVLSD5377 b AKIAQWYVLBPFSEZXCGXF",
        &mut placeholders,
        &mut counts,
    );
    let b = redactor.redact_stable("again AKIAX5T6A6WKVLSD5377", &mut placeholders, &mut counts);
    assert_eq!(
        a,
        "a [REDACTED:aws_access_key#1] b [REDACTED:aws_access_key#2]"
    );
    assert_eq!(b, "again [REDACTED:aws_access_key#1]");
    assert_eq!(counts.total(), 3);
    assert_eq!(
        redactor.redact_stable(&b, &mut placeholders, &mut counts),
        b,
        "idempotent"
    );
}

#[test]
fn anchors_gate_without_losing_secrets() {
    let redactor = Redactor::new();
    // Prose that names a key but assigns nothing wakes no regex.
    assert!(redactor
        .find("Failed password for root from 10.0.0.1 port 22 ssh2")
        .is_empty());
    assert!(redactor.find("authentication failure; ACK TASK").is_empty());
    // Case-insensitive keys and an assignment after quotes and spaces still count.
    assert_eq!(
        redacted(r#"PASSWORD = "Xk3vQ9pLmZ2""#),
        r#"PASSWORD = "[REDACTED:secret_kv]""#
    );
    assert_eq!(
        redacted(r#"\"Auth_Token\"  :  \"Zq81mPr7vT3k\""#),
        r#"\"Auth_Token\"  :  \"[REDACTED:secret_kv]\""#
    );
    // Case-sensitive prefixes are found exactly as written.
    assert_eq!(
        redacted("sid AC0123456789abcdef0123456789abcdef ok"),
        "sid [REDACTED:twilio_key] ok"
    );
    assert_eq!(
        redacted("-----BEGIN RSA PRIVATE KEY-----"),
        "[REDACTED:private_key]"
    );
}

/// Redacts `bytes` twice; the second pass must change nothing. Returns pass one.
fn redact_twice_is_once(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let redactor = Redactor::new();
    let once = redactor
        .redact(&text, &mut RedactionCounts::default())
        .into_owned();
    let twice = redactor
        .redact(&once, &mut RedactionCounts::default())
        .into_owned();
    assert_eq!(once, twice);
    once
}

#[test]
fn overlapping_matches_leave_no_part_of_a_secret_visible() {
    // The input the redact fuzzer found (fuzz/corpus/redact/crash-5e4b…).
    let once = redact_twice_is_once(include_bytes!(
        "../../../fuzz/corpus/redact/crash-5e4b23424b89e35ac20d2625a87f4d6bfbb5abf7"
    ));
    assert!(!once.contains("github_pat_"), "{once}");
}

#[test]
fn a_placeholder_is_never_redacted_again() {
    // The second input the redact fuzzer found (fuzz/corpus/redact/crash-bf7a…).
    redact_twice_is_once(include_bytes!(
        "../../../fuzz/corpus/redact/crash-bf7a912ef2bb0bd27933460348475837a540abf8"
    ));
}

#[test]
fn text_beside_a_placeholder_is_stable_under_a_second_pass() {
    // The third input the redact fuzzer found: a Slack webhook with control bytes in its path.
    redact_twice_is_once(include_bytes!("../../../fuzz/corpus/redact/crash-2501f06"));
}

#[test]
fn each_anchor_search_stays_small_enough_for_its_fast_variant() {
    let compiled = compile();
    for (name, set) in [
        ("exact", &compiled.exact),
        ("exact short", &compiled.exact_short),
        ("lowercased", &compiled.folded),
        ("lowercased short", &compiled.folded_short),
    ] {
        let count = set.rules.len();
        assert!(
            count <= MAX_ANCHORS_PER_SEARCH,
            "{name} search has {count} anchors"
        );
        assert!(set.packed.is_some() || !is_x86_feature_detected!("avx2"));
    }
    // The long sets get Teddy's full four-byte fingerprint.
    for set in [&compiled.exact, &compiled.folded] {
        assert!(set.anchors.iter().all(|a| a.len() >= FULL_FINGERPRINT));
    }
}

#[test]
fn key_ending_anchors_wake_every_assignment_rule() {
    assert_eq!(
        redacted("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        "aws_secret_access_key=[REDACTED:aws_secret]"
    );
    assert_eq!(
        redacted(r#"{"dd_api_key": "0123456789abcdef0123456789abcdef"}"#),
        r#"{"dd_api_key": "[REDACTED:datadog_key]"}"#
    );
    assert!(redacted("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4MTIzNA==;")
        .contains("AccountKey=[REDACTED:"));
    // Every way the secret key pattern can end a key name, in any case,
    // with each assignment form the pattern allows.
    for key in [
        "apikey",
        "API_KEY",
        "x-api-key",
        "accesskey",
        "access-key",
        "privatekey",
        "private_key",
        "db_password",
        "PASSWD",
        "sshpwd",
        "passphrase",
        "client_secret",
        "refresh_token",
        "x-auth",
        "credential",
        "credentials",
    ] {
        for assign in ["=", ": ", "\":\"", "\\\":\\\"", " \u{2003}= ", "\x0b="] {
            let line = format!("{key}{assign}Zq81mPr7vT3kQ");
            assert!(
                redacted(&line).contains("[REDACTED:"),
                "{line:?} -> {}",
                redacted(&line)
            );
        }
    }
    // A key ending in prose wakes nothing.
    assert!(Redactor::new()
        .find("the monkey ate a secret token and passwd file")
        .is_empty());
}

#[test]
fn no_anchor_starts_another_of_its_set() {
    // The search reports one anchor per position; a shorter one starting
    // where a longer one does would go unseen.
    let compiled = compile();
    for set in [
        &compiled.exact,
        &compiled.exact_short,
        &compiled.folded,
        &compiled.folded_short,
    ] {
        for a in &set.anchors {
            for b in &set.anchors {
                assert!(a == b || !a.starts_with(b.as_str()), "{a} hides {b}");
            }
        }
    }
}

#[test]
fn overlapping_anchors_both_wake_their_rules() {
    assert_eq!(
        redacted("sshpwd=Hunter2Hunter2"),
        "sshpwd=[REDACTED:secret_kv]"
    );
    assert_eq!(
        redacted("mysecretoken=Zq81mPr7vT3kQ"),
        "mysecretoken=[REDACTED:secret_kv]"
    );
}
