//! The incident context sent to the LLM: timeline phases, signals, deploys,
//! metric change points and the top templates with counts and a redacted
//! exemplar — in a deterministic order, within a token budget, every item
//! carrying the id the answer can cite (`S3`, `T1a2b`).

use std::fmt::Write;

use crate::ingest::mine::short_id;
use crate::ingest::{Engine, SignalKind};

/// Rough tokens per character for budgeting (English text, code-ish logs).
const CHARS_PER_TOKEN: usize = 4;
const TOP_TEMPLATES: usize = 15;

#[derive(Debug, Clone, PartialEq)]
pub struct IncidentContext {
    pub text: String,
    /// Ids the text cites, in order: signals then templates.
    pub evidence_ids: Vec<String>,
    /// True when sections were cut to fit the budget.
    pub truncated: bool,
}

pub fn build(engine: &Engine, budget_tokens: usize) -> IncidentContext {
    let budget_chars = budget_tokens.saturating_mul(CHARS_PER_TOKEN);
    let mut sections: Vec<String> = Vec::new();
    let mut ids = Vec::new();

    let mut timeline = String::from("## Timeline (UTC)\n");
    for phase in engine.timeline() {
        let _ = writeln!(
            timeline,
            "- phase {} from {}: {}",
            phase.name,
            clock(phase.start_ms),
            phase.signals.join(", ")
        );
    }
    sections.push(timeline);

    let mut signals = String::from("## Signals\n");
    let mut sorted: Vec<_> = engine.signals().iter().collect();
    sorted.sort_by_key(|s| (s.time_ms, s.id.clone()));
    for signal in sorted {
        let kind = match signal.kind {
            SignalKind::NewTemplate => "new template",
            SignalKind::Burst => "burst",
            SignalKind::ErrorSurge => "error surge",
            SignalKind::ChangePoint => "metric change point",
            SignalKind::Deploy => "deploy",
        };
        let templates: Vec<String> = signal
            .templates
            .iter()
            .map(|t| short_id(engine.miner().resolve(*t)))
            .collect();
        let _ = writeln!(
            signals,
            "- [{}] {} {} (score {:.1}){}: {}",
            signal.id,
            clock(signal.time_ms),
            kind,
            signal.score,
            cite(&templates),
            signal.title
        );
        ids.push(signal.id.clone());
    }
    sections.push(signals);

    let mut metrics = String::from("## Metrics (last value)\n");
    for series in engine.metrics() {
        if let Some(last) = series.points.last() {
            let _ = writeln!(
                metrics,
                "- {}: {:.1} {} at {}",
                series.name,
                last.value,
                series.unit,
                clock(last.time_ms)
            );
        }
    }
    sections.push(metrics);

    let mut templates =
        String::from("## Top templates (count, first seen, one redacted example)\n");
    let mut all: Vec<_> = engine.miner().templates().collect();
    all.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
    for template in all.iter().take(TOP_TEMPLATES) {
        let id = short_id(template.id);
        let example: String = template
            .exemplars
            .first()
            .map(|e| e.chars().take(200).collect())
            .unwrap_or_default();
        let _ = writeln!(
            templates,
            "- [{id}] x{} since {}: `{}` e.g. `{}`",
            template.count,
            clock(template.first_seen_ms),
            template.text,
            example
        );
        ids.push(id);
    }
    sections.push(templates);

    let mut text = String::new();
    let mut truncated = false;
    for section in sections {
        if text.len() + section.len() <= budget_chars {
            text.push_str(&section);
        } else {
            let room = budget_chars.saturating_sub(text.len());
            let cut: String = section
                .lines()
                .scan(0usize, |used, line| {
                    *used += line.len() + 1;
                    (*used <= room).then(|| format!("{line}\n"))
                })
                .collect();
            text.push_str(&cut);
            truncated = true;
        }
        text.push('\n');
    }
    ids.retain(|id| text.contains(&format!("[{id}]")));
    IncidentContext {
        text,
        evidence_ids: ids,
        truncated,
    }
}

fn cite(ids: &[String]) -> String {
    if ids.is_empty() {
        String::new()
    } else {
        format!(" [{}]", ids.join("] ["))
    }
}

fn clock(time_ms: i64) -> String {
    if time_ms == i64::MAX || time_ms == i64::MIN {
        return "?".to_string();
    }
    let secs = time_ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}
