//! A change that waited for its trigger (look_back.rs): when no commit of the
//! 24 h window explains the incident, `lookout changes` reads the week before
//! and names an older commit that stands out from the healthy commits before
//! the window, and names none when they set no bar to stand out from.

use std::path::Path;

use crate::support::history::{commit, logs, service_repo, ONSET_S};

const DAY_S: i64 = 86_400;
const INCIDENT: &str =
    "invoice due date rejected: time data '270800' does not match format '%y%m%d' in parse_due";

fn changes(repo: &Path, log: &Path, cwd: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "changes",
        "--repo",
        repo.to_str().unwrap(),
        log.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    let output = crate::support::lookout(cwd).args(&args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Healthy invoice work before the window (each shares a little with the
/// incident, so their scores set a bar), the latent change three days before
/// the onset, and two harmless commits in the window.
fn invoices_repo(dir: &Path, with_healthy_invoice_work: bool) -> String {
    let repo = service_repo(dir);
    if with_healthy_invoice_work {
        let healthy = [
            ("invoices: due date shown on the PDF", "def render(invoice):\n    return pdf(invoice.number, invoice.due)\n"),
            ("invoices: totals in pence", "def total(invoice):\n    return sum(line.pence for line in invoice.lines)\n"),
            ("invoices: number format INV-<year>", "def number(year, n):\n    return f'INV-{year}-{n:05}'\n"),
            ("invoices: reject empty invoices", "def check(invoice):\n    if not invoice.lines:\n        raise ValueError('empty invoice rejected')\n"),
            ("invoices: currency on each line", "def currency(line):\n    return line.currency or 'GBP'\n"),
            ("invoices: VAT rate per line", "def vat(invoice, line):\n    return line.pence * invoice.vat_rate\n"),
            ("invoices: credit notes", "def credit(invoice):\n    return Invoice(number=invoice.number, credit=True)\n"),
            ("invoices: due in 30 days by default", "def default_due(invoice):\n    return invoice.issued + days(30)\n"),
            ("invoices: supplier reference", "def reference(invoice):\n    return invoice.supplier_ref\n"),
            ("invoices: remind on the due date", "def remind(invoice):\n    return invoice.due == today()\n"),
        ];
        for (n, (subject, text)) in healthy.iter().enumerate() {
            let path = format!("src/invoice_{n}.py");
            commit(
                &repo,
                &[(path.as_str(), text)],
                ONSET_S - (6 * DAY_S) + n as i64 * 7200,
                subject,
            );
        }
    }
    let culprit = commit(
        &repo,
        &[(
            "src/due_dates.py",
            "from datetime import datetime\n\ndef parse_due(raw):\n    # YYMMDD from the supplier's file\n    return datetime.strptime(raw, '%y%m%d')\n",
        )],
        ONSET_S - 3 * DAY_S,
        "invoices: parse due dates with strptime",
    );
    commit(
        &repo,
        &[("README.md", "# orders\n\nOn-call: #orders.\n")],
        ONSET_S - 5 * 3600,
        "docs: on-call channel",
    );
    commit(
        &repo,
        &[(
            "src/orders.py",
            "def place(order):\n    audit(7)\n    return db.insert(order)\n",
        )],
        ONSET_S - 2 * 3600,
        "orders: audit step 7",
    );
    culprit
}

#[test]
fn a_change_older_than_the_window_that_stands_out_is_named_and_says_when_it_landed() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("orders");
    let culprit = invoices_repo(&repo, true);
    let log = dir.path().join("app.log");
    std::fs::write(&log, logs(INCIDENT)).unwrap();
    let report = changes(&repo, &log, dir.path(), &[]);
    let suspects = report["suspects"].as_array().unwrap();
    assert_eq!(suspects[0]["sha"], culprit.as_str(), "{report:#}");
    assert_eq!(suspects[0]["explains"], true);
    let reasons = suspects[0]["reasons"].to_string();
    assert!(
        reasons.contains("72 h 00 min before the onset, before the 24 h 00 min window"),
        "{reasons}"
    );
    let verdict = report["verdict"].as_str().unwrap();
    assert!(verdict.contains("likeliest cause"), "{verdict}");
    assert!(
        verdict.contains("it landed before the 24 h 00 min window, whose 2 commit(s) do not explain the incident"),
        "{verdict}"
    );
    // The window's own commits still follow, and neither explains it.
    for subject in ["docs: on-call channel", "orders: audit step 7"] {
        let found = suspects.iter().find(|s| s["subject"] == subject);
        assert_eq!(
            found.map(|s| &s["explains"]),
            Some(&false.into()),
            "{report:#}"
        );
    }
    // Asked for a week or more, the window holds it: no second look is needed.
    let week = changes(&repo, &log, dir.path(), &["--since", "7d"]);
    assert_eq!(week["suspects"][0]["sha"], culprit.as_str(), "{week:#}");
    assert!(
        !week["verdict"]
            .as_str()
            .unwrap()
            .contains("it landed before"),
        "{week:#}"
    );
}

#[test]
fn with_no_healthy_commits_to_compare_with_an_older_change_is_not_named() {
    // The only commits before the window share nothing with the incident:
    // their bar is the floor, so a three-day-old change has nothing to stand
    // out from, and the verdict stays with the window.
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("orders");
    invoices_repo(&repo, false);
    let log = dir.path().join("app.log");
    std::fs::write(&log, logs(INCIDENT)).unwrap();
    let report = changes(&repo, &log, dir.path(), &[]);
    let verdict = report["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with("no change in this repo explains it"),
        "{report:#}"
    );
    assert_eq!(
        report["suspects"].as_array().unwrap().len(),
        2,
        "{report:#}"
    );
}
