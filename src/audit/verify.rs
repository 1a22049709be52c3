//! Verifying an audit log: every record's hash, the chain of prev_hash links,
//! contiguous sequence numbers, and the tail checkpoint — so edits, deletions,
//! insertions, reordering and truncation are all detected, and the first bad
//! record is named.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::chain::{tail_path, AuditRecord, TailCheckpoint, GENESIS_HASH};

/// The verdict on one log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyReport {
    pub path: PathBuf,
    pub records: usize,
    /// None when the log verifies.
    pub problem: Option<Problem>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// What is wrong, and where (1-based line in the file, and the seq found there).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub line: usize,
    pub seq: Option<u64>,
    pub kind: ProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A line that is not a record (torn write, garbage).
    Malformed,
    /// A record whose content no longer matches its hash.
    Edited,
    /// A sequence number out of place: deleted, inserted or reordered records.
    Sequence,
    /// A record whose prev_hash does not match the record before it.
    Chain,
    /// The log ends before the tail checkpoint says it should.
    Truncated,
    /// The tail checkpoint is missing or unreadable.
    Checkpoint,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.seq {
            Some(seq) => write!(f, "line {} (seq {seq}): {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// Verifies the log at `path`.
pub fn verify(path: &Path) -> std::io::Result<VerifyReport> {
    let bytes = std::fs::read(path)?;
    let report = |records: usize, problem: Option<Problem>| VerifyReport {
        path: path.to_path_buf(),
        records,
        problem,
    };
    let mut previous_hash = GENESIS_HASH.to_string();
    let mut count = 0;
    let mut last: Option<AuditRecord> = None;
    let ends_cleanly = bytes.is_empty() || bytes.ends_with(b"\n");
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    for (index, raw) in lines.iter().enumerate() {
        let line = index + 1;
        if raw.is_empty() && index == lines.len() - 1 {
            break;
        }
        let problem = |seq, kind, message: String| {
            Some(Problem {
                line,
                seq,
                kind,
                message,
            })
        };
        let record: AuditRecord = match serde_json::from_slice(raw) {
            Ok(record) => record,
            Err(err) => {
                let torn = index == lines.len() - 1 && !ends_cleanly;
                let (kind, message) = if torn {
                    (
                        ProblemKind::Truncated,
                        format!("the last record is cut off mid-line ({err})"),
                    )
                } else {
                    (
                        ProblemKind::Malformed,
                        format!("not an audit record: {err}"),
                    )
                };
                return Ok(report(count, problem(None, kind, message)));
            }
        };
        if record.seq != count as u64 {
            let message = format!(
                "expected seq {count}, found {}: records were deleted, inserted or reordered",
                record.seq
            );
            return Ok(report(
                count,
                problem(Some(record.seq), ProblemKind::Sequence, message),
            ));
        }
        if record.hash != record.expected_hash() {
            let message = "its content does not match its hash: the record was edited".to_string();
            return Ok(report(
                count,
                problem(Some(record.seq), ProblemKind::Edited, message),
            ));
        }
        if record.prev_hash != previous_hash {
            let message = "its prev_hash does not match the record before it: the chain is broken"
                .to_string();
            return Ok(report(
                count,
                problem(Some(record.seq), ProblemKind::Chain, message),
            ));
        }
        previous_hash = record.hash.clone();
        count += 1;
        last = Some(record);
    }
    let problem = check_tail(path, last.as_ref(), count + 1);
    Ok(report(count, problem))
}

/// Compares the log's last record with the checkpoint written after every append.
fn check_tail(path: &Path, last: Option<&AuditRecord>, next_line: usize) -> Option<Problem> {
    let tail = tail_path(path);
    let checkpoint: TailCheckpoint = match std::fs::read(&tail) {
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(checkpoint) => checkpoint,
            Err(err) => {
                return Some(Problem {
                    line: next_line,
                    seq: None,
                    kind: ProblemKind::Checkpoint,
                    message: format!("tail checkpoint {} is unreadable: {err}", tail.display()),
                })
            }
        },
        Err(_) if last.is_none() => return None,
        Err(err) => {
            return Some(Problem {
                line: next_line,
                seq: None,
                kind: ProblemKind::Checkpoint,
                message: format!(
                    "tail checkpoint {} is missing ({err}): truncation cannot be ruled out",
                    tail.display()
                ),
            })
        }
    };
    match last {
        Some(record) if record.seq == checkpoint.seq && record.hash == checkpoint.hash => None,
        Some(record) if record.seq < checkpoint.seq => Some(Problem {
            line: next_line,
            seq: Some(record.seq + 1),
            kind: ProblemKind::Truncated,
            message: format!(
                "the log ends at seq {} but the tail checkpoint says seq {} was written: records {}..={} are missing",
                record.seq,
                checkpoint.seq,
                record.seq + 1,
                checkpoint.seq
            ),
        }),
        Some(record) => Some(Problem {
            line: next_line - 1,
            seq: Some(record.seq),
            kind: ProblemKind::Checkpoint,
            message: format!("the last record does not match the tail checkpoint (seq {})", checkpoint.seq),
        }),
        None => Some(Problem {
            line: 1,
            seq: Some(0),
            kind: ProblemKind::Truncated,
            message: format!("the log is empty but the tail checkpoint says seq {} was written", checkpoint.seq),
        }),
    }
}
