//! Token shapes that read as values or as parts of values, whatever the
//! line: hashes, paths, dotted names, placeholders, calendar words and units.
//! Each rule comes from how such values are written (a hash is a run of hex
//! digits, a path is `/`-separated segments), never from one log's words.

/// `<none>`, `<nil>`, `<unknown>`: a word in angle brackets stands where a
/// value is absent, so it is that value's slot.
pub fn is_placeholder(token: &str) -> bool {
    token.len() >= 3
        && token.starts_with('<')
        && token.ends_with('>')
        && token[1..token.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
}

/// Seven or more hexadecimal digits with letters among them: a hash or id.
pub fn is_hex_id(token: &str) -> bool {
    token.len() >= 7
        && token.bytes().all(|b| b.is_ascii_hexdigit())
        && token.bytes().any(|b| b.is_ascii_alphabetic())
}

/// `a.b.c` and longer: host names, FQDNs, dotted class or property paths.
pub fn is_dotted_name(core: &str) -> bool {
    if core.len() < 5 {
        return false;
    }
    if core.rsplit('.').next().is_some_and(is_exception_type) {
        return false;
    }
    let mut parts = 0;
    for part in core.split('.') {
        if part.is_empty()
            || !part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return false;
        }
        parts += 1;
    }
    parts >= 3
}

/// A class name that by the languages' naming conventions is a thrown type
/// (`CertificateExpiredException`, `OutOfMemoryError`): what failed, a
/// constant of the code, so its qualified name (`java.security.cert.…`) is
/// not a host or a value.
fn is_exception_type(name: &str) -> bool {
    name.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && (name.ends_with("Exception") || name.ends_with("Error"))
}

/// Cheap pre-check for `is_calendar_word`: 3 to 7 bytes, opening with a capital
/// or a bracket/quote (most words are skipped without trimming).
pub fn maybe_calendar(token: &str) -> bool {
    token.len() >= 3
        && matches!(
            token.as_bytes()[0],
            b'A'..=b'Z' | b'(' | b'[' | b'{' | b'"' | b'\''
        )
}

/// Capitalized English weekday and month abbreviations (`Sun`, `Jul`).
pub fn is_calendar_word(core: &str) -> bool {
    const NAMES: [&str; 19] = [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    core.len() == 3 && NAMES.contains(&core)
}

/// A unit word that, after a value, belongs to it (`bytes`, `KB)`, `ms,`).
pub fn is_unit(token: &str) -> bool {
    const UNITS: [&str; 27] = [
        "b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "bytes", "byte", "ms", "us", "ns", "s",
        "sec", "secs", "second", "seconds", "min", "mins", "minutes", "h", "hr", "hrs", "hours",
        "%", "µs",
    ];
    // Most tokens fail on length or first letter; skip the table for them.
    let first = token.as_bytes().first().map(u8::to_ascii_lowercase);
    if token.len() > 9
        || !matches!(
            first,
            Some(
                b'b' | b'k'
                    | b'm'
                    | b'g'
                    | b't'
                    | b'n'
                    | b'u'
                    | b's'
                    | b'h'
                    | b'%'
                    | 0xc2
                    | b'('
                    | b')'
                    | b'['
                    | b']'
                    | b','
                    | b';'
            )
        )
    {
        return false;
    }
    let core = token.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ',' | ';'));
    core.len() <= 7 && UNITS.iter().any(|u| u.eq_ignore_ascii_case(core))
}

/// `/usr/bin/less`, `./configure`, `~/.cache/x`, `https://example.org/a`: a
/// file or resource path names one thing among many, so it is a value even
/// without digits. A lone `/` or a one-slash word (`and/or`, `HTTP/1.1`'s
/// kind) is not.
pub fn is_path(core: &str) -> bool {
    let rooted = core.starts_with('/') || core.starts_with("./") || core.starts_with("../");
    let home = core.starts_with("~/");
    let slashes = core.bytes().filter(|&b| b == b'/').count();
    ((rooted || home) && slashes >= 2 && core.len() >= 4)
        || core.split_once("://").is_some_and(|(scheme, rest)| {
            !scheme.is_empty()
                && scheme.bytes().all(|b| b.is_ascii_alphabetic())
                && !rest.is_empty()
        })
}

/// Cheap pre-check for `is_path`: it opens like a path (after a quote or
/// bracket) or holds a scheme's `:`.
pub fn maybe_path(token: &str) -> bool {
    let at = token
        .bytes()
        .position(|b| !matches!(b, b'"' | b'\'' | b'(' | b'[' | b'{'))
        .unwrap_or(0);
    matches!(token.as_bytes().get(at), Some(b'/' | b'.' | b'~'))
        || memchr::memchr(b':', token.as_bytes()).is_some_and(|i| token[i..].starts_with("://"))
}

/// A run of seven or more hexadecimal digits, digits and letters mixed: a
/// hash or an object id (`dedee9a11fffea…`), even when few of its characters
/// are digits.
pub fn is_hex_run(bytes: &[u8]) -> bool {
    bytes.len() >= 7
        && bytes.iter().all(u8::is_ascii_hexdigit)
        && bytes.iter().any(u8::is_ascii_digit)
        && bytes.iter().any(u8::is_ascii_alphabetic)
}

/// `-y`, `-qqy`, `--install`, `--log.level=debug`: a command-line option
/// (POSIX `-` and letters, GNU `--` and a name). A lone `-` or `--`, a
/// negative number (`-1`) or a dash before a digit is not one.
#[inline(never)]
pub fn is_option(token: &str) -> bool {
    let bytes = token.as_bytes();
    match bytes {
        [b'-', b'-', first, rest @ ..] => {
            first.is_ascii_alphabetic()
                && rest
                    .iter()
                    .take_while(|&&b| b != b'=')
                    .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
        [b'-', rest @ ..] => !rest.is_empty() && rest.iter().all(u8::is_ascii_alphabetic),
        _ => false,
    }
}

/// Hex groups joined by colons — a MAC address (`00:1a:2b:e3:ba:c3`), an IPv6
/// address (`fe80::1`, its `::` an empty group), a byte dump (`FF:F2:9F`):
/// one value, even though a group alone (`e3`, `C1`) may read as a word.
pub fn is_hex_groups(token: &str) -> bool {
    let mut groups = 0;
    for group in token.split(':') {
        if group.len() > 4 || !group.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
        groups += usize::from(!group.is_empty());
    }
    groups >= 3
}

/// Letters and then one digit — `G1`, `L2`, `S5`, `eth1`, `alt0` — names
/// the thing's maker numbered (a collector, a cache level, a sleep state, an
/// interface), not a value that varies: short as they are, they would
/// otherwise count as digit-heavy. Ids mix their digits in (`e08x`,
/// `jA9JBVPb007417`) or carry several (`bglio617`, `fpr29`).
pub fn is_numbered_name(bytes: &[u8]) -> bool {
    match bytes.split_last() {
        Some((last, letters)) => {
            last.is_ascii_digit()
                && !letters.is_empty()
                && letters.iter().all(u8::is_ascii_alphabetic)
        }
        None => false,
    }
}

/// Keys whose value is the event's own words, not a parameter of it: a
/// structured logger's message and reason fields (logfmt's `msg`, the
/// `message`/`reason`/`detail` of an API's error, Go's `err`).
/// An error code's word value names the failure from a fixed, documented
/// vocabulary (Stripe's `code=amount_too_small`, AWS's `AccessDenied`,
/// gRPC's status names): what happened, as a message key's words are.
const MESSAGE_KEYS: &[&str] = &[
    "msg=",
    "message=",
    "reason=",
    "detail=",
    "error=",
    "err=",
    "code=",
    "error_code=",
    "errorcode=",
    "action=",
];

/// Message keys whose word value comes from a fixed vocabulary — an API's
/// error codes, a Kubernetes event's reason (`BackOff`, `OOMKilling`), a
/// gate's refusal reason (`CARD_AUTH`, `NO_TICKET`), a firewall's or a
/// job's action (FortiGate's `action="deny"`, `accept`, `close`) — so that two values are
/// two events, never one template's variable: `code=card_declined` and
/// `code=expired_card` happen for different reasons.
const CODE_KEYS: &[&str] = &["reason=", "code=", "error_code=", "errorcode=", "action="];

/// The key of `token` when it is `key=value` with a code key (`CODE_KEYS`)
/// and a word for its value: two such tokens with the same key and other
/// values name different events (compare.rs does not merge them).
pub fn code_field_key(token: &str) -> Option<&str> {
    let at = token.find('=')?;
    let (key, value) = token.split_at(at + 1);
    let code_key = CODE_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k));
    (code_key && !value.starts_with(['"', '\'']) && is_message_field(key, value)).then_some(key)
}

/// Whether `key=value` carries the event's words: a message key whose value
/// is a word (`reason=unknown_user`, `message='Invalid`, the first word of a
/// message written unquoted). Those are what the line says happened; masked,
/// `message=Request has expired` and `message=Access denied` would be one
/// template. Values with digits stay values (the caller's profile).
pub(super) fn is_message_field(key: &str, value: &str) -> bool {
    if !MESSAGE_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k)) {
        return false;
    }
    // A double-quoted value with spaces is one token (mask/quoted.rs): the
    // whole message, kept as words.
    let quoted = value.len() > 2 && value.starts_with('"') && value.ends_with('"');
    let word = value
        .trim_start_matches(['\'', '"'])
        .trim_end_matches(['\'', '"', ',', ';', '.', ':']);
    !word.is_empty()
        && word.bytes().all(|b| {
            b.is_ascii_alphabetic() || b == b'_' || b == b'-' || (quoted && b" ',.".contains(&b))
        })
}
