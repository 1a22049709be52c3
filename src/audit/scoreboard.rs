//! The scoreboard: what lookout did, in numbers, computed only from audit logs.
//!
//! It is the safety story an on-call team can check: how many proposals were
//! made, how many policy blocked, how many needed two people, how many LLM calls
//! and tokens, what was redacted — and whether every log still verifies.
//!
//! It reads these actions, through their typed details in [`super::entry`]
//! (so it can only read what writers write):
//! - `proposal.check` (`risk`, `blocked`, `two_person`, `proposal`) — one proposal each
//!   (records with the same `proposal` id count once; the last assessment wins);
//! - `proposal.block`, `proposal.stage` (`branch`);
//! - `llm.call` (`prompt_tokens`, `completion_tokens`, `redactions`: {kind: n});
//! - `draft.write` (`kind`: summary|runbook|postmortem);
//! - `signal.first` (the first signal of the incident).
//!
//! A record whose details do not parse as its action's (a hand-edited log)
//! counts as unreadable in its incident's verification line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::chain::{read_records, AuditRecord};
use super::entry::{
    Action, Details, DraftWrite, LlmCall, ProposalBlock, ProposalCheck, ProposalStage,
};
use super::verify::verify;

/// Totals over one or more incidents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scoreboard {
    pub incidents: usize,
    pub proposals: u64,
    pub proposals_by_risk: BTreeMap<String, u64>,
    pub blocked: u64,
    pub blocked_percent: f64,
    pub two_person_required: u64,
    pub staged: u64,
    /// Proposals neither staged nor blocked.
    pub abandoned: u64,
    pub llm_calls: u64,
    pub llm_prompt_tokens: u64,
    pub llm_completion_tokens: u64,
    pub redactions_by_kind: BTreeMap<String, u64>,
    pub drafts_by_kind: BTreeMap<String, u64>,
    /// Median over incidents that have both, in seconds.
    pub first_signal_to_first_summary_secs: Option<f64>,
    pub first_signal_to_first_stage_secs: Option<f64>,
    pub per_incident: Vec<IncidentScore>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IncidentScore {
    pub incident: String,
    pub path: PathBuf,
    pub records: usize,
    /// `ok`, or the verifier's complaint.
    pub verification: String,
    pub first_signal_to_first_summary_secs: Option<f64>,
    pub first_signal_to_first_stage_secs: Option<f64>,
}

#[derive(Debug, Default)]
struct ProposalSeen {
    risk: String,
    blocked: bool,
    two_person: bool,
    staged: bool,
}

/// Adds one incident's records to the board. `verification` is the verifier's verdict.
pub fn add_incident(
    board: &mut Scoreboard,
    incident: &str,
    path: &Path,
    records: &[AuditRecord],
    verification: String,
) {
    let mut proposals: BTreeMap<String, ProposalSeen> = BTreeMap::new();
    let mut first_signal = None;
    let mut first_summary = None;
    let mut first_stage = None;
    let mut unreadable = 0usize;
    for record in records {
        let time = parse_time_secs(&record.time);
        let id = |proposal: String| {
            if proposal.is_empty() {
                record.subject.clone()
            } else {
                proposal
            }
        };
        let read = apply_record(record, &mut proposals, board, id);
        match read {
            Ok(Some(Action::ProposalStage)) => first_stage = first_stage.or(time),
            Ok(Some(Action::SignalFirst)) => first_signal = first_signal.or(time),
            Ok(Some(Action::DraftWrite)) if is_summary(record) => {
                first_summary = first_summary.or(time)
            }
            Ok(_) => {}
            Err(_) => unreadable += 1,
        }
    }
    let verification = if unreadable == 0 {
        verification
    } else {
        format!("{verification}; {unreadable} record(s) with unreadable details")
    };
    for seen in proposals.values() {
        board.proposals += 1;
        let risk = if seen.risk.is_empty() {
            "unknown".to_string()
        } else {
            seen.risk.clone()
        };
        *board.proposals_by_risk.entry(risk).or_insert(0) += 1;
        board.blocked += u64::from(seen.blocked);
        board.two_person_required += u64::from(seen.two_person);
        board.staged += u64::from(seen.staged);
        board.abandoned += u64::from(!seen.staged && !seen.blocked);
    }
    let gap = |end: Option<f64>| match (first_signal, end) {
        (Some(start), Some(end)) if end >= start => Some(end - start),
        _ => None,
    };
    board.incidents += 1;
    board.per_incident.push(IncidentScore {
        incident: incident.to_string(),
        path: path.to_path_buf(),
        records: records.len(),
        verification,
        first_signal_to_first_summary_secs: gap(first_summary),
        first_signal_to_first_stage_secs: gap(first_stage),
    });
}

/// Fills the derived figures (percentages, medians) once every incident is in.
pub fn finish(board: &mut Scoreboard) {
    board.blocked_percent = if board.proposals == 0 {
        0.0
    } else {
        100.0 * board.blocked as f64 / board.proposals as f64
    };
    board.first_signal_to_first_summary_secs = median(
        board
            .per_incident
            .iter()
            .filter_map(|i| i.first_signal_to_first_summary_secs),
    );
    board.first_signal_to_first_stage_secs = median(
        board
            .per_incident
            .iter()
            .filter_map(|i| i.first_signal_to_first_stage_secs),
    );
}

/// Every `audit.jsonl` under `<base>/.lookout/incidents/*/`, sorted by incident id.
pub fn find_logs(base: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let dir = base.join(".lookout").join("incidents");
    let mut logs = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(logs),
        Err(err) => return Err(err),
    };
    for entry in entries {
        let entry = entry?;
        let log = entry.path().join("audit.jsonl");
        if log.is_file() {
            logs.push((entry.file_name().to_string_lossy().into_owned(), log));
        }
    }
    logs.sort();
    Ok(logs)
}

/// Reads records for the board; a log that cannot be read counts with its error.
pub fn load(path: &Path) -> (Vec<AuditRecord>, Option<String>) {
    match read_records(path) {
        Ok(records) => (records, None),
        Err(err) => (Vec::new(), Some(err.to_string())),
    }
}

/// Counts one record; returns its action when it is one the board reads.
fn apply_record(
    record: &AuditRecord,
    proposals: &mut BTreeMap<String, ProposalSeen>,
    board: &mut Scoreboard,
    id: impl Fn(String) -> String,
) -> Result<Option<Action>, serde_json::Error> {
    let Some(action) = Action::of(record) else {
        return Ok(None);
    };
    match action {
        Action::ProposalCheck => {
            let Some(check) = ProposalCheck::read(record) else {
                return Ok(None);
            };
            let check = check?;
            let seen = proposals.entry(id(check.proposal)).or_default();
            if !check.risk.is_empty() {
                seen.risk = check.risk.to_lowercase();
            }
            seen.blocked |= check.blocked;
            seen.two_person |= check.two_person;
        }
        Action::ProposalBlock => {
            if let Some(block) = ProposalBlock::read(record) {
                proposals.entry(id(block?.proposal)).or_default().blocked = true;
            }
        }
        Action::ProposalStage => {
            if let Some(stage) = ProposalStage::read(record) {
                let stage = stage?;
                let seen = proposals.entry(id(stage.proposal)).or_default();
                if !stage.risk.is_empty() {
                    seen.risk = stage.risk.to_lowercase();
                }
                seen.two_person |= stage.two_person;
                seen.staged = true;
            }
        }
        Action::LlmCall => {
            if let Some(call) = LlmCall::read(record) {
                let call = call?;
                board.llm_calls += 1;
                board.llm_prompt_tokens += call.prompt_tokens;
                board.llm_completion_tokens += call.completion_tokens;
                for (kind, n) in call.redactions {
                    *board.redactions_by_kind.entry(kind).or_insert(0) += n;
                }
            }
        }
        Action::DraftWrite => {
            if let Some(draft) = DraftWrite::read(record) {
                let kind = draft?.kind;
                let kind = if kind.is_empty() {
                    "other".to_string()
                } else {
                    kind
                };
                *board.drafts_by_kind.entry(kind).or_insert(0) += 1;
            }
        }
        _ => {}
    }
    Ok(Some(action))
}

fn is_summary(record: &AuditRecord) -> bool {
    DraftWrite::read(record).is_some_and(|draft| draft.is_ok_and(|d| d.kind == "summary"))
}

fn parse_time_secs(rfc3339: &str) -> Option<f64> {
    let parsed =
        time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
            .ok()?;
    Some(parsed.unix_timestamp_nanos() as f64 / 1e9)
}

fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut all: Vec<f64> = values.collect();
    if all.is_empty() {
        return None;
    }
    all.sort_by(|a, b| a.total_cmp(b));
    Some(all[all.len() / 2])
}

/// The board over every incident under `base`; with `since_ms`, only records
/// from then on count (each log is still verified whole).
pub fn compute(base: &Path, since_ms: Option<i64>) -> std::io::Result<Scoreboard> {
    let mut board = Scoreboard::default();
    for (incident, path) in find_logs(base)? {
        let (mut records, read_error) = load(&path);
        if let Some(since) = since_ms {
            records.retain(|r| record_ms(r).is_none_or(|ms| ms >= since));
        }
        let verdict = match (read_error, verify(&path)) {
            (Some(err), _) => format!("unreadable: {err}"),
            (None, Ok(report)) => report
                .problem
                .map(|p| format!("FAILED: {p}"))
                .unwrap_or_else(|| "ok".into()),
            (None, Err(err)) => format!("unreadable: {err}"),
        };
        add_incident(&mut board, &incident, &path, &records, verdict);
    }
    finish(&mut board);
    Ok(board)
}

fn record_ms(record: &AuditRecord) -> Option<i64> {
    time::OffsetDateTime::parse(&record.time, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// The board as text, one line each: the CLI prints it, the TUI overlay shows it.
pub fn report_lines(board: &Scoreboard, base: &Path) -> Vec<String> {
    let joined = |map: &BTreeMap<String, u64>| {
        if map.is_empty() {
            "none".to_string()
        } else {
            map.iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let secs = |v: Option<f64>| v.map_or_else(|| "—".into(), |s| format!("{s:.1} s"));
    let mut lines = vec![
        format!(
            "lookout scoreboard — {} incident(s) under {}",
            board.incidents,
            base.display()
        ),
        format!("proposals            {}", board.proposals),
    ];
    for (risk, n) in &board.proposals_by_risk {
        lines.push(format!("  risk {risk:<14} {n}"));
    }
    lines.extend([
        format!(
            "blocked by policy    {} ({:.1}%)",
            board.blocked, board.blocked_percent
        ),
        format!("two-person required  {}", board.two_person_required),
        format!(
            "staged / abandoned   {} / {}",
            board.staged, board.abandoned
        ),
        format!(
            "LLM calls            {} ({} prompt + {} completion tokens)",
            board.llm_calls, board.llm_prompt_tokens, board.llm_completion_tokens
        ),
        format!("redactions           {}", joined(&board.redactions_by_kind)),
        format!("drafts               {}", joined(&board.drafts_by_kind)),
        format!(
            "first signal → first summary   {}",
            secs(board.first_signal_to_first_summary_secs)
        ),
        format!(
            "first signal → first staged    {}",
            secs(board.first_signal_to_first_stage_secs)
        ),
        "audit verification:".to_string(),
    ]);
    for incident in &board.per_incident {
        lines.push(format!(
            "  {:<28} {:>5} records  {}",
            incident.incident, incident.records, incident.verification
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AuditEntry, AuditLog};
    use crate::level::Level;
    use serde_json::json;

    #[test]
    fn counts_proposals_blocks_stages_and_llm_usage_from_a_real_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path, Level::Propose).unwrap();
        let mut add = |action: &str, details: serde_json::Value| {
            log.append(AuditEntry::new("lookout", action, "x").with_details(details))
                .unwrap();
        };
        add("signal.first", json!({}));
        add(
            "llm.call",
            json!({"prompt_tokens": 100, "completion_tokens": 20, "redactions": {"jwt": 2}}),
        );
        add("draft.write", json!({"kind": "summary"}));
        add(
            "proposal.check",
            json!({"proposal": "a", "risk": "high", "two_person": true}),
        );
        add(
            "proposal.stage",
            json!({"proposal": "a", "branch": "lookout/x/a"}),
        );
        add(
            "proposal.check",
            json!({"proposal": "b", "risk": "high", "blocked": true}),
        );
        add("proposal.block", json!({"proposal": "b"}));
        add("proposal.check", json!({"proposal": "c", "risk": "low"}));
        let (records, _) = load(&path);
        let mut board = Scoreboard::default();
        add_incident(&mut board, "inc", &path, &records, "ok".into());
        finish(&mut board);
        assert_eq!(board.proposals, 3);
        assert_eq!(board.proposals_by_risk.get("high"), Some(&2));
        assert_eq!(board.blocked, 1);
        assert!((board.blocked_percent - 33.333).abs() < 0.01);
        assert_eq!(board.two_person_required, 1);
        assert_eq!((board.staged, board.abandoned), (1, 1));
        assert_eq!(
            (
                board.llm_calls,
                board.llm_prompt_tokens,
                board.llm_completion_tokens
            ),
            (1, 100, 20)
        );
        assert_eq!(board.redactions_by_kind.get("jwt"), Some(&2));
        assert!(board.first_signal_to_first_summary_secs.is_some());
    }
}
