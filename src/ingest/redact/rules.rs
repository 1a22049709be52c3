//! The secret detectors: one regex per kind, each with cheap anchor strings so
//! a line is only searched by the rules whose anchors it contains.
//!
//! Anchors must be a superset filter of their pattern: every match of the
//! pattern contains one of its anchors. Anchors of a case-sensitive pattern
//! match exactly, as written (so `ACK` or `TASK` in ordinary text does not wake
//! the Twilio rule, and they run through a SIMD searcher); anchors of a `(?i)`
//! pattern match in any case. Keep anchors specific: most lines should hit none.
//! Anchors that end a key name (`KEY_ENDINGS`) only count with an assignment
//! after them. Anchors of four bytes or more are searched with a four-byte
//! fingerprint, shorter ones in sets of their own (see `anchors.rs`): prefer
//! four bytes where the pattern allows (`.eyJ`, the second part of a JWT).

/// One detector. `group` is the capture holding the secret (0 = whole match).
pub struct Rule {
    pub kind: &'static str,
    pub anchors: &'static [&'static str],
    pub pattern: &'static str,
    pub group: usize,
}

/// Specific formats first: where spans overlap, the earlier rule names the kind.
pub const RULES: &[Rule] = &[
    Rule {
        kind: "private_key",
        anchors: &["-----BEGIN"],
        pattern: r"-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[A-Za-z0-9+/=\s]|\\[nr])*(?:-----END [A-Z ]*PRIVATE KEY-----)?",
        group: 0,
    },
    Rule {
        kind: "aws_access_key",
        anchors: &[
            "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "A3T",
        ],
        pattern: r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z0-9])[A-Z0-9]{16}\b",
        group: 0,
    },
    Rule {
        kind: "aws_secret",
        anchors: &["_key", "skey", "tkey", "ecret"],
        pattern: r#"(?i)(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|aws_?secret)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        group: 1,
    },
    Rule {
        kind: "github_token",
        anchors: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        pattern: r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})",
        group: 0,
    },
    Rule {
        kind: "gitlab_token",
        anchors: &[
            "glpat-", "gldt-", "glptt-", "glrt-", "glcbt-", "gloas-", "glimt-", "glft-", "glsoat-",
        ],
        pattern: r"\bgl(?:pat|dt|ptt|rt|cbt|oas|imt|ft|soat)-[A-Za-z0-9_\-]{20,}",
        group: 0,
    },
    Rule {
        kind: "slack_webhook",
        anchors: &["hooks.slack.com"],
        pattern: r"(?i)hooks\.slack\.com(?:/|%2F)services(?:/|%2F)[A-Za-z0-9_%/\-]+",
        group: 0,
    },
    Rule {
        kind: "slack_token",
        anchors: &["xox", "xapp-"],
        pattern: r"\b(?:xox[abposre]|xapp)-[A-Za-z0-9\-]{10,}",
        group: 0,
    },
    Rule {
        kind: "stripe",
        anchors: &["k_live_", "k_test_", "whsec_"],
        pattern: r"\b(?:[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=]{24,})",
        group: 0,
    },
    Rule {
        kind: "gcp_key",
        anchors: &["AIza"],
        pattern: r"\bAIza[0-9A-Za-z_\-]{35}",
        group: 0,
    },
    Rule {
        kind: "gcp_service_account",
        anchors: &["private_key_id"],
        pattern: r#"private_key_id\\?"\s*:\s*\\?"([a-f0-9]{40})"#,
        group: 1,
    },
    Rule {
        kind: "anthropic_key",
        anchors: &["sk-"],
        pattern: r"\bsk-ant-[a-z]+\d*-[A-Za-z0-9_\-]{20,}",
        group: 0,
    },
    Rule {
        kind: "openai_key",
        anchors: &["sk-"],
        pattern: r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}",
        group: 0,
    },
    Rule {
        kind: "jwt",
        anchors: &[".eyJ"],
        pattern: r"\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*",
        group: 0,
    },
    Rule {
        kind: "sendgrid_key",
        anchors: &["SG."],
        pattern: r"\bSG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{30,50}",
        group: 0,
    },
    Rule {
        kind: "twilio_key",
        anchors: &["SK", "AC"],
        pattern: r"\b(?:SK|AC)[0-9a-f]{32}\b",
        group: 0,
    },
    Rule {
        kind: "npm_token",
        anchors: &["npm_"],
        pattern: r"\bnpm_[A-Za-z0-9]{36}\b",
        group: 0,
    },
    Rule {
        kind: "azure_storage_key",
        anchors: &["tkey"],
        pattern: r"(?i)AccountKey=([A-Za-z0-9+/=]{40,})",
        group: 1,
    },
    // An Azure SAS token's signature (`…?sv=2022-11-02&…&sig=…`), raw or
    // percent-encoded: whoever holds the URL holds the access.
    Rule {
        kind: "azure_sas_signature",
        anchors: &["sig="],
        pattern: r"(?i)[?&]sig=([A-Za-z0-9%+/=]{20,})",
        group: 1,
    },
    Rule {
        kind: "terraform_cloud_token",
        anchors: &["atlasv1"],
        pattern: r"\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,}",
        group: 0,
    },
    Rule {
        kind: "digitalocean_token",
        anchors: &["_v1_"],
        pattern: r"\bdo[opr]_v1_[a-f0-9]{64}\b",
        group: 0,
    },
    Rule {
        kind: "pypi_token",
        anchors: &["pypi-"],
        pattern: r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}",
        group: 0,
    },
    Rule {
        kind: "shopify_token",
        anchors: &["shp"],
        pattern: r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b",
        group: 0,
    },
    Rule {
        kind: "datadog_key",
        anchors: &["_key", "-key", "ikey", "pkey"],
        pattern: r#"(?i)(?:dd|datadog)[_\-]?(?:api|app)[_\-]?key["']?\s*[:=]\s*["']?([a-f0-9]{32,40})\b"#,
        group: 1,
    },
    Rule {
        kind: "vault_token",
        anchors: &["hvs.", "hvb.", "hvr."],
        pattern: r"\bhv[sbr]\.[A-Za-z0-9_\-]{24,}",
        group: 0,
    },
    Rule {
        kind: "docker_token",
        anchors: &["dckr_pat_"],
        pattern: r"\bdckr_pat_[A-Za-z0-9_\-]{20,}",
        group: 0,
    },
    Rule {
        kind: "google_oauth",
        anchors: &["GOCSPX-", "ya29."],
        pattern: r"\b(?:GOCSPX-[A-Za-z0-9_\-]{28}|ya29\.[0-9A-Za-z_\-]{30,})",
        group: 0,
    },
    Rule {
        kind: "grafana_token",
        anchors: &["glsa_", "glc_"],
        pattern: r"\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})",
        group: 0,
    },
    Rule {
        kind: "huggingface_token",
        anchors: &["hf_"],
        pattern: r"\bhf_[A-Za-z0-9]{34,}",
        group: 0,
    },
    Rule {
        kind: "sentry_token",
        anchors: &["sntrys_", "sntryu_"],
        pattern: r"\bsntry[su]_[A-Za-z0-9+/=_\-]{30,}",
        group: 0,
    },
    Rule {
        kind: "newrelic_key",
        anchors: &["NRAK-"],
        pattern: r"\bNRAK-[A-Za-z0-9]{27}",
        group: 0,
    },
    Rule {
        kind: "age_secret_key",
        anchors: &["AGE-SECRET-KEY-1"],
        pattern: r"AGE-SECRET-KEY-1[0-9A-Z]{58}",
        group: 0,
    },
    Rule {
        kind: "linear_key",
        anchors: &["lin_api_"],
        pattern: r"\blin_api_[A-Za-z0-9]{40}",
        group: 0,
    },
    Rule {
        kind: "postman_key",
        anchors: &["PMAK-"],
        pattern: r"\bPMAK-[A-Za-z0-9]{24}-[A-Za-z0-9]{34}",
        group: 0,
    },
    Rule {
        kind: "doppler_token",
        anchors: &["dp."],
        pattern: r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}",
        group: 0,
    },
    Rule {
        kind: "databricks_token",
        anchors: &["dapi"],
        pattern: r"\bdapi[a-f0-9]{32}(?:-\d)?\b",
        group: 0,
    },
    Rule {
        kind: "atlassian_token",
        anchors: &["ATATT3"],
        pattern: r"\bATATT3[A-Za-z0-9_\-=]{100,}",
        group: 0,
    },
    Rule {
        kind: "alibaba_key",
        anchors: &["LTAI"],
        pattern: r"\bLTAI[A-Za-z0-9]{20}\b",
        group: 0,
    },
    Rule {
        kind: "mailgun_key",
        anchors: &["key-"],
        pattern: r"\bkey-[0-9a-f]{32}\b",
        group: 0,
    },
    Rule {
        kind: "square_token",
        anchors: &["sq0atp-", "sq0csp-"],
        pattern: r"\bsq0(?:atp|csp)-[0-9A-Za-z_\-]{22,}",
        group: 0,
    },
    Rule {
        kind: "pulumi_token",
        anchors: &["pul-"],
        pattern: r"\bpul-[a-f0-9]{40}\b",
        group: 0,
    },
    Rule {
        kind: "telegram_bot_token",
        anchors: &[":AA"],
        pattern: r"\b\d{8,10}:AA[0-9A-Za-z_\-]{33}\b",
        group: 0,
    },
    // Base64 of a PEM private key (a Secret's `tls.key`, a CI variable):
    // `-----BEGIN ` encodes to `LS0tLS1CRUdJTiB`; the type word after it
    // decides (`PRIVATE KEY`, `RSA PRIVATE KEY`, … — a CERTIFICATE is public).
    Rule {
        kind: "private_key",
        anchors: &["LS0tLS1CRUdJTiB"],
        pattern: r"\bLS0tLS1CRUdJTiB(?:QUklWQVRF|SU0EgUFJJVkFURS|FQyBQUklWQVRF|PUEVOU1NIIFBSSVZBVEU|EU0EgUFJJVkFURS|FTkNSWVBURUQgUFJJVkFURS)[A-Za-z0-9+/=]*",
        group: 0,
    },
    // Base64 of a Docker config (`.dockerconfigjson`): `{"auths":` encodes to
    // `eyJhdXRocyI6`, and the rest holds registry credentials.
    Rule {
        kind: "docker_config",
        anchors: &["eyJhdXRocyI6"],
        pattern: r"\beyJhdXRocyI6[A-Za-z0-9+/=]*",
        group: 0,
    },
    // A Kubernetes Secret's `data`/`stringData` (as in API-server audit logs
    // or `kubectl … -o json` output): every value is a secret, whatever its
    // key. `kind: Secret` may come before the data or after it (sorted keys).
    Rule {
        kind: "kubernetes_secret",
        anchors: &["\"secret"],
        pattern: r#"(?i)\\?"kind\\?"\s*:\s*\\?"secret\\?".*?\\?"(?:data|stringdata)\\?"\s*:\s*\{([^{}]*)\}"#,
        group: 1,
    },
    Rule {
        kind: "kubernetes_secret",
        anchors: &["\"secret"],
        pattern: r#"(?i)\\?"(?:data|stringdata)\\?"\s*:\s*\{([^{}]*)\}.*?\\?"kind\\?"\s*:\s*\\?"secret\\?""#,
        group: 1,
    },
    Rule {
        kind: "password_in_url",
        anchors: &["://"],
        pattern: r"\b[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:([^@\s/]+)@",
        group: 1,
    },
    Rule {
        kind: "bearer",
        anchors: &["bearer"],
        pattern: r"(?i)\bbearer\s+([A-Za-z0-9\-._~+/]{16,}=*)",
        group: 1,
    },
    Rule {
        kind: "basic_auth",
        anchors: &["basic"],
        pattern: r"(?i)\bbasic\s+([A-Za-z0-9+/]{12,}={0,2})",
        group: 1,
    },
];

/// How the names of secret keys end (`db_password`, `x-api-key`, `AccountKey`,
/// `aws_secret`): the anchors of every rule that matches `key = value`. A
/// `…key` name is anchored with the byte before `key` (`api_key`, `apikey`,
/// `accesskey`, `privatekey`, `AccountKey`, `appkey`), which gives a four-byte
/// fingerprint and skips prose such as "monkey" or "keyboard". Such an
/// anchor only wakes its rules when an assignment follows it
/// (`assignment_follows`), so prose such as "Failed password for" or
/// "authentication failure" skips the regexes. The SIMD search screens on an
/// anchor's first three letters, so endings start where English rarely does:
/// `sword` rather than `word` (work, world), `ecret` rather than `secret`
/// (second), `edential` rather than `credential` (create).
pub const KEY_ENDINGS: &[&str] = &[
    "_key", "-key", "ikey", "skey", "ekey", "tkey", "pkey", "i key", "sword", "sswd", "pwd",
    "phrase", "ecret", "token", "auth", "edential",
];

/// `key = value` / `"key": "value"` where the key names a secret, and
/// `secret <value>` (white space only) when the value looks random
/// (`looks_random`): capture 2 is the separator, 3 the value. A quote may
/// be escaped, as JSON inside a string writes it (`\"`, `\u0027`); a
/// backslash is taken only as part of such a quote or of an escaped white
/// space (`\n`) around the separator, so the value never
/// starts inside an escape and its mask never leaves a broken one
/// (`\[REDACTED…`) in a JSON line.
pub const SECRET_KV: Rule = Rule {
    kind: "secret_kv",
    anchors: KEY_ENDINGS,
    pattern: r#"(?i)(?:^|[^A-Za-z0-9_\-:/])([A-Za-z0-9_\-\.]*(?:password|passwd|pwd|passphrase|secret|token|api[_\- ]?key|apikey|access[_\-]?key|private[_\-]?key|auth|credentials?))(?:\\u0022|\\u0027|\\?["'])?((?:\s|\\[nrt])*[:=](?:\s|\\[nrt])*|(?:\s|\\[nrt])+)(?:\\u0022|\\u0027|\\?["'])?([^\s"',;}{()&\\]+)"#,
    group: 3,
};

/// Key names that look secret-ish but hold no secret (pagination, counters, types).
pub fn harmless_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    const HARMLESS: [&str; 18] = [
        "token_type",
        "tokentype",
        "nexttoken",
        "next_token",
        "next_page_token",
        "nextpagetoken",
        "page_token",
        "pagetoken",
        "continuation_token",
        "continuationtoken",
        "max_tokens",
        "maxtokens",
        "token_count",
        "tokens",
        "token_usage",
        "secret_ref",
        "secretref",
        "author",
    ];
    HARMLESS.contains(&key.as_str())
        || key.ends_with("_ref")
        || key.ends_with("_arn")
        || key.ends_with("_id") && !key.contains("secret") && !key.contains("key")
        || key.contains("cursor")
        || key.contains("expires")
        || key.starts_with("prompt_")
        || key.starts_with("completion_")
        || key == "keyid"
        || key == "key_id"
        || key == "oauth"
}

/// Values that are not secrets: placeholders, already-masked text, flags,
/// numbers, and short single-class words like `SIMPLE` (enum values, not keys).
pub fn harmless_value(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let classes = [
        value.bytes().any(|b| b.is_ascii_lowercase()),
        value.bytes().any(|b| b.is_ascii_uppercase()),
        value.bytes().any(|b| b.is_ascii_digit()),
        value.bytes().any(|b| !b.is_ascii_alphanumeric()),
    ];
    let class_count = classes.iter().filter(|c| **c).count();
    value.len() < 6
        || (class_count < 2 && value.len() < 16)
        || value.contains('{')
        || value
            .chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '•' || c == '.')
        || value.starts_with('<')
        || value.starts_with("${")
        || value.starts_with("[REDACTED")
        || value.starts_with("{{")
        || matches!(
            lower.as_str(),
            "null"
                | "none"
                | "true"
                | "false"
                | "undefined"
                | "redacted"
                | "changeme"
                | "bearer"
                | "basic"
        )
        || value.chars().all(|c| c.is_ascii_digit())
        || lower.starts_with("arn:aws:")
        || lower.starts_with("projects/")
        || lower.starts_with("http") && !value.contains('@')
}

use super::random::{looks_random, VALUE_BYTES};

/// Whether `rest` (the bytes after a key ending) start like the pattern's
/// assignment: an optional plural `s` (`credentials`, one anchor for both),
/// an optional backslash and quote, white space, then `:` or `=`.
pub fn assignment_follows(rest: &[u8]) -> bool {
    let rest = rest.strip_prefix(b"s").unwrap_or(rest);
    let rest = rest.strip_prefix(b"\\").unwrap_or(rest);
    let rest = match rest.first() {
        Some(b'"' | b'\'') => &rest[1..],
        _ => rest,
    };
    let after = skip_white_space(rest);
    if matches!(after.first(), Some(b':' | b'=')) {
        return true;
    }
    // `secret 2d38e0…`: white space, then a value that looks random.
    let value_len = after
        .iter()
        .take_while(|&&b| VALUE_BYTES[b as usize])
        .count();
    after.len() < rest.len() && std::str::from_utf8(&after[..value_len]).is_ok_and(looks_random)
}

/// `rest` after its leading white space, as the patterns' `\s` reads it
/// (Unicode White_Space, so `\u{2003}` counts as well as `\t` and `\x0b`).
fn skip_white_space(mut rest: &[u8]) -> &[u8] {
    while let Some(&first) = rest.first() {
        let width = match first {
            b if b.is_ascii_whitespace() || b == 0x0b => 1,
            b if b < 0x80 => break,
            _ => {
                // A multi-byte character: decode just it (the text is UTF-8,
                // and anchors end on a character boundary).
                let width = rest.len().min(4);
                let head = match std::str::from_utf8(&rest[..width]) {
                    Ok(head) => head,
                    Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or(""),
                };
                match head.chars().next() {
                    Some(c) if c.is_whitespace() => c.len_utf8(),
                    _ => break,
                }
            }
        };
        rest = &rest[width..];
    }
    rest
}
