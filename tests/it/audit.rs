//! The audit trail is tamper-evident: each of the five kinds of tampering
//! (edit, delete, insert, reorder, truncate) is detected by `lookout audit verify`,
//! which names the first bad record; an untouched log verifies.

use std::path::{Path, PathBuf};

use lookout::audit::verify::{verify, ProblemKind};
use lookout::audit::{AuditEntry, AuditLog};
use lookout::level::Level;

fn write_log(dir: &Path, records: usize) -> PathBuf {
    let path = dir.join("audit.jsonl");
    let mut log = AuditLog::open(&path, Level::ReadOnly).unwrap();
    for i in 0..records {
        log.append(
            AuditEntry::new("user", "source.open", format!("file-{i}.log"))
                .with_details(serde_json::json!({"i": i})),
        )
        .unwrap();
    }
    path
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn rewrite(path: &Path, lines: &[String]) {
    std::fs::write(
        path,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
}

fn verify_cli(path: &Path) -> (i32, String) {
    let dir = path.parent().unwrap_or(Path::new("/"));
    let out = crate::support::lookout(dir)
        .args(["audit", "verify"])
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn an_untouched_log_verifies_and_a_reopened_log_continues_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_log(dir.path(), 5);
    let mut reopened = AuditLog::open(&path, Level::Propose).unwrap();
    let record = reopened
        .append(AuditEntry::new("lookout", "llm.call", "x"))
        .unwrap();
    assert_eq!((record.seq, record.level), (5, 1));
    let report = verify(&path).unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.records, 6);
    let (code, out) = verify_cli(&path);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ok"), "{out}");
}

#[test]
fn an_edited_record_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_log(dir.path(), 5);
    let mut all = lines(&path);
    all[2] = all[2].replace("file-2.log", "file-X.log");
    rewrite(&path, &all);
    let problem = verify(&path).unwrap().problem.unwrap();
    assert_eq!(
        (problem.kind, problem.line, problem.seq),
        (ProblemKind::Edited, 3, Some(2))
    );
    let (code, out) = verify_cli(&path);
    assert_eq!(code, 1);
    assert!(
        out.contains("FAILED") && out.contains("line 3 (seq 2)") && out.contains("edited"),
        "{out}"
    );
}

#[test]
fn a_deleted_record_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_log(dir.path(), 5);
    let mut all = lines(&path);
    all.remove(1);
    rewrite(&path, &all);
    let problem = verify(&path).unwrap().problem.unwrap();
    assert_eq!((problem.kind, problem.line), (ProblemKind::Sequence, 2));
}

#[test]
fn an_inserted_record_is_detected_even_with_a_valid_hash() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_log(dir.path(), 4);
    let mut all = lines(&path);
    // A forged record with a correct self-hash, chained to record 1, inserted after it.
    let mut forged: lookout::audit::AuditRecord = serde_json::from_str(&all[2]).unwrap();
    forged.subject = "forged".into();
    forged.hash = forged.expected_hash();
    all.insert(2, serde_json::to_string(&forged).unwrap());
    rewrite(&path, &all);
    let problem = verify(&path).unwrap().problem.unwrap();
    assert_eq!(problem.line, 4, "{problem:?}");
    assert_eq!(problem.kind, ProblemKind::Sequence);
}

#[test]
fn reordered_records_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_log(dir.path(), 5);
    let mut all = lines(&path);
    all.swap(1, 3);
    rewrite(&path, &all);
    let problem = verify(&path).unwrap().problem.unwrap();
    assert_eq!((problem.kind, problem.line), (ProblemKind::Sequence, 2));
}

#[test]
fn truncation_is_detected_by_the_tail_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_log(dir.path(), 5);
    let all = lines(&path);
    rewrite(&path, &all[..3]);
    let problem = verify(&path).unwrap().problem.unwrap();
    assert_eq!(problem.kind, ProblemKind::Truncated);
    assert!(
        problem.message.contains("records 3..=4 are missing"),
        "{}",
        problem.message
    );
    // Cut mid-line too.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.len() - 20]).unwrap();
    assert_eq!(
        verify(&path).unwrap().problem.unwrap().kind,
        ProblemKind::Truncated
    );
    // And the whole log emptied.
    std::fs::write(&path, "").unwrap();
    assert_eq!(
        verify(&path).unwrap().problem.unwrap().kind,
        ProblemKind::Truncated
    );
    let (code, _) = verify_cli(&path);
    assert_eq!(code, 1);
}

#[test]
fn an_unwritable_incident_folder_refuses_the_append_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_log(dir.path(), 2);
    let before = std::fs::read(&path).unwrap();
    // A directory where the log should be: opening for append fails, nothing is half-written.
    let blocked = dir.path().join("blocked.jsonl");
    std::fs::create_dir(&blocked).unwrap();
    assert!(AuditLog::open(&blocked, Level::ReadOnly).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
