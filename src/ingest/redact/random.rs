//! Whether a bare value looks random: the test that lets `secret <value>`
//! (a secret word, white space, a value — no `:` or `=`) count as a secret
//! without a format list. Built from character classes and entropy, so it
//! covers tokens of any issuer and leaves words, names, versions, UUIDs and
//! paths alone.

/// Bytes a bare secret value is made of (base64, base64url, hex, `.~`).
pub static VALUE_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(c, b'+' | b'/' | b'_' | b'-' | b'=' | b'.' | b'~');
        b += 1;
    }
    table
};

/// Whether a value standing after a secret word with only white space
/// between looks machine-made rather than like a word, a name, a version, a
/// path or an identifier: 16 to 512 bytes of base64/hex/`-_.~` characters
/// with letters and digits, and then either hexadecimal, or free of
/// lowercase words between separators and within a bit of the entropy a
/// random string of its length can have. UUIDs (request and object ids),
/// dotted values (versions, hosts) and paths stay: they are what logs print
/// after "token" or "key" when nothing is secret.
pub fn looks_random(value: &str) -> bool {
    let bytes = value.as_bytes();
    let n = bytes.len();
    if !(16..=512).contains(&n) || !bytes.iter().all(|&b| VALUE_BYTES[b as usize]) {
        return false;
    }
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let dots = bytes.iter().filter(|&&b| b == b'.').count();
    if digits == 0 || letters == 0 || dots >= 2 || bytes[0] == b'/' || is_uuid(bytes) {
        return false;
    }
    // A lowercase word between separators (`min_length_16_chars`,
    // `x86_64-unknown-linux`) is a name, not noise.
    let word_piece = value
        .split(['-', '_', '.', '~', '/', '+', '='])
        .any(|piece| piece.len() >= 3 && piece.bytes().all(|b| b.is_ascii_lowercase()));
    let has_separator = bytes.iter().any(|b| !b.is_ascii_alphanumeric());
    if has_separator && word_piece {
        return false;
    }
    // Shannon entropy per character against the most a string of this
    // length over its alphabet (16 hex digits, else ~64 symbols) can show:
    // random strings come close (99th percentile of the shortfall at 16–40
    // characters: hex 0.6–1.3 bits, base64 0.6–0.9), repeats and words do not.
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let entropy: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n as f64;
            -p * p.log2()
        })
        .sum();
    let (alphabet, slack) = if bytes.iter().all(u8::is_ascii_hexdigit) {
        (16, 1.5)
    } else {
        (64, 1.0)
    };
    entropy >= (n.min(alphabet) as f64).log2() - slack
}

/// `8-4-4-4-12` hexadecimal: a UUID.
fn is_uuid(bytes: &[u8]) -> bool {
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_made_values_look_random() {
        for value in [
            "2d38e0beb0c94f1e8a7d6c5b4a3f2e1d",
            "sk9Xq2LmN4pR7tV1wZ3y",
            "AbCdEf0123456789GhIjKl",
            "Zq81mPr7vT3kQ0aLw9Ex",
        ] {
            assert!(looks_random(value), "{value}");
        }
    }

    #[test]
    fn words_names_versions_and_ids_do_not() {
        for value in [
            "rotation",
            "550e8400-e29b-41d4-a716-446655440000",
            "1.20.1-2+deb12u3",
            "min_length_16_chars",
            "x86_64-unknown-linux-gnu",
            "/var/run/secrets/kubernetes.io/token",
            "admin123",
            "aaaaaaaaaaaa1111111",
            "release-2024-05-01-b",
        ] {
            assert!(!looks_random(value), "{value}");
        }
    }
}
