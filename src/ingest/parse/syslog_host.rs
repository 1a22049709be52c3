//! Where a BSD syslog line's message starts: after its host.
//!
//! RFC 3164 (§4.1) lays a line out as `TIMESTAMP HOSTNAME TAG[PID]: CONTENT`
//! (`Dec 30 07:03:09 tms-mon sitemaster[3002]: ingest: job 68522 …`). The
//! host names the machine, not the event: kept in the message, a fleet's one
//! message becomes one template per host, and seven hosts' identical errors
//! fill an evidence pack seven times over. The tag (the program) stays: it
//! says which program wrote the message.

/// The byte offset the message starts at: past the host when `line` opens
/// with an RFC 3164 timestamp (`Mmm dd hh:mm:ss`, ending at `after_time`)
/// followed by a host and a tag (`name[pid]:` or `name:`); else `after_time`.
pub fn content_start(line: &str, after_time: usize) -> usize {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let bsd = line
        .get(..4)
        .is_some_and(|head| head.ends_with(' ') && MONTHS.contains(&&head[..3]));
    let Some(rest) = line.get(after_time..).filter(|_| bsd) else {
        return after_time;
    };
    let Some((host, after_host)) = rest.split_once(' ') else {
        return after_time;
    };
    let host_ok = (1..=64).contains(&host.len())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && super::level_word(host.as_bytes()).is_none();
    if host_ok && is_tag(after_host) {
        after_time + host.len() + 1
    } else {
        after_time
    }
}

/// `sitemaster[3002]: …`, `CRON[1234]: …`, `kernel: …`: a program name, an
/// optional process id in brackets, then a colon ending the token.
fn is_tag(text: &str) -> bool {
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-')))
        .unwrap_or(text.len());
    if name_end == 0 {
        return false;
    }
    let mut rest = &text[name_end..];
    if let Some(pid) = rest.strip_prefix('[') {
        let Some(close) = pid.find(']') else {
            return false;
        };
        if close == 0 || !pid[..close].bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        rest = &pid[close + 1..];
    }
    rest.strip_prefix(':')
        .is_some_and(|after| after.is_empty() || after.starts_with(' '))
}

#[cfg(test)]
mod tests {
    use super::content_start;

    fn message(line: &str) -> &str {
        let (_, after_time) = crate::ingest::parse::find_timestamp(line);
        &line[content_start(line, after_time)..]
    }

    #[test]
    fn a_bsd_syslog_message_starts_at_its_program() {
        assert_eq!(
            message("Dec 30 07:03:09 tms-mon sitemaster[3002]: ingest: job 68522 failed"),
            "sitemaster[3002]: ingest: job 68522 failed"
        );
        assert_eq!(
            message("Oct  1 10:18:46 modreg-web1 kernel: eth0: link down"),
            "kernel: eth0: link down"
        );
    }

    #[test]
    fn other_lines_keep_what_follows_their_time() {
        // No host: a level, then a logger.
        assert_eq!(
            message("Dec 30 07:03:09 ERROR worker: queue full"),
            "ERROR worker: queue full"
        );
        // Not a tag: no colon ending the second token.
        assert_eq!(
            message("Dec 30 07:03:09 backup finished in 3 s"),
            "backup finished in 3 s"
        );
        // ISO times are not RFC 3164's.
        assert_eq!(
            message("2026-12-30T07:03:09Z web-1 nginx[12]: started"),
            "web-1 nginx[12]: started"
        );
    }
}
