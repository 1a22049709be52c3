//! The offline analyst: a deterministic summary, runbook and postmortem
//! skeleton built from the engine's signals, deploys, templates and metrics —
//! used when no LLM is configured or reachable, and clearly labelled as such.

use std::fmt::Write;

use crate::ingest::{Engine, LogLevel, SignalKind};

pub const LABEL: &str = "offline analyst — produced without an LLM";

/// A draft of `kind` (`summary`, `runbook`, `postmortem`) in markdown.
pub fn draft(kind: &str, engine: &Engine, incident_id: &str) -> String {
    let facts = Facts::gather(engine);
    match kind {
        "runbook" => runbook(&facts, incident_id),
        "postmortem" => postmortem(&facts, incident_id),
        _ => summary(&facts, incident_id),
    }
}

/// What the drafts are written from, in a fixed order so output is deterministic.
struct Facts {
    first_signal: Option<(i64, String, String)>,
    deploy: Option<(i64, String)>,
    signals: Vec<(i64, String, String)>,
    top_templates: Vec<(String, u64)>,
    errors: u64,
    warnings: u64,
    lines: u64,
    changed_metrics: Vec<String>,
}

impl Facts {
    fn gather(engine: &Engine) -> Facts {
        let mut signals: Vec<(i64, String, String)> = engine
            .signals()
            .iter()
            .filter(|s| s.kind != SignalKind::Deploy)
            .map(|s| (s.time_ms, s.id.clone(), s.title.clone()))
            .collect();
        signals.sort();
        let mut templates: Vec<_> = engine.miner().templates().collect();
        templates.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
        let counts = engine.store().counts();
        let level_total = |level: LogLevel| counts.level_total(level);
        Facts {
            first_signal: signals.first().cloned(),
            deploy: engine.deploys().first().map(|d| {
                (
                    d.time_ms,
                    format!("{} {} ({})", d.service, d.version, d.description),
                )
            }),
            top_templates: templates
                .iter()
                .take(5)
                .map(|t| (t.text.clone(), t.count))
                .collect(),
            errors: level_total(LogLevel::Error) + level_total(LogLevel::Fatal),
            warnings: level_total(LogLevel::Warn),
            lines: engine.lines_in(),
            changed_metrics: engine
                .signals()
                .iter()
                .filter(|s| s.kind == SignalKind::ChangePoint)
                .map(|s| s.title.clone())
                .collect(),
            signals,
        }
    }
}

fn clock(time_ms: i64) -> String {
    let secs = time_ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02} UTC",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

fn summary(facts: &Facts, incident_id: &str) -> String {
    let mut out = format!("# Incident summary — {incident_id}\n\n_{LABEL}._\n\n");
    match &facts.first_signal {
        Some((time, id, title)) => {
            let _ = writeln!(
                out,
                "**What broke:** {title} [{id}], first seen at {}.",
                clock(*time)
            );
        }
        None => out.push_str(
            "**What broke:** no signal yet — nothing new or bursting against the baseline.\n",
        ),
    }
    let _ = writeln!(
        out,
        "**Blast radius:** {} error and {} warning lines out of {} read.",
        facts.errors, facts.warnings, facts.lines
    );
    if let Some((deploy_ms, what)) = &facts.deploy {
        let _ = write!(
            out,
            "**Likely cause:** the deploy of {what} at {}",
            clock(*deploy_ms)
        );
        if let Some((first_ms, _, _)) = &facts.first_signal {
            if first_ms >= deploy_ms {
                let _ = write!(
                    out,
                    ", {} s before the first signal",
                    (first_ms - deploy_ms) / 1000
                );
            }
        }
        out.push_str(" — check it first.\n");
    }
    if !facts.changed_metrics.is_empty() {
        let _ = writeln!(out, "**Metrics:** {}.", facts.changed_metrics.join("; "));
    }
    out.push_str("\n## Evidence\n");
    for (time, id, title) in facts.signals.iter().take(10) {
        let _ = writeln!(out, "- {} [{id}] {title}", clock(*time));
    }
    for (text, count) in &facts.top_templates {
        let _ = writeln!(out, "- template ×{count}: `{text}`");
    }
    out
}

fn runbook(facts: &Facts, incident_id: &str) -> String {
    let mut out = format!("# Runbook — {incident_id}\n\n_{LABEL}: a skeleton to edit, every command is read-only._\n\n");
    out.push_str("1. **Confirm the symptom.** Check the error rate and latency dashboards; compare with the baseline.\n   - verify: `lookout signals <logs> --json`\n");
    if let Some((time, what)) = &facts.deploy {
        let _ = writeln!(
            out,
            "2. **Inspect the suspect change** — {what} at {}.\n   - verify: `git log -p -1` in the service's infra repo; `kubectl rollout history deployment/<service>` (read-only)",
            clock(*time)
        );
    }
    out.push_str("3. **Check the dependency named in the top error template** (pools, connections, upstreams).\n   - verify: `kubectl describe deployment/<service>` and the database's connection metrics (read-only)\n");
    out.push_str("4. **Decide: roll back or fix forward.** Prepare the change as a reviewed PR (`lookout propose --level 1`).\n   - verify: error rate back under the SLO for 15 minutes after the fix.\n");
    out.push_str(
        "5. **Communicate.** Post status, owner and next update time in the incident channel.\n",
    );
    out
}

fn postmortem(facts: &Facts, incident_id: &str) -> String {
    let mut out =
        format!("# Postmortem — {incident_id} (no-blame)\n\n_{LABEL}: fill in the blanks._\n\n");
    let _ = writeln!(
        out,
        "## Impact\n{} error lines, {} warnings, {} lines read.\n",
        facts.errors, facts.warnings, facts.lines
    );
    out.push_str("## Timeline (UTC)\n");
    if let Some((time, what)) = &facts.deploy {
        let _ = writeln!(out, "- {} deploy {what}", clock(*time));
    }
    for (time, id, title) in facts.signals.iter().take(15) {
        let _ = writeln!(out, "- {} [{id}] {title}", clock(*time));
    }
    out.push_str("\n## Root cause\n_To be confirmed._\n\n## Contributing factors\n- \n\n## What went well\n- \n\n## What went badly\n- \n\n## Action items\n- [ ] owner: … — \n");
    out
}
