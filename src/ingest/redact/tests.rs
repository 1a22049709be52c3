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
    // JSON's \u0027 quote, and a backslash that is not a quote's: the mask
    // never starts inside an escape, so the JSON line stays valid.
    assert_eq!(
        redacted(r#"{"e":"token: \u0027Zq81mPr7vT3k\u0027 rejected"}"#),
        r#"{"e":"token: \u0027[REDACTED:secret_kv]\u0027 rejected"}"#
    );
    let escaped = redacted(r#"{"e":"secret:\nZq81mPr7vT3kWx"}"#);
    assert!(
        serde_json::from_str::<serde_json::Value>(&escaped).is_ok(),
        "{escaped}"
    );
    assert!(!escaped.contains("Zq81mPr7vT3kWx"), "{escaped}");
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
    for set in compiled.exact.iter().chain(&compiled.folded) {
        let count = set.rules.len();
        assert!(
            count <= MAX_ANCHORS_PER_SEARCH,
            "{:?}: {count} anchors",
            set.anchors
        );
        assert!(set.packed.is_some() || !is_x86_feature_detected!("avx2"));
        // A set gets Teddy's full four-byte fingerprint, or holds only short anchors.
        let long = set
            .anchors
            .iter()
            .filter(|a| a.len() >= FULL_FINGERPRINT)
            .count();
        assert!(long == 0 || long == set.anchors.len(), "{:?}", set.anchors);
    }
    // A handful of searches per text: each costs a pass over it.
    assert!(compiled.exact.len() <= 3 && compiled.folded.len() <= 3);
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
    for set in compiled.exact.iter().chain(&compiled.folded) {
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

/// A deterministic random string over `alphabet` (test secrets are never real).
fn random(alphabet: &str, len: usize, seed: &mut u64) -> String {
    let chars: Vec<char> = alphabet.chars().collect();
    (0..len)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            chars[(*seed % chars.len() as u64) as usize]
        })
        .collect()
}

#[test]
fn more_token_formats_are_redacted_by_kind() {
    const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const HEX: &str = "0123456789abcdef";
    const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let seed = &mut 0x9e37_79b9_7f4a_7c15u64;
    let cases = [
        ("vault_token", format!("hvs.{}", random(ALNUM, 90, seed))),
        (
            "docker_token",
            format!("dckr_pat_{}", random(ALNUM, 27, seed)),
        ),
        (
            "google_oauth",
            format!("GOCSPX-{}", random(ALNUM, 28, seed)),
        ),
        ("google_oauth", format!("ya29.{}", random(ALNUM, 60, seed))),
        (
            "grafana_token",
            format!("glsa_{}_{}", random(ALNUM, 32, seed), random(HEX, 8, seed)),
        ),
        ("grafana_token", format!("glc_{}", random(ALNUM, 48, seed))),
        (
            "huggingface_token",
            format!("hf_{}", random(ALNUM, 34, seed)),
        ),
        (
            "sentry_token",
            format!("sntrys_{}", random(ALNUM, 60, seed)),
        ),
        ("newrelic_key", format!("NRAK-{}", random(UPPER, 27, seed))),
        (
            "age_secret_key",
            format!("AGE-SECRET-KEY-1{}", random(UPPER, 58, seed)),
        ),
        ("linear_key", format!("lin_api_{}", random(ALNUM, 40, seed))),
        (
            "postman_key",
            format!("PMAK-{}-{}", random(HEX, 24, seed), random(HEX, 34, seed)),
        ),
        (
            "doppler_token",
            format!("dp.st.{}", random(ALNUM, 43, seed)),
        ),
        ("databricks_token", format!("dapi{}", random(HEX, 32, seed))),
        (
            "atlassian_token",
            format!("ATATT3{}", random(ALNUM, 180, seed)),
        ),
        ("alibaba_key", format!("LTAI{}", random(ALNUM, 20, seed))),
        ("mailgun_key", format!("key-{}", random(HEX, 32, seed))),
        (
            "square_token",
            format!("sq0atp-{}", random(ALNUM, 22, seed)),
        ),
        ("pulumi_token", format!("pul-{}", random(HEX, 40, seed))),
        (
            "telegram_bot_token",
            format!("123456789:AA{}", random(ALNUM, 33, seed)),
        ),
        (
            "slack_token",
            format!(
                "xapp-1-A0{}-{}",
                random(UPPER, 9, seed),
                random(HEX, 40, seed)
            ),
        ),
        ("stripe", format!("whsec_{}", random(ALNUM, 32, seed))),
    ];
    for (kind, secret) in &cases {
        for line in [
            format!("level=info msg=\"client ready\" using {secret} now"),
            format!(r#"{{"ts":"2024-11-01T03:04:05Z","cfg":"{secret}"}}"#),
        ] {
            let mut counts = RedactionCounts::default();
            let out = Redactor::new().redact(&line, &mut counts).into_owned();
            assert!(!out.contains(secret.as_str()), "{kind}: {out}");
            assert_eq!(counts.0.get(*kind), Some(&1), "{kind}: {out}");
        }
    }
    // Look-alikes: the prefixes in ordinary text stay.
    for line in [
        "loaded key-value store with 3 entries",
        "dapi request served; hf_mode=fast; lin_api_version=2",
        "job 123456789:AAA done",
        "dp.st.count=3 glc_ok=true hvs.enabled=1",
        "NRAK-short LTAI-x PMAK-y",
    ] {
        assert_eq!(redacted(line), line);
    }
}

#[test]
fn kubernetes_secret_data_is_redacted_whatever_its_keys() {
    // API-server audit log (kind before data) and `kubectl get -o json`
    // (sorted keys: data before kind), also as escaped JSON inside a message.
    let lines = [
        r#"{"kind":"Event","verb":"create","objectRef":{"resource":"secrets","name":"db"},"requestObject":{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db"},"data":{"DATABASE_URL":"cG9zdGdyZXM6Ly9hcHA6aHVudGVyMkBkYjo1NDMyL3Nob3A=","tls.key":"LS0tLS1CRUdJTiBFQw=="},"type":"Opaque"}}"#,
        r#"{"apiVersion":"v1","data":{"api":"c2VjcmV0dmFsdWUxMjM0NQ=="},"kind":"Secret","metadata":{"name":"api"}}"#,
        r#"msg="applied" obj="{\"kind\":\"Secret\",\"stringData\":{\"conn\":\"Server=db;Pwd=Hunter22\"}}""#,
    ];
    for line in lines {
        let out = redacted(line);
        assert!(out.contains("[REDACTED:kubernetes_secret]"), "{out}");
        for secret in [
            "cG9zdGdyZXM6",
            "LS0tLS1CRUdJTiBFQw",
            "c2VjcmV0dmFsdWUx",
            "Hunter22",
        ] {
            assert!(!out.contains(secret), "{out}");
        }
    }
    // Other objects' data, and secrets mentioned by name only, stay.
    for line in [
        r#"{"kind":"ConfigMap","data":{"LOG_LEVEL":"debug","region":"eu-west-1"}}"#,
        r#"{"msg":"mounted","secretName":"db-creds","data":{"files":"3"}}"#,
    ] {
        assert_eq!(redacted(line), line);
    }
}

#[test]
fn base64_private_keys_and_docker_configs_are_redacted_certificates_stay() {
    // Standard base64 with padding (a few lines; no crate for a test).
    let encode = |text: &str| -> String {
        const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in text.as_bytes().chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..4 {
                out.push(if i <= chunk.len() {
                    TABLE[(n >> (18 - 6 * i) & 63) as usize] as char
                } else {
                    '='
                });
            }
        }
        out
    };
    assert_eq!(encode("{\"auths\":{"), "eyJhdXRocyI6ew==");
    for kind in ["", "RSA ", "EC ", "OPENSSH ", "DSA ", "ENCRYPTED "] {
        let pem = format!("-----BEGIN {kind}PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END {kind}PRIVATE KEY-----\n");
        let line = format!(r#"{{"data":{{"tls.key":"{}"}}}}"#, encode(&pem));
        let out = redacted(&line);
        assert!(out.contains("[REDACTED:private_key]"), "{kind}: {out}");
    }
    let docker = encode(r#"{"auths":{"registry.example.com":{"auth":"dXNlcjpodW50ZXIy"}}}"#);
    let out = redacted(&format!(r#"{{"data":{{".dockerconfigjson":"{docker}"}}}}"#));
    assert!(out.contains("[REDACTED:docker_config]"), "{out}");
    // A certificate is public: it stays.
    let certificate =
        encode("-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----\n");
    let line = format!(r#"{{"data":{{"tls.crt":"{certificate}"}}}}"#);
    assert_eq!(redacted(&line), line);
}

#[test]
fn azure_sas_signatures_are_redacted() {
    let line = "GET https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2024-11-02T03:04:05Z&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D 200";
    let out = redacted(line);
    assert!(
        out.contains("&sig=[REDACTED:azure_sas_signature] 200"),
        "{out}"
    );
    // A short or unrelated `sig=` stays.
    for line in ["kill sig=SIGTERM pid=42", "verify?sig=ok&n=1"] {
        assert_eq!(redacted(line), line);
    }
}

#[test]
fn a_secret_word_then_white_space_then_a_random_value_is_a_secret() {
    for (line, secret) in [
        (
            "vault: rotated secret 2d38e0beb0c94f1e8a7d6c5b4a3f2e1d for payments",
            "2d38e0beb0c94f1e8a7d6c5b4a3f2e1d",
        ),
        (
            "using api key  sk9Xq2LmN4pR7tV1wZ3y now",
            "sk9Xq2LmN4pR7tV1wZ3y",
        ),
        (
            "token\tAbCdEf0123456789GhIjKl accepted",
            "AbCdEf0123456789GhIjKl",
        ),
        ("PASSWORD Zq81mPr7vT3kQ0aLw9Ex", "Zq81mPr7vT3kQ0aLw9Ex"),
    ] {
        let out = redacted(line);
        assert!(!out.contains(secret), "{line} -> {out}");
        assert!(out.contains("[REDACTED:secret_kv]"), "{out}");
    }
}

#[test]
fn look_alikes_of_the_white_space_form_stay() {
    for line in [
        "Failed password for invalid user admin123 from 10.0.0.1 port 22 ssh2",
        "secret rotation scheduled for 2024-05-01T00:00:00Z",
        "token 550e8400-e29b-41d4-a716-446655440000 expired",
        "secret version 1.20.1-2+deb12u3 installed",
        "token refresh took 1234567 ms",
        "mounted secret /var/run/secrets/kubernetes.io/serviceaccount/token",
        "password policy min_length_16_chars applied",
        "primary key aaaaaaaaaaaa1111111 duplicated",
        "auth release-2024-05-01-b deployed",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 by alice",
    ] {
        assert_eq!(redacted(line), line);
    }
}
