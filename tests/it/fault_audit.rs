//! Fault matrix, audit trail: a log changed under a running lookout is never
//! chained onto (the evidence stays as found); another honest lookout process
//! appending to the same incident is followed, not refused.

use std::path::Path;

use lookout::audit::verify::verify;
use lookout::audit::{AuditEntry, AuditError, AuditLog};
use lookout::level::Level;

fn entry(i: usize) -> AuditEntry {
    AuditEntry::new("user", "source.open", format!("file-{i}.log"))
}

fn open_with(path: &Path, records: usize) -> AuditLog {
    let mut log = AuditLog::open(path, Level::ReadOnly).unwrap();
    for i in 0..records {
        log.append(entry(i)).unwrap();
    }
    log
}

#[test]
fn a_second_lookout_on_the_same_incident_keeps_one_valid_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let mut first = open_with(&path, 2);
    let mut second = AuditLog::open(&path, Level::ReadOnly).unwrap();
    second.append(entry(10)).unwrap();
    first.append(entry(3)).unwrap();
    second.append(entry(11)).unwrap();
    let report = verify(&path).unwrap();
    assert!(report.ok(), "{:?}", report.problem);
    assert_eq!(report.records, 5);
}

#[test]
fn a_log_truncated_or_appended_to_while_running_is_never_chained_onto() {
    for tamper in ["truncate", "garbage", "forged record"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = open_with(&path, 3);
        let mut bytes = std::fs::read(&path).unwrap();
        match tamper {
            "truncate" => bytes.truncate(bytes.len() - 40),
            "garbage" => bytes.extend_from_slice(b"{\"seq\": 99}\n"),
            _ => {
                // A record that looks right but does not continue the chain.
                let last = String::from_utf8(bytes.clone()).unwrap();
                let line = last.lines().next().unwrap().to_string();
                bytes.extend_from_slice(format!("{line}\n").as_bytes());
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        let err = log.append(entry(4)).unwrap_err();
        assert!(matches!(err, AuditError::Changed { .. }), "{tamper}: {err}");
        assert!(err.to_string().contains("lookout audit verify"), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{tamper}: evidence kept"
        );
        assert!(!verify(&path).unwrap().ok(), "{tamper}: verify names it");
    }
}

#[test]
fn an_in_place_edit_while_running_is_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let mut log = open_with(&path, 3);
    let text = std::fs::read_to_string(&path).unwrap();
    // Same length, different subject: the append cannot tell, the chain can.
    std::fs::write(&path, text.replacen("file-1.log", "file-X.log", 1)).unwrap();
    log.append(entry(3)).unwrap();
    let report = verify(&path).unwrap();
    let problem = report.problem.expect("tampering detected");
    assert_eq!(problem.seq, Some(1), "{}", problem.message);
}
