//! What a deploy line names, read by the field each value sits in.
//!
//! A dotted number is a version only where a version can be: in free text
//! (`deploying checkout-api v7.4.9`) or as the value of a field that names
//! what runs (`version=`, `"release":`, `revision 6636383`, an image's
//! `app:1.4.2` tag). The value of any other field is that field's own:
//! `connect_timeout: 5.0` is a setting and `"ipv4":"10.210.4.20"` an
//! address, and reading them as versions lets a line "name" whichever
//! commit introduced the same text. A dotted quad in free text is an IPv4
//! address (RFC 791's notation), not a version, unless it carries a `v`.

use super::tokens::{is_version, sha_like};

/// The commits and versions a deploy line names.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Named {
    pub shas: Vec<String>,
    pub versions: Vec<String>,
}

/// The last part of a field's key (`git_sha`, `app.version`, `GIT-COMMIT`)
/// that says the value names what runs.
const IDENTITY_KEYS: &[&str] = &[
    "version", "release", "revision", "rev", "commit", "sha", "tag", "build", "image", "ref",
];

pub(super) fn named(line: &str) -> Named {
    let words = words(line);
    let mut named = Named::default();
    // A hex id is a commit where a version could be: in free text or as
    // the value of a field naming what runs. The value of another field is
    // that field's own (a Serilog event's `"@i":"e852cd71"`, a
    // `trace_id=`), and a logger that stamps every record with it would
    // otherwise make every line a deploy of a commit no one can resolve.
    let mut own_field_ids: Vec<String> = Vec::new();
    let mut named_ids: Vec<String> = Vec::new();
    let mut digit_shas: Vec<String> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let text = &line[word.start..word.end];
        let field = field_of(line, &words, i);
        if field == Some(Field::Other) {
            own_field_ids.extend(sha_like(text));
        } else {
            named_ids.extend(sha_like(text));
        }
        match field {
            Some(Field::Identity) => {
                if is_version(text) {
                    named.versions.push(text.to_lowercase());
                } else if is_digit_sha(text) && names_a_commit(&line[..word.start]) {
                    // `revision 6636383`: all digits, so sha_like (which wants
                    // a letter, not to read every number as a commit) missed it.
                    digit_shas.push(text.to_string());
                }
            }
            Some(Field::Other) => {}
            None => {
                if is_free_text_version(text) {
                    named.versions.push(text.to_lowercase());
                }
            }
        }
    }
    named.shas = sha_like(line)
        .into_iter()
        .filter(|id| named_ids.contains(id) || !own_field_ids.contains(id))
        .chain(digit_shas)
        .collect();
    named
}

/// The commits a line names in a field that names a commit (`commit
/// db4b9fa`, `"commit":"db4b9fa"`, `git_sha=…`, `revision …`): what a
/// build-info line reports the running build was made from.
pub(super) fn commit_fields(line: &str) -> Vec<String> {
    let words = words(line);
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if field_of(line, &words, i) != Some(Field::Identity) {
            continue;
        }
        let key = &words[i - 1];
        if names_a_commit(&line[..key.end]) {
            out.extend(sha_like(&line[word.start..word.end]));
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// The value of a field naming what runs.
    Identity,
    /// The value of some other field.
    Other,
}

/// A run of characters a key or a value is made of, by byte offsets.
struct Word {
    start: usize,
    end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')
}

fn words(line: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in line.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.push(trimmed(line, from, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        out.push(trimmed(line, from, line.len()));
    }
    out
}

/// A word without the punctuation that ends a sentence or a list around it.
fn trimmed(line: &str, start: usize, end: usize) -> Word {
    let text = &line[start..end];
    let inner = text.trim_matches(|c: char| matches!(c, '.' | '-' | '+' | '_'));
    let start = start + (text.len() - text.trim_start_matches(['.', '-', '+', '_']).len());
    Word {
        start,
        end: start + inner.len(),
    }
}

/// Which field word `i` is the value of, if any: the word before it is a
/// key followed by `=` or `:` (quotes and spaces allowed around them), or
/// an identity word followed by a space (`revision 6636383`).
fn field_of(line: &str, words: &[Word], i: usize) -> Option<Field> {
    let key = words.get(i.checked_sub(1)?)?;
    let between = &line[key.end..words[i].start];
    let separator: String = between
        .chars()
        .filter(|c| !matches!(c, '"' | '\'' | ' '))
        .collect();
    let key_text = &line[key.start..key.end];
    let identity = is_identity_key(key_text) || is_image_name(line, key);
    match separator.as_str() {
        // `https://…` and `10.0.1.7:3000` are not fields; a port is an
        // address's, and it names nothing either.
        "=" | ":" if !between.contains("//") => Some(if identity {
            Field::Identity
        } else {
            Field::Other
        }),
        "" if between == " " && is_identity_key(key_text) => Some(Field::Identity),
        _ => None,
    }
}

/// ECS field sets (the schema's reference) that describe something other
/// than the running service: its `service`, `container` and `faas` sets are
/// what runs.
const ECS_OTHER_FIELD_SETS: &[&str] = &[
    "agent",
    "as",
    "client",
    "cloud",
    "destination",
    "device",
    "dll",
    "dns",
    "ecs",
    "elf",
    "email",
    "error",
    "event",
    "file",
    "geo",
    "group",
    "hash",
    "host",
    "http",
    "interface",
    "log",
    "macho",
    "network",
    "observer",
    "organization",
    "os",
    "package",
    "pe",
    "process",
    "registry",
    "related",
    "risk",
    "rule",
    "server",
    "source",
    "threat",
    "tls",
    "url",
    "user",
    "user_agent",
    "vlan",
    "volume",
    "vulnerability",
    "x509",
];

fn is_identity_key(key: &str) -> bool {
    // Elastic Common Schema names whose version a dotted key gives by its
    // field set: `service.version` is the service's, while `ecs.version`
    // (the schema's), `agent.version` (the shipper's), `os.version`,
    // `http.version` and the others describe something else, and a shipper
    // stamps them on every record.
    if let Some((set, _)) = key.split_once('.') {
        if ECS_OTHER_FIELD_SETS.contains(&set.to_ascii_lowercase().as_str()) {
            return false;
        }
    }
    let last = key
        .rsplit(['_', '-', '.'])
        .next()
        .unwrap_or(key)
        .to_ascii_lowercase();
    // Flux's `main@sha1:…` and OCI's `sha256:…` name the digest's algorithm.
    let last = last.trim_end_matches(|c: char| c.is_ascii_digit());
    IDENTITY_KEYS.contains(&last)
}

/// `ghcr.io/acme/app:TAG`: a name right after a `/` is an image's, and the
/// value after its `:` is the tag it runs.
fn is_image_name(line: &str, key: &Word) -> bool {
    line[..key.start].ends_with('/')
}

/// Whether the key right before a value (the end of `before`) names a
/// commit, not a release: Capistrano's `release 20260302050140` is a time.
fn names_a_commit(before: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| !c.is_alphanumeric());
    let key = trimmed
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or(trimmed)
        .to_ascii_lowercase();
    ["revision", "rev", "commit", "sha"].contains(&key.as_str())
}

/// Seven to forty decimal digits: a short or full sha that happens to hold
/// no letter.
fn is_digit_sha(text: &str) -> bool {
    (7..=40).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
}

/// Four dot-separated numbers of at most 255: an IPv4 address.
/// A version as free text spells one: with a `v` (`v1.4`), or with the
/// three parts Semantic Versioning gives a release (`2.3.1`, and calendar
/// versions like `2026.02.05.1`). A bare `0.72` or `1.5` in prose is a
/// number (a threshold, a ratio, a limit), and a dotted quad an address.
fn is_free_text_version(text: &str) -> bool {
    if !is_version(text) || is_dotted_quad(text) {
        return false;
    }
    let prefixed = text.starts_with(['v', 'V']);
    let parts = text
        .split(['-', '+'])
        .next()
        .unwrap_or("")
        .split('.')
        .count();
    prefixed || parts >= 3
}

fn is_dotted_quad(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u16>().is_ok_and(|n| n <= 255))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(line: &str) -> Vec<String> {
        named(line).versions
    }

    #[test]
    fn free_text_and_identity_fields_name_versions() {
        assert_eq!(
            versions("deploy-bot starting rollout checkout-api v7.4.9"),
            ["v7.4.9"]
        );
        assert_eq!(versions("level=info msg=deployed version=2.3.1"), ["2.3.1"]);
        assert_eq!(
            versions(r#"{"msg":"deploy","app_version":"1.4.0"}"#),
            ["1.4.0"]
        );
        assert_eq!(
            versions("kubectl set image deployment/api api=registry.io/shop/api:1.27.3"),
            ["1.27.3"]
        );
        assert_eq!(
            versions("release 2026.02.05.1 rolled out"),
            ["2026.02.05.1"]
        );
    }

    #[test]
    fn settings_and_addresses_are_not_versions() {
        assert!(versions("starting worker version=ab12cd3 connect_timeout: 5.0").is_empty());
        assert!(
            versions(r#"{"kind":"Deployment","destination":{"ipv4":"10.210.4.20"}}"#).is_empty()
        );
        assert!(versions("deploy finished on 10.0.1.7:3000 from 10.210.4.20").is_empty());
        assert!(
            versions("deploying 2026.11.30-1 at ~23:20 (threshold 0.72, ratio 1.5)")
                == ["2026.11.30-1"],
            "a decimal in prose is a number"
        );
        assert_eq!(versions("deploying api v1.5"), ["v1.5"]);
        assert_eq!(versions("upgrade to v10.210.4.20"), ["v10.210.4.20"]);
    }

    #[test]
    fn a_revision_of_digits_is_a_commit() {
        let line = "Booted Rails 7.1.5 application in production environment (release 20260302050140, revision 6636383)";
        let rails = named(line);
        assert_eq!(rails.shas, ["6636383"]);
        assert_eq!(rails.versions, ["7.1.5"], "free text is still read");
        assert!(
            named("deploy took 1234567 ms").shas.is_empty(),
            "a number is a commit only in a field that names one"
        );
    }

    #[test]
    fn an_id_in_a_field_of_its_own_is_not_a_commit() {
        // Serilog's compact JSON stamps every event with its template's id
        // and the build: neither the id nor the schema's version is a deploy.
        let clef = r#"{"@t":"2026-09-11T12:31:27Z","@m":"Dispatcher: 0 pending","@i":"e852cd71","Version":"4.18.0"}"#;
        let read = named(clef);
        assert!(read.shas.is_empty(), "{:?}", read.shas);
        assert_eq!(read.versions, ["4.18.0"]);
        let ecs = r#"{"message":"rejected execution","ecs.version":"1.2.0","agent.version":"8.14.3","service.version":"3.1.0"}"#;
        assert_eq!(named(ecs).versions, ["3.1.0"]);
        // Free text and fields that name what runs still name commits.
        assert_eq!(named("Initiated sync to 'ab12cd3'").shas, ["ab12cd3"]);
        assert_eq!(
            named("deploy commit=ab12cd3 trace_id=9f3e2d1c").shas,
            ["ab12cd3"]
        );
        assert_eq!(
            named("Flux: revision main@sha1:4f9e2a1c0b7d reconciled").shas,
            ["4f9e2a1c0b7d"]
        );
    }
}
