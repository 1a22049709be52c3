//! klog headers, the format of Kubernetes components (kubelet, controllers,
//! ingress-nginx's controller, anything built on k8s.io/klog). klog documents
//! its header as `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`: a severity
//! letter (I, W, E, F), month and day, the time with microseconds, the thread
//! id padded with spaces, and the source location closed by `]`. The header
//! carries no year: the time is returned in 1970 and placed in its year by
//! `year::place` from context (see there).

use super::{clock, days_from_civil, digits, fraction, LogLevel};

/// What a klog header holds; `content_start` is where the message begins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KlogHeader {
    /// Event time in 1970 (the header has no year), epoch milliseconds.
    pub yearless_ms: i64,
    pub level: LogLevel,
    pub content_start: usize,
}

/// Parses a klog header at the start of `line`; `None` when it is not one.
pub fn header(line: &str) -> Option<KlogHeader> {
    let bytes = line.as_bytes();
    let level = match bytes.first()? {
        b'I' => LogLevel::Info,
        b'W' => LogLevel::Warn,
        b'E' => LogLevel::Error,
        b'F' => LogLevel::Fatal,
        _ => return None,
    };
    let month = digits(bytes, 1, 2)?;
    let day = digits(bytes, 3, 2)?;
    if bytes.get(5) != Some(&b' ') {
        return None;
    }
    let (seconds, after_clock) = clock(bytes, 6)?;
    let (millis, mut at) = fraction(bytes, after_clock);
    // The thread id, right-aligned in a space-padded field.
    at = skip(bytes, at, |b| b == b' ');
    let thread_start = at;
    at = skip(bytes, at, |b| b.is_ascii_digit());
    if at == thread_start || bytes.get(at) != Some(&b' ') {
        return None;
    }
    // `file:line]`: no spaces inside, closed by `]`.
    let location_start = at + 1;
    let close = location_start
        + bytes
            .get(location_start..)?
            .iter()
            .position(|b| *b == b']' || *b == b' ')?;
    if bytes[close] != b']' || !bytes[location_start..close].contains(&b':') {
        return None;
    }
    let days = days_from_civil(1970, month, day)?;
    let mut content_start = close + 1;
    if bytes.get(content_start) == Some(&b' ') {
        content_start += 1;
    }
    Some(KlogHeader {
        yearless_ms: (days * 86_400 + seconds) * 1000 + millis,
        level,
        content_start,
    })
}

fn skip(bytes: &[u8], mut at: usize, keep: impl Fn(u8) -> bool) -> usize {
    while at < bytes.len() && keep(bytes[at]) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lines as klog writes them (the header layout from k8s.io/klog's
    // documentation, messages from the kubelet and ingress-nginx).
    #[test]
    fn documented_klog_headers_parse() {
        let line = "I0501 12:34:56.789012    1234 file.go:123] msg";
        let h = header(line).unwrap();
        let expected = ((days_from_civil(1970, 5, 1).unwrap() * 86_400) + 12 * 3600 + 34 * 60 + 56)
            * 1000
            + 789;
        assert_eq!(h.yearless_ms, expected);
        assert_eq!(h.level, LogLevel::Info);
        assert_eq!(&line[h.content_start..], "msg");
        let kubelet = "E1106 11:34:53.000000    2241 kuberuntime_manager.go:1036] \"Container terminated\" pod=\"media/x\"";
        let h = header(kubelet).unwrap();
        assert_eq!(h.level, LogLevel::Error);
        assert!(kubelet[h.content_start..].starts_with("\"Container terminated\""));
        let warn = "W0118 07:01:02.5       1 reflector.go:424] k8s.io/client-go: failed to list";
        assert_eq!(header(warn).unwrap().level, LogLevel::Warn);
    }

    // Kubelet lines as users pasted them into kubernetes/kubernetes issues
    // #84839 and #54760 (the second as journald stores them, where syslog's
    // header comes first and the klog letter still gives the level).
    #[test]
    fn kubelet_lines_from_real_reports() {
        let line = "E1106 05:20:08.917958    4780 aws_credentials.go:77] while getting AWS credentials NoCredentialProviders: no valid providers in chain. Deprecated.";
        let h = header(line).unwrap();
        assert_eq!(h.level, LogLevel::Error);
        assert!(line[h.content_start..].starts_with("while getting AWS credentials"));
        let journald = "Oct 29 13:16:48 centos02 kubelet[4919]: E1029 13:16:48.471488    4919 pod_workers.go:182] Error syncing pod cc89ef7c";
        assert_eq!(header(journald), None);
        let parsed = super::super::parse_line(journald);
        assert_eq!(parsed.level, Some(LogLevel::Error));
        assert!(parsed
            .time_ms
            .is_some_and(crate::ingest::parse::year::is_yearless));
    }

    #[test]
    fn every_prefix_and_multibyte_text_is_safe() {
        let line = "W0118 07:01:02.500000    42 réseau.go:7] é ünïcode ✓";
        for end in (0..=line.len()).filter(|end| line.is_char_boundary(*end)) {
            let prefix = &line[..end];
            if let Some(h) = header(prefix) {
                assert!(prefix.is_char_boundary(h.content_start));
            }
            let _ = super::super::parse_line(prefix);
        }
        assert!(header(line).is_some());
    }

    #[test]
    fn look_alikes_are_not_klog() {
        for line in [
            "I0501 is not a header",
            "INFO 12:34:56 starting",
            "E1399 12:34:56.789012    1 f.go:1] bad month",
            "I0501 12:34:56.789012    1234 no location here",
            "I0501 12:34:56.789012 x file.go:1] thread is not a number",
            "",
        ] {
            assert_eq!(header(line), None, "{line}");
        }
    }
}
