//! The words of the evidence pack: one markdown bullet per item, times in
//! RFC 3339 UTC, counts with thousands separators, exemplars quoted as code.
//! Each bullet starts with the id an answer cites.

use super::gather::{MetricEvidence, SignalEvidence, TemplateEvidence};
use super::suspect::SuspectChange;
use crate::ingest::SignalKind;

/// Files of a suspect change listed by name; the rest are counted.
const FILES_SHOWN: usize = 8;

pub use crate::clock::rfc3339;

/// `21,865`.
pub fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A value with one decimal, or none when it is whole: `40.1`, `5`.
pub fn value(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        format!("{number:.1}")
    }
}

pub fn kind_name(kind: SignalKind) -> &'static str {
    match kind {
        SignalKind::NewTemplate => "new template",
        SignalKind::Burst => "burst",
        SignalKind::ErrorSurge => "error surge",
        SignalKind::ChangePoint => "metric change point",
        SignalKind::Deploy => "deploy",
    }
}

/// Text quoted inside single backticks cannot hold one.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// `1 line`, `1,656 lines`.
pub fn lines(count: u64) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{} line{plural}", grouped(count))
}

/// `before the onset / from it` counts, or the total without an onset; error lines when any.
fn counts(template: &TemplateEvidence) -> String {
    let errors = |when: &str| match template.errors_after {
        0 => String::new(),
        n => format!(
            " ({} error line{}{when})",
            grouped(n),
            if n == 1 { "" } else { "s" }
        ),
    };
    match (template.before_onset, template.after_onset) {
        (Some(before), Some(after)) => format!(
            "{} before the onset, {} from it{}",
            lines(before),
            grouped(after),
            errors(" from it")
        ),
        _ => format!("{} in all{}", lines(template.count), errors("")),
    }
}

use super::causes::MAX_CAUSES;

/// A template's id, text, counts and first time, and up to `exemplars`
/// examples. `dated` is a time the item already states (a new-template
/// signal's, which is its template's first line): the first time is left
/// out when it is that one, since saying it twice spends the budget on nothing.
fn template_body(template: &TemplateEvidence, exemplars: usize, dated: Option<i64>) -> String {
    let mut out = format!(
        "[{}] {}: {}",
        template.id,
        code(&template.text),
        counts(template)
    );
    // A template of lines without a time of their own (read at a replay's
    // start, time 0) has no first time to tell: no time is better than 1970.
    if dated != Some(template.first_seen_ms) && template.first_seen_ms > 0 {
        out.push_str("; first seen ");
        out.push_str(&rfc3339(template.first_seen_ms));
    }
    // What most lines from the onset said: the examples are the
    // template's first lines, often from before the trouble. Past the
    // lines read (onset_values.rs), the counts say which were.
    if let Some(form) = &template.onset_form {
        let of = |read: u64, all: Option<u64>| match all {
            Some(all) if all > read => format!("of the first {}", grouped(read)),
            _ => format!("of {}", grouped(read)),
        };
        out.push_str(&format!(
            "\n  from the onset {} {} lines read {} ({} {} before)",
            grouped(form.after),
            of(form.after_read, template.after_onset),
            code(&form.text),
            grouped(form.before),
            of(form.before_read, template.before_onset),
        ));
    }
    for exemplar in template
        .exemplars
        .iter()
        .filter(|e| !says_only_the_template(e, &template.text))
        .take(exemplars)
    {
        out.push_str("\n  e.g. ");
        out.push_str(&code(exemplar));
    }
    // The thrown exception says why; it goes with the first exemplar.
    for cause in template.causes.iter().take(exemplars.min(1) * MAX_CAUSES) {
        out.push_str("\n  thrown: ");
        out.push_str(&code(cause));
    }
    // Where the code failed: the frame that raised it.
    if let Some(frame) = template.raised_at.as_ref().filter(|_| exemplars > 0) {
        out.push_str("\n  raised at: ");
        out.push_str(&code(frame));
    }
    out
}

/// Longest line header (time, host, process, level) an example may add to a
/// template with no variable part and still say nothing more.
const MAX_HEADER_CHARS: usize = 80;

/// An example of a template with no variable part that is only the template
/// behind a line header (`2026-10-07T02:13:51Z web-1 app[12]: INFO ` and the
/// template's text) adds nothing but the time, which the item gives: the
/// budget is better spent on another item. A structured record (`{`) keeps
/// its example, since its other fields are not in the template.
fn says_only_the_template(exemplar: &str, text: &str) -> bool {
    if text.contains("<*>") {
        return false;
    }
    let exemplar = exemplar.trim_end();
    exemplar
        .strip_suffix(text.trim())
        .is_some_and(|header| header.chars().count() <= MAX_HEADER_CHARS && !header.contains('{'))
}

/// A signal with its templates, each with up to `exemplars` example lines.
pub fn signal(signal: &SignalEvidence, exemplars: usize) -> String {
    let head = format!(
        "- [{}] {} {}",
        signal.id,
        rfc3339(signal.time_ms),
        kind_name(signal.kind)
    );
    if signal.templates.is_empty() {
        let score = match signal.kind {
            SignalKind::Deploy => String::new(),
            _ => format!(" (score {:.1})", signal.score),
        };
        return format!("{head}{score}: {}\n", signal.title);
    }
    let mut out = format!("{head} (score {:.1}):", signal.score);
    for template in &signal.templates {
        out.push_str("\n  ");
        out.push_str(&template_body(template, exemplars, Some(signal.time_ms)));
    }
    out.push('\n');
    out
}

/// [`signal`], then the signals folded into it (`repeats::fold_repeats`): the
/// same kind about the same templates, raised again at other times.
pub fn signal_again(raised: &SignalEvidence, again: &[(String, i64)], exemplars: usize) -> String {
    let mut out = signal(raised, exemplars);
    if !again.is_empty() {
        let times: Vec<String> = again
            .iter()
            .map(|(id, time_ms)| format!("[{id}] {}", rfc3339(*time_ms)))
            .collect();
        out.push_str(&format!("  raised again: {}\n", times.join(", ")));
    }
    out
}

pub fn metric(metric: &MetricEvidence) -> String {
    let unit = if metric.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", metric.unit)
    };
    let signal = metric
        .signal_id
        .as_ref()
        .map(|id| format!(" (signal [{id}])"))
        .unwrap_or_default();
    format!(
        "- [{}] {} {} changed: mean {}{unit} before, {}{unit} after (shift score {:.1}); last {}{unit} at {}{signal}\n",
        metric.id,
        rfc3339(metric.time_ms),
        metric.name,
        value(metric.mean_before),
        value(metric.mean_after),
        metric.score,
        value(metric.last_value),
        rfc3339(metric.last_ms),
    )
}

/// Words of a reason kept when an earlier suspect's item gave it in full.
const REPEATED_REASON_WORDS: usize = 6;

/// [`change`], with each reason an earlier suspect (`earlier`: reason → its
/// id) gave in full shortened to a pointer: the suspects a deploy shipped
/// together share its long reason, the rollback's and the trouble's start,
/// and repeating them spends the budget on nothing new. Suspects are kept in
/// rank order, so the one pointed at is in the pack whenever this one is.
pub fn change_after(change: &SuspectChange, earlier: &mut Vec<(String, String)>) -> String {
    let mut shown = change.clone();
    for reason in &mut shown.reasons {
        match earlier.iter().find(|(said, _)| said == reason) {
            Some((_, id)) => {
                let opening: Vec<&str> = reason
                    .split_whitespace()
                    .take(REPEATED_REASON_WORDS)
                    .collect();
                *reason = format!("as for [{id}]: {} …", opening.join(" "));
            }
            None => earlier.push((reason.clone(), change.id.clone())),
        }
    }
    self::change(&shown)
}

pub fn change(change: &SuspectChange) -> String {
    let mut files: Vec<String> = change
        .files
        .iter()
        .take(FILES_SHOWN)
        .map(|f| code(f))
        .collect();
    if change.files.len() > FILES_SHOWN {
        files.push(format!("+{} more", change.files.len() - FILES_SHOWN));
    }
    let files = if files.is_empty() {
        "no files".to_string()
    } else {
        files.join(", ")
    };
    let reasons = if change.reasons.is_empty() {
        String::new()
    } else {
        format!("; why: {}", change.reasons.join("; "))
    };
    let verdict = if change.explains {
        "explains the incident"
    } else {
        // Below the threshold, or ruled out by what its reasons say (a
        // rollback after which the errors went on, a provider's announcement,
        // the trouble starting before it ran): the reasons tell which.
        "does not explain it"
    };
    format!(
        "- [{}] {} {} (suspect score {:.2}, {verdict}); files: {files}{reasons}\n",
        change.id,
        rfc3339(change.time_ms),
        code(&change.subject),
        change.score,
    )
}

/// A suspect's changed lines, as an indented block of its item (a fence the
/// diff cannot close: its lines all start with a file name, `+` or `-`).
pub fn changed_lines(id: &str, excerpt: &str) -> String {
    let mut text = format!("- [{id}] changed lines:\n  ```diff\n");
    for line in excerpt.lines() {
        text.push_str("  ");
        text.push_str(&line.replace("```", "'''"));
        text.push('\n');
    }
    text.push_str("  ```\n");
    text
}

/// A line of a written source (notes.rs): when and what it said. Said once,
/// it shows the line itself when it is whole (its template masks its values
/// and the quotes people forward); a line cut to `EXEMPLAR_CHARS` shows the
/// template, which holds its message and fields in full, and the line's cut
/// start. Said more than once, the template with its counts.
pub fn note(template: &TemplateEvidence) -> String {
    if template.count != 1 {
        return self::template(template);
    }
    // As for a template (template_body): no time is better than 1970.
    let when = if template.first_seen_ms > 0 {
        format!(" {}", rfc3339(template.first_seen_ms))
    } else {
        String::new()
    };
    match template.exemplars.first() {
        Some(line) if !line.ends_with('…') => {
            format!("- [{}]{when} {}\n", template.id, code(line))
        }
        Some(line) => format!(
            "- [{}]{when} {}\n  e.g. {}\n",
            template.id,
            code(&template.text),
            code(line)
        ),
        None => format!("- [{}]{when} {}\n", template.id, code(&template.text)),
    }
}

pub fn template(template: &TemplateEvidence) -> String {
    format!("- {}\n", template_body(template, 1, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_full_utc_dates() {
        assert_eq!(rfc3339(1_730_430_270_000), "2024-11-01T03:04:30Z");
        assert_eq!(rfc3339(1_730_430_270_250), "2024-11-01T03:04:30.250Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(i64::MAX), "unknown time");
    }

    #[test]
    fn a_template_of_lines_without_a_time_states_no_first_time() {
        let undated = TemplateEvidence {
            id: "T2ff2".into(),
            text: "Install: <*>".into(),
            count: 11,
            first_seen_ms: 0,
            ..TemplateEvidence::default()
        };
        assert!(
            !template(&undated).contains("1970"),
            "{}",
            template(&undated)
        );
        assert!(!note(&undated).contains("1970"), "{}", note(&undated));
        let dated = TemplateEvidence {
            first_seen_ms: 1_730_430_270_000,
            ..undated
        };
        assert!(template(&dated).contains("first seen 2024-11-01T03:04:30Z"));
    }

    #[test]
    fn a_template_shows_what_most_lines_from_the_onset_read() {
        let form = super::super::onset_values::OnsetForm {
            text: "verify failed errors=[internal-error]".into(),
            after: 1_883,
            after_read: 1_941,
            before: 0,
            before_read: 35,
        };
        let shown = template(&TemplateEvidence {
            id: "Td450".into(),
            text: "verify failed errors=<*>".into(),
            onset_form: Some(form),
            ..TemplateEvidence::default()
        });
        assert!(
            shown.contains(
                "from the onset 1,883 of 1,941 lines read `verify failed errors=[internal-error]` (0 of 35 before)"
            ),
            "{shown}"
        );
    }

    #[test]
    fn counts_are_grouped_and_values_rounded() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(21_865), "21,865");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(value(5.0), "5");
        assert_eq!(value(40.06), "40.1");
    }

    #[test]
    fn an_example_that_only_repeats_a_constant_template_is_left_out() {
        let text = "Evicted pod: Disrupting Node: Underutilized/Replace";
        let header = "2026-10-07T02:13:51Z karpenter-7f9 controller INFO ";
        assert!(says_only_the_template(&format!("{header}{text}"), text));
        assert!(says_only_the_template(text, text));
        // A variable part, a structured record's other fields, or more text
        // after it: the example says more than the template.
        assert!(!says_only_the_template("job 41 done", "job <*> done"));
        let json = format!(r#"{{"msg":"{text}","pod":"fares-api-1"}}"#);
        assert!(!says_only_the_template(&json, text));
        let json_tail = format!(r#"{{"pod":"fares-api-1","msg":"{text}"#);
        assert!(!says_only_the_template(&json_tail, text));
        assert!(!says_only_the_template(
            &format!("{text} (node ip-10-0-1-2)"),
            text
        ));
    }
}
