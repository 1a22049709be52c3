//! Fault matrix, disk full: an audit append that fails half-way leaves no half
//! record, the caller gets the error (the action is refused), and the log still
//! verifies. The full disk is made with RLIMIT_FSIZE, so this needs no root;
//! it lives alone in this test binary because the limit is per process.

use lookout::audit::verify::verify;
use lookout::audit::{AuditEntry, AuditLog};
use lookout::level::Level;

#[test]
fn a_full_disk_refuses_the_append_and_leaves_no_half_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let mut log = AuditLog::open(&path, Level::ReadOnly).unwrap();
    log.append(AuditEntry::new("user", "source.open", "a.log"))
        .unwrap();
    let len = std::fs::metadata(&path).unwrap().len();
    // Writes past `len + 100` bytes now fail with EFBIG (SIGXFSZ ignored):
    // the next record is longer than that, so it is cut in the middle.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let limit = libc::rlimit {
            rlim_cur: len + 100,
            rlim_max: libc::RLIM_INFINITY,
        };
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
    let big = AuditEntry::new("user", "proposal.check", "b")
        .with_details(serde_json::json!({"padding": "x".repeat(4000)}));
    let err = log.append(big).expect_err("the disk is full");
    assert!(err.to_string().contains("audit.jsonl"), "{err}");
    unsafe {
        let limit = libc::rlimit {
            rlim_cur: libc::RLIM_INFINITY,
            rlim_max: libc::RLIM_INFINITY,
        };
        libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
    }
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        len,
        "no half record"
    );
    assert!(verify(&path).unwrap().ok());
    // Space is back: the chain goes on where it was.
    log.append(AuditEntry::new("user", "source.open", "c.log"))
        .unwrap();
    let report = verify(&path).unwrap();
    assert!(report.ok(), "{:?}", report.problem);
    assert_eq!(report.records, 2);
}
