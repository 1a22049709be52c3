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
