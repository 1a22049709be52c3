//! Runs one scenario and scores it: culprit top-1 (the verdict names the
//! answer's commit, or says "none" when the answer is none) and top-3 (the
//! commit is ranked within the first three), root-cause template recall in
//! the evidence pack at its budget, the analyst's root-cause hit, the fix's
//! files against `fix_files`, and the tokens the pack would send. Citation
//! counts and time to first token are filled when an LLM answered.

use serde::Serialize;

use super::scenario::{Culprit, Scenario};
use super::{EvalError, ScratchDir};
use crate::changes::{self, ChangesReport};
use crate::incident::gather::TemplateEvidence;
use crate::incident::pack::DEFAULT_CONTEXT_TOKENS;
use crate::incident::pack::{Evidence, ItemKind};
use crate::incident::{EvidencePack, PackInput};
use crate::ingest::Engine;
use crate::ingest::EngineConfig;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuspectBrief {
    pub id: String,
    pub sha: String,
    pub subject: String,
    pub score: f64,
    pub explains: bool,
    /// Why it scored what it did (deploy, time, shared words), as `changes` says.
    pub reasons: Vec<String>,
    /// The parts of the score: shared words, and a deploy's timing and echo.
    pub overlap: f64,
    pub deploy_evidence: f64,
    pub time_factor: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RootCauseRecall {
    pub patterns: usize,
    /// Patterns matching the text of a template the pack carries.
    pub in_pack: usize,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FixFiles {
    pub expected: Vec<String>,
    /// Files the fix would touch: the offline analyst reverts the culprit,
    /// so its files (none when no change explains the incident).
    pub proposed: Vec<String>,
    /// Expected files the fix touches.
    pub matched: usize,
}

/// Citation check of the scored draft against the pack it was written from
/// (`ok` citations, `unknown` ids, uncited claims).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Citations {
    pub ok: usize,
    pub unknown: usize,
    pub uncited: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioResult {
    pub name: String,
    pub dir: String,
    pub kind: Option<String>,
    pub lines: u64,
    pub templates: usize,
    pub signals: usize,
    pub metric_series: usize,
    pub onset_ms: Option<i64>,
    pub expected_culprit: String,
    pub verdict: String,
    pub threshold: Option<f64>,
    pub top_suspects: Vec<SuspectBrief>,
    pub culprit_top1: bool,
    pub culprit_top3: bool,
    pub root_cause: RootCauseRecall,
    pub pack_tokens: usize,
    pub pack_budget_tokens: usize,
    /// With an LLM: the prompt tokens its endpoint reported.
    pub prompt_tokens: Option<u64>,
    /// Who wrote the draft scored below: `offline-analyst` or `llm:<model>`.
    pub producer: String,
    /// A root-cause pattern matches the draft's text.
    pub analyst_root_cause_hit: Option<bool>,
    /// The draft scored (the summary), so a miss can be read.
    pub draft: String,
    pub fix_files: FixFiles,
    /// The draft's citation check against the pack (offline analyst or LLM).
    pub citations: Option<Citations>,
    /// With an LLM: time to first token.
    pub first_token_ms: Option<u64>,
}

/// The summary a scenario's draft scored: who wrote it and what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Drafted {
    pub text: String,
    /// `offline-analyst` or `llm:<model>`.
    pub producer: String,
    pub first_token_ms: Option<u64>,
    /// Prompt tokens the endpoint reported, when it did.
    pub prompt_tokens: Option<u64>,
}

/// Replays `scenario` and scores it at the default pack budget; the offline
/// analyst writes the draft.
pub fn run(scenario: &Scenario) -> Result<ScenarioResult, EvalError> {
    run_with(scenario, DEFAULT_CONTEXT_TOKENS, |_, pack, name| {
        Ok(analyst_draft(pack, name))
    })
}

/// Replays `scenario` and scores it with a pack of `budget_tokens`; `draft`
/// writes the summary from the pack, scored for the root cause and its
/// citations (the CLI passes an LLM call when one is configured).
pub fn run_with(
    scenario: &Scenario,
    budget_tokens: usize,
    draft: impl FnOnce(&Engine, &EvidencePack, &str) -> Result<Drafted, String>,
) -> Result<ScenarioResult, EvalError> {
    let (engine, metric_series) = replay(scenario)?;
    let report = match &scenario.bundle {
        Some(bundle) => Some(changes_of(scenario, bundle, &engine)?),
        None => None,
    };
    let (culprit_top1, culprit_top3) = culprit_hits(&scenario.culprit, report.as_ref());
    let pack = evidence_pack(&engine, scenario, report.as_ref(), budget_tokens);
    let root_cause = recall(scenario, &pack);
    let drafted = draft(&engine, &pack, &scenario.incident.name)
        .map_err(|e| EvalError::at(&scenario.dir, format!("the draft failed: {e}")))?;
    let checked = pack.check(&drafted.text);
    let analyst_root_cause_hit = (!scenario.root_cause.is_empty()).then(|| {
        scenario
            .root_cause
            .iter()
            .any(|r| r.is_match(&drafted.text))
    });
    let proposed: Vec<String> = report
        .as_ref()
        .and_then(ChangesReport::culprit)
        .map(|s| s.files.clone())
        .unwrap_or_default();
    let matched = scenario
        .fix_files
        .iter()
        .filter(|f| proposed.contains(f))
        .count();
    let verdict = match &report {
        Some(report) => report.verdict.clone(),
        None => "no repo.bundle: no change in a repo to suspect".to_string(),
    };
    Ok(ScenarioResult {
        name: scenario.incident.name.clone(),
        dir: scenario.dir.display().to_string(),
        kind: scenario.incident.kind.clone(),
        lines: engine.lines_in(),
        templates: engine.miner().len(),
        signals: engine.signals().len(),
        metric_series,
        onset_ms: report.as_ref().map(|r| r.onset_ms).or(scenario.onset_ms),
        expected_culprit: match &scenario.culprit {
            Culprit::None => "none".to_string(),
            Culprit::Commit(sha) => sha.clone(),
        },
        verdict,
        threshold: report.as_ref().map(|r| r.threshold),
        top_suspects: report
            .as_ref()
            .map(|r| {
                r.suspects
                    .iter()
                    .take(3)
                    .map(|s| SuspectBrief {
                        id: s.id.clone(),
                        sha: s.sha.clone(),
                        subject: s.subject.clone(),
                        score: s.score,
                        explains: s.explains,
                        reasons: s.reasons.clone(),
                        overlap: s.overlap,
                        deploy_evidence: s.deploy_evidence,
                        time_factor: s.time_factor,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        culprit_top1,
        culprit_top3,
        root_cause,
        pack_tokens: pack.tokens,
        pack_budget_tokens: pack.budget_tokens,
        prompt_tokens: drafted.prompt_tokens,
        producer: drafted.producer,
        analyst_root_cause_hit,
        draft: drafted.text,
        fix_files: FixFiles {
            expected: scenario.fix_files.clone(),
            proposed,
            matched,
        },
        citations: Some(Citations {
            ok: checked.ok,
            unknown: checked.unknown.len(),
            uncited: checked.uncited,
        }),
        first_token_ms: drafted.first_token_ms,
    })
}

/// The scenario's logs (each file a source with its own line format) and
/// metrics files, through the engine. Returns it and the metric series count.
pub fn replay(scenario: &Scenario) -> Result<(Engine, usize), EvalError> {
    let mut engine = Engine::new(EngineConfig::default());
    if let Some(onset_ms) = scenario.onset_ms {
        engine.set_year_context(onset_ms);
    }
    for (index, (path, format)) in scenario.logs.iter().enumerate() {
        let source = u16::try_from(index)
            .map_err(|_| EvalError::at(&scenario.dir, "more than 65,535 log files".into()))?;
        let compiled = format
            .as_deref()
            .map(crate::ingest::parse::LineFormat::compile)
            .transpose()
            .map_err(|e| EvalError::at(path, e.to_string()))?;
        engine.set_source_format(source, compiled);
        let lines = crate::ingest::lines::read_lines(path)
            .map_err(|e| EvalError::at(path, e.to_string()))?;
        for batch in lines.chunks(crate::ingest::BATCH_LINES) {
            engine.push_lines(source, batch, 0);
        }
    }
    engine.flush();
    let mut series_count = 0;
    for path in &scenario.metrics {
        let series = crate::source::prometheus::load_answer_file(path)
            .map_err(|e| EvalError::at(path, e))?;
        series_count += series.len();
        for one in series {
            engine.push_metric(one);
        }
    }
    Ok((engine, series_count))
}

/// Unbundles the scenario's repo into a scratch dir and ranks its changes.
fn changes_of(
    scenario: &Scenario,
    bundle: &std::path::Path,
    engine: &Engine,
) -> Result<ChangesReport, EvalError> {
    let scratch =
        ScratchDir::new("eval").map_err(|e| EvalError::at(&std::env::temp_dir(), e.to_string()))?;
    let repo = changes::bundle::unbundle(bundle, &scratch.path().join("repo.git")).map_err(
        |e| match e {
            changes::ChangesError::Bundle { message, .. } => EvalError::at(bundle, message),
            other => EvalError::at(bundle, other.to_string()),
        },
    )?;
    changes::analyse_engine(
        &repo,
        engine,
        scenario.onset_ms,
        scenario.window_ms,
        crate::source::now_ms(),
    )
    .map_err(|e| EvalError::at(bundle, e.to_string()))
}

/// (top-1, top-3). A "none" answer hits when no suspect explains the incident.
fn culprit_hits(expected: &Culprit, report: Option<&ChangesReport>) -> (bool, bool) {
    match (expected, report) {
        (Culprit::None, None) => (true, true),
        (Culprit::None, Some(report)) => {
            let none = report.culprit().is_none();
            (none, none)
        }
        (Culprit::Commit(_), None) => (false, false),
        (Culprit::Commit(sha), Some(report)) => (
            report.culprit().is_some_and(|s| &s.sha == sha),
            report.suspects.iter().take(3).any(|s| &s.sha == sha),
        ),
    }
}

/// The evidence pack the co-pilot would send: the onset, the ranked suspects
/// (when a repository was read) and the budget. The one place eval builds it.
pub fn evidence_pack(
    engine: &Engine,
    scenario: &Scenario,
    report: Option<&ChangesReport>,
    budget_tokens: usize,
) -> EvidencePack {
    let suspects = report.map(ChangesReport::suspect_changes);
    EvidencePack::build(
        engine,
        &PackInput {
            onset_ms: report.map(|r| r.onset_ms).or(scenario.onset_ms),
            suspects: suspects.as_deref(),
            budget_tokens,
        },
    )
}

/// The offline analyst's summary, written from the pack alone. The one place
/// eval asks for a draft offline: swap here when the analyst changes.
pub fn analyst_draft(pack: &EvidencePack, incident: &str) -> Drafted {
    Drafted {
        text: crate::llm::offline::draft_from_pack("summary", pack, incident),
        producer: "offline-analyst".to_string(),
        first_token_ms: None,
        prompt_tokens: None,
    }
}

/// Root-cause patterns matching a template the pack carries: in a signal
/// (the templates it names) or as a template item, with the exceptions and
/// the raising frame it shows with them.
fn recall<'a>(scenario: &Scenario, pack: &'a EvidencePack) -> RootCauseRecall {
    // A template's text, the exceptions its stack traces state, the
    // frame that raised them and what most lines from the onset read
    // (onset_values.rs), which the pack shows with it.
    let shown = |t: &'a TemplateEvidence| {
        std::iter::once(&t.text)
            .chain(&t.causes)
            .chain(&t.raised_at)
            .chain(t.onset_form.as_ref().map(|f| &f.text))
            .map(String::as_str)
    };
    let texts: Vec<&str> = pack
        .items
        .iter()
        .flat_map(|item| match &item.evidence {
            Evidence::Signal(signal) => signal.templates.iter().flat_map(shown).collect(),
            // A note shows its line, not its template: what the reader sees.
            Evidence::Template(_) if item.kind == ItemKind::Note => vec![item.text.as_str()],
            Evidence::Template(template) => shown(template).collect(),
            Evidence::MetricChange(_) | Evidence::Change(_) | Evidence::ChangedLines { .. } => {
                Vec::new()
            }
        })
        .collect();
    let missing: Vec<String> = scenario
        .root_cause
        .iter()
        .filter(|pattern| !texts.iter().any(|t| pattern.is_match(t)))
        .map(|pattern| pattern.as_str().to_string())
        .collect();
    RootCauseRecall {
        patterns: scenario.root_cause.len(),
        in_pack: scenario.root_cause.len() - missing.len(),
        missing,
    }
}

/// Totals over a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub scenarios: usize,
    pub culprit_top1: usize,
    pub culprit_top3: usize,
    pub none_scenarios: usize,
    /// "none" scenarios answered "none" (no false culprit).
    pub none_answered_none: usize,
    pub root_cause_patterns: usize,
    pub root_cause_in_pack: usize,
    pub analyst_root_cause_hits: usize,
    pub analyst_scored: usize,
    pub fix_files_expected: usize,
    pub fix_files_matched: usize,
    pub pack_tokens: usize,
}

pub fn totals(results: &[ScenarioResult]) -> Totals {
    let none: Vec<&ScenarioResult> = results
        .iter()
        .filter(|r| r.expected_culprit == "none")
        .collect();
    Totals {
        scenarios: results.len(),
        culprit_top1: results.iter().filter(|r| r.culprit_top1).count(),
        culprit_top3: results.iter().filter(|r| r.culprit_top3).count(),
        none_scenarios: none.len(),
        none_answered_none: none.iter().filter(|r| r.culprit_top1).count(),
        root_cause_patterns: results.iter().map(|r| r.root_cause.patterns).sum(),
        root_cause_in_pack: results.iter().map(|r| r.root_cause.in_pack).sum(),
        analyst_root_cause_hits: results
            .iter()
            .filter(|r| r.analyst_root_cause_hit == Some(true))
            .count(),
        analyst_scored: results
            .iter()
            .filter(|r| r.analyst_root_cause_hit.is_some())
            .count(),
        fix_files_expected: results.iter().map(|r| r.fix_files.expected.len()).sum(),
        fix_files_matched: results.iter().map(|r| r.fix_files.matched).sum(),
        pack_tokens: results.iter().map(|r| r.pack_tokens).sum(),
    }
}
