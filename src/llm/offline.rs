//! The offline analyst: a deterministic summary, runbook and postmortem
//! skeleton written from the evidence pack, used when no LLM is configured
//! or reachable, and clearly labelled as such. It holds itself to the rules
//! the prompts give a model: every fact cites the pack item it comes from,
//! the cause is labelled a hypothesis, and what the pack does not tell is
//! "unknown" — so its drafts pass the citation verifier clean.

use std::fmt::Write;

use crate::incident::gather::{MetricEvidence, SignalEvidence, TemplateEvidence};
use crate::incident::pack::{Evidence, EvidencePack, ItemKind, PackInput, DEFAULT_CONTEXT_TOKENS};
use crate::incident::render::{grouped, kind_name, lines, rfc3339, value};
use crate::incident::SuspectChange;
use crate::ingest::{Engine, SignalKind};

pub const LABEL: &str = "offline analyst — produced without an LLM";

/// Signals listed under "What broke" and error templates under "Blast radius".
const HEADLINE_ITEMS: usize = 3;
/// Items listed under "Evidence" and in the postmortem timeline.
const LISTED_ITEMS: usize = 12;

/// A draft of `kind` (`summary`, `runbook`, `postmortem`) in markdown, from
/// the engine's evidence pack at the default budget (no repository read).
pub fn draft(kind: &str, engine: &Engine, incident_id: &str) -> String {
    let pack = EvidencePack::build(
        engine,
        &PackInput {
            onset_ms: None,
            suspects: None,
            budget_tokens: DEFAULT_CONTEXT_TOKENS,
        },
    );
    draft_from_pack(kind, &pack, incident_id)
}

/// A draft of `kind` written only from `pack`, citing only its ids.
pub fn draft_from_pack(kind: &str, pack: &EvidencePack, incident_id: &str) -> String {
    let facts = Facts::from_pack(pack);
    match kind {
        "runbook" => runbook(&facts, incident_id),
        "postmortem" => postmortem(&facts, incident_id),
        _ => summary(&facts, incident_id),
    }
}

/// The pack's items sorted into what the drafts talk about.
struct Facts<'a> {
    /// Non-deploy signals, in time order.
    signals: Vec<&'a SignalEvidence>,
    deploys: Vec<&'a SignalEvidence>,
    metrics: Vec<&'a MetricEvidence>,
    /// Suspects by score, highest first; None when no repository was read.
    suspects: Option<Vec<&'a SuspectChange>>,
    /// Templates with error lines from the onset, most first.
    error_templates: Vec<&'a TemplateEvidence>,
    /// The earliest signal or metric change: (time, id).
    first: Option<(i64, &'a str)>,
    /// A cloud provider's own announcements, oldest first.
    announcements: Vec<&'a TemplateEvidence>,
    /// Items were cut from the pack to meet its budget.
    truncated: bool,
    onset_ms: Option<i64>,
}

impl<'a> Facts<'a> {
    fn from_pack(pack: &'a EvidencePack) -> Facts<'a> {
        let mut facts = Facts {
            signals: Vec::new(),
            deploys: Vec::new(),
            metrics: Vec::new(),
            suspects: pack.repository_read.then(Vec::new),
            error_templates: Vec::new(),
            first: None,
            announcements: Vec::new(),
            truncated: pack.truncated,
            onset_ms: pack.onset_ms,
        };
        for item in &pack.items {
            if let (ItemKind::Announcement, Evidence::Template(t)) = (item.kind, &item.evidence) {
                facts.announcements.push(t);
            }
            match &item.evidence {
                Evidence::Signal(s) if s.kind == SignalKind::Deploy => facts.deploys.push(s),
                Evidence::Signal(s) => {
                    facts.signals.push(s);
                    facts.error_templates.extend(&s.templates);
                }
                Evidence::MetricChange(m) => facts.metrics.push(m),
                Evidence::Change(c) => facts.suspects.get_or_insert_with(Vec::new).push(c),
                Evidence::Template(t) => facts.error_templates.push(t),
                // What a suspect changed is for a model to read; the analyst
                // goes by the ranking's verdict.
                Evidence::ChangedLines { .. } => {}
            }
        }
        facts.error_templates.retain(|t| t.errors_after > 0);
        facts
            .error_templates
            .sort_by(|a, b| b.errors_after.cmp(&a.errors_after).then(a.id.cmp(&b.id)));
        facts.error_templates.dedup_by(|a, b| a.id == b.id);
        facts.announcements.sort_by_key(|t| t.first_seen_ms);
        if let Some(suspects) = &mut facts.suspects {
            suspects.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        }
        // The first signal of this trouble: one long before the onset (a
        // metric that stepped two days earlier, a deploy's chatter) is
        // context, not when it began; within the time a cause takes to reach
        // the logs before it (`PROPAGATION_MS`) it may be the first sign.
        let near = |time_ms: i64| {
            facts
                .onset_ms
                .is_none_or(|onset| time_ms >= onset - crate::ingest::signals::PROPAGATION_MS)
        };
        let signal_times = facts.signals.iter().map(|s| (s.time_ms, s.id.as_str()));
        let metric_times = facts.metrics.iter().map(|m| (m.time_ms, m.id.as_str()));
        let times: Vec<(i64, &str)> = signal_times.chain(metric_times).collect();
        facts.first = times
            .iter()
            .copied()
            .filter(|(time_ms, _)| near(*time_ms))
            .min()
            .or_else(|| times.iter().copied().min());
        facts
    }

    /// Signals by the error lines their templates show from the onset, then by time.
    fn headline_signals(&self) -> Vec<&'a SignalEvidence> {
        let errors = |s: &SignalEvidence| {
            s.templates
                .iter()
                .map(|t| t.errors_after)
                .max()
                .unwrap_or(0)
        };
        // A signal from before the onset without errors (a restart's
        // start-up lines, a deploy's chatter) is context, not what broke:
        // after those from the onset.
        let from_onset = |s: &SignalEvidence| self.onset_ms.is_none_or(|onset| s.time_ms >= onset);
        let mut ranked = self.signals.clone();
        ranked.sort_by(|a, b| {
            errors(b)
                .cmp(&errors(a))
                .then(from_onset(b).cmp(&from_onset(a)))
                .then(a.time_ms.cmp(&b.time_ms))
        });
        ranked.truncate(HEADLINE_ITEMS);
        // The first error to appear is closest to the cause; the loudest are
        // often its consequences (every caller's 5xx), so it is named too.
        let earliest = self
            .signals
            .iter()
            .filter(|s| errors(s) > 0)
            .min_by_key(|s| s.time_ms);
        if let Some(first) = earliest.filter(|f| !ranked.iter().any(|r| r.id == f.id)) {
            ranked.push(first);
        }
        ranked
    }

    /// Why something is not in the pack: not seen yet, or cut to fit the budget.
    fn absent(&self, what: &str) -> String {
        if self.truncated {
            format!("unknown: no {what} is in the evidence pack, which was cut to fit its budget")
        } else {
            format!("unknown: no {what} yet")
        }
    }

    /// The change that most plausibly started it: the top suspect, else the
    /// last deploy before the first signal. (time, id, description)
    fn suspect(&self) -> Option<(i64, &'a str, String)> {
        if let Some(suspects) = &self.suspects {
            // The reader ruled on them: only one that explains is a hypothesis.
            return suspects.iter().find(|c| c.explains).map(|top| {
                (
                    top.time_ms,
                    top.id.as_str(),
                    format!("the change `{}`", top.subject),
                )
            });
        }
        self.deploys
            .iter()
            .rfind(|d| self.first.is_none_or(|(at, _)| d.time_ms <= at))
            .map(|d| (d.time_ms, d.id.as_str(), format!("the {}", d.title)))
    }
}

fn signal_line(signal: &SignalEvidence) -> String {
    match signal.templates.first() {
        Some(template) => format!(
            "{} {} `{}`{}, {} from the onset [{}, {}]",
            rfc3339(signal.time_ms),
            kind_name(signal.kind),
            template.text,
            thrown(template),
            lines(template.after_onset.unwrap_or(template.count)),
            signal.id,
            template.id
        ),
        None => format!(
            "{} {}: {} [{}]",
            rfc3339(signal.time_ms),
            kind_name(signal.kind),
            signal.title,
            signal.id
        ),
    }
}

/// The exceptions its stack traces stated, when they did, and where:
/// `(thrown: …; raised at …)`.
fn thrown(template: &TemplateEvidence) -> String {
    if template.causes.is_empty() {
        return String::new();
    }
    let causes: Vec<String> = template.causes.iter().map(|c| format!("`{c}`")).collect();
    match &template.raised_at {
        Some(frame) => format!(" (thrown: {}; raised at `{frame}`)", causes.join("; ")),
        None => format!(" (thrown: {})", causes.join("; ")),
    }
}

fn metric_line(metric: &MetricEvidence) -> String {
    let unit = if metric.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", metric.unit)
    };
    format!(
        "{} {}: mean {}{unit} before, {}{unit} after [{}]",
        rfc3339(metric.time_ms),
        metric.name,
        value(metric.mean_before),
        value(metric.mean_after),
        metric.id
    )
}

fn blast_radius(facts: &Facts) -> String {
    if facts.error_templates.is_empty() {
        return format!("{}.", facts.absent("template with error lines"));
    }
    let parts: Vec<String> = facts
        .error_templates
        .iter()
        .take(HEADLINE_ITEMS)
        .map(|t| {
            format!(
                "{} error {} of `{}` [{}]",
                grouped(t.errors_after),
                noun(t.errors_after),
                t.text,
                t.id
            )
        })
        .collect();
    format!("{} from the onset.", parts.join("; "))
}

fn noun(count: u64) -> &'static str {
    if count == 1 {
        "line"
    } else {
        "lines"
    }
}

fn what_changed(facts: &Facts) -> String {
    let mut parts = Vec::new();
    match &facts.suspects {
        None => parts.push("commits: unknown, no repository was read".to_string()),
        Some(s) if s.is_empty() => {
            parts.push("no commit in the repository's window before the onset".to_string())
        }
        Some(suspects) => parts.extend(suspects.iter().take(HEADLINE_ITEMS).map(|c| {
            format!(
                "{} `{}` (suspect score {:.2}) [{}]",
                rfc3339(c.time_ms),
                c.subject,
                c.score,
                c.id
            )
        })),
    }
    match facts.deploys.as_slice() {
        [] => parts.push("deploys: unknown, none in the evidence pack".to_string()),
        deploys => parts.extend(
            deploys
                .iter()
                .map(|d| format!("{} {} [{}]", rfc3339(d.time_ms), d.title, d.id)),
        ),
    }
    parts.join("; ")
}

fn hypothesis(facts: &Facts) -> String {
    match (facts.suspect(), facts.first) {
        (Some((change_ms, change_id, what)), Some((first_ms, first_id))) if change_ms <= first_ms => format!(
            "**Hypothesis:** {what} at {} started it: it came {} before the first signal at {} [{change_id}, {first_id}]. Confirm by reading the change against the first error template.",
            rfc3339(change_ms),
            duration((first_ms - change_ms) / 1000),
            rfc3339(first_ms),
        ),
        (_, Some((first_ms, first_id))) => {
            let no_change = match &facts.suspects {
                Some(s) if !s.is_empty() && !s.iter().any(|c| c.explains) => {
                    "No change in this repo explains it: no suspect reaches the threshold without being ruled out"
                }
                _ => "No change in the evidence pack comes before the first signal",
            };
            match facts.announcements.first() {
                Some(said) => format!(
                    "**Hypothesis:** the environment. The provider announced `{}` at {}, {} the first signal at {} [{}, {first_id}]. {no_change}; confirm with the provider's status and the dependency the errors name.",
                    said.text,
                    rfc3339(said.first_seen_ms),
                    if said.first_seen_ms <= first_ms { "before" } else { "after" },
                    rfc3339(first_ms),
                    said.id,
                ),
                None => format!(
                    "**Hypothesis:** unknown. {no_change} [{first_id}]; look at dependencies and traffic."
                ),
            }
        }
        (_, None) => format!("**Hypothesis:** {}.", facts.absent("signal")),
    }
}

fn duration(secs: i64) -> String {
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7_200 => format!("{} min", s / 60),
        s => format!("{} h", s / 3_600),
    }
}

fn summary(facts: &Facts, incident_id: &str) -> String {
    let mut out = format!(
        "# Incident summary — {incident_id}\n\n_{LABEL}. Facts cite the evidence pack; the cause is a hypothesis to confirm; \"unknown\" means the evidence does not tell._\n\n"
    );
    let broke: Vec<String> = facts
        .headline_signals()
        .into_iter()
        .map(signal_line)
        .collect();
    if broke.is_empty() {
        let _ = writeln!(out, "**What broke:** {}.", facts.absent("signal"));
    } else {
        let _ = writeln!(out, "**What broke:** {}.", broke.join("; "));
    }
    match facts.first {
        Some((at, id)) => {
            let _ = writeln!(out, "**Since when:** {} [{id}].", rfc3339(at));
        }
        None => out.push_str("**Since when:** unknown.\n"),
    }
    let _ = writeln!(out, "**Blast radius:** {}", blast_radius(facts));
    if !facts.metrics.is_empty() {
        let metrics: Vec<String> = facts
            .metrics
            .iter()
            .take(HEADLINE_ITEMS)
            .map(|m| metric_line(m))
            .collect();
        let _ = writeln!(out, "**Metrics:** {}.", metrics.join("; "));
    }
    let _ = writeln!(out, "**What changed:** {}.", what_changed(facts));
    let _ = writeln!(out, "{}", hypothesis(facts));
    out.push_str("**Next step:** compare the suspect change with the first error template, read-only (`git show`, `lookout signals --json`).\n");
    out.push_str("\n## Evidence\n");
    for signal in facts
        .signals
        .iter()
        .chain(&facts.deploys)
        .take(LISTED_ITEMS)
    {
        let _ = writeln!(out, "- {}", signal_line(signal));
    }
    for metric in &facts.metrics {
        let _ = writeln!(out, "- {}", metric_line(metric));
    }
    out
}

fn runbook(facts: &Facts, incident_id: &str) -> String {
    let mut out = format!(
        "# Runbook — {incident_id}\n\n_{LABEL}: a skeleton to edit; every command is read-only; steps cite the evidence pack._\n\n"
    );
    let symptom = match (facts.headline_signals().first(), facts.metrics.first()) {
        (Some(s), _) => signal_line(s),
        (None, Some(m)) => metric_line(m),
        (None, None) => facts.absent("signal"),
    };
    let _ = writeln!(out, "1. **Confirm the symptom:** {symptom}.\n   - verify: `lookout signals <logs> --json`; the error-rate and latency dashboards against the baseline.");
    match facts.suspect() {
        Some((at, id, what)) => {
            let _ = writeln!(out, "2. **Inspect the suspect change:** {what} at {} [{id}].\n   - verify: `git show <commit>` in the service's repository; `kubectl rollout history deployment/<service>` (read-only)", rfc3339(at));
        }
        None => out.push_str("2. **Find what changed:** unknown, no suspect change or deploy is in the evidence pack.\n   - verify: `git log --since=<onset - 24h>` in the service's repository; the deploy history (read-only)\n"),
    }
    match facts.error_templates.first() {
        Some(t) => {
            let _ = writeln!(out, "3. **Check what the top error template names:** `{}` [{}].\n   - verify: `kubectl describe deployment/<service>` and that dependency's own metrics (read-only)", t.text, t.id);
        }
        None => out.push_str("3. **Check the dependencies:** the top error template is unknown, none is in the evidence pack.\n   - verify: `kubectl describe deployment/<service>` and each dependency's metrics (read-only)\n"),
    }
    out.push_str("4. **Decide: roll back or fix forward.** Prepare the change as a reviewed PR (`lookout propose --level 1`); it requires a reviewed change.\n   - verify: the error rate returns to its baseline and stays there for the SLO window.\n");
    out.push_str(
        "5. **Communicate.** Post status, owner and next update time in the incident channel.\n",
    );
    out
}

fn postmortem(facts: &Facts, incident_id: &str) -> String {
    let mut out = format!(
        "# Postmortem — {incident_id} (no-blame)\n\n_{LABEL}: a skeleton; facts cite the evidence pack, the rest is for the team to fill in._\n\n## Impact\n"
    );
    let _ = writeln!(out, "- Error lines: {}", blast_radius(facts));
    for metric in facts.metrics.iter().take(HEADLINE_ITEMS) {
        let _ = writeln!(out, "- {}", metric_line(metric));
    }
    out.push_str("\n## Timeline (UTC)\n");
    let mut entries: Vec<(i64, String)> = Vec::new();
    if let Some(suspects) = &facts.suspects {
        entries.extend(suspects.iter().take(HEADLINE_ITEMS).map(|c| {
            (
                c.time_ms,
                format!("{} commit `{}` [{}]", rfc3339(c.time_ms), c.subject, c.id),
            )
        }));
    }
    entries.extend(
        facts
            .deploys
            .iter()
            .chain(&facts.signals)
            .map(|s| (s.time_ms, signal_line(s))),
    );
    entries.extend(facts.metrics.iter().map(|m| (m.time_ms, metric_line(m))));
    entries.sort();
    for (_, entry) in entries.iter().take(LISTED_ITEMS) {
        let _ = writeln!(out, "- {entry}");
    }
    let _ = writeln!(
        out,
        "\n## Root cause\n{}",
        hypothesis(facts).replace("**Hypothesis:**", "Hypothesis, to be confirmed:")
    );
    out.push_str("\n## Contributing factors\n- \n\n## What went well\n- \n\n## What went badly\n- \n\n## Action items\n- [ ] owner: … — \n");
    out
}

#[cfg(test)]
#[path = "offline_tests.rs"]
mod tests;
