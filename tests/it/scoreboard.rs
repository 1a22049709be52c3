//! `lookout scoreboard` over real audit logs: numbers per the records, each
//! incident's verification, exit 1 when any log fails to verify, `--since`.

use lookout::audit::{AuditEntry, AuditLog};
use lookout::incident::IncidentFolder;
use lookout::level::Level;

fn board(dir: &std::path::Path, extra: &[&str]) -> (i32, String) {
    let out = crate::support::lookout(dir)
        .args(["scoreboard", "--dir"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_board_counts_proposals_and_names_a_tampered_log() {
    let dir = tempfile::tempdir().unwrap();
    for (incident, risk, blocked) in [("inc-a", "high", false), ("inc-b", "medium", true)] {
        let folder = IncidentFolder::open(dir.path(), incident).unwrap();
        let mut log = AuditLog::open(&folder.audit_path(), Level::Propose).unwrap();
        log.append(AuditEntry::new("user", "proposal.check", "p").with_details(
            serde_json::json!({"proposal": "p", "risk": risk, "blocked": blocked, "two_person": risk == "high"}),
        ))
        .unwrap();
        if !blocked {
            log.append(
                AuditEntry::new("user", "proposal.stage", "lookout/p")
                    .with_details(serde_json::json!({"proposal": "p", "branch": "lookout/p"})),
            )
            .unwrap();
        }
    }
    let (code, text) = board(dir.path(), &["--json", "--since", "1h"]);
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["proposals"], 2);
    assert_eq!(json["blocked"], 1);
    assert_eq!(json["blocked_percent"], 50.0);
    assert_eq!(json["two_person_required"], 1);
    assert_eq!(json["staged"], 1);
    // Tamper with one log: the board says which, and exits 1.
    let path = dir.path().join(".lookout/incidents/inc-b/audit.jsonl");
    let text_b = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text_b.replace("medium", "low")).unwrap();
    let (code, text) = board(dir.path(), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("inc-b") && text.contains("FAILED"), "{text}");
    let (code, text) = board(dir.path(), &["--since", "soon"]);
    assert_eq!(code, 2, "{text}");
}
