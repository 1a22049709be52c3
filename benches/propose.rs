//! `check` on a ~5 MB plan, and staging on a repository of 10,000 files.
//! Prints figures; asserts nothing. Run: `cargo bench --bench propose`.

use std::time::Instant;

use lookout::level::Level;
use lookout::propose::{patch, policy, policy_input_for_file, risk, stage};

fn main() {
    let changes: Vec<serde_json::Value> = (0..9_000)
        .map(|i| {
            serde_json::json!({"address": format!("aws_instance.web[{i}]"), "type": "aws_instance", "name": "web",
                "change": {"actions": ["update"], "before": {"instance_type": "t3.small"},
                "after": {"instance_type": "t3.medium", "tags": {"Name": format!("web-{i}"), "team": "shop", "note": "x".repeat(300)}}}})
        })
        .collect();
    let plan =
        serde_json::json!({"format_version": "1.2", "resource_changes": changes}).to_string();
    let started = Instant::now();
    let input = policy_input_for_file("bench.json", &plan, "bench", Level::Propose).expect("plan");
    let parsed_ms = started.elapsed().as_secs_f64() * 1e3;
    let assessment = risk::assess(policy::evaluate(&input, &[]).expect("policy"));
    println!(
        "check: {:.1} MB plan, 9,000 resource changes: parse {parsed_ms:.0} ms, parse+policy {:.0} ms → {}",
        plan.len() as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1e3,
        assessment.risk.as_str()
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let repo = git2::Repository::init(dir.path()).expect("init");
    let mut index = repo.index().expect("index");
    for i in 0..10_000 {
        let path = format!("svc/{:03}/file-{i}.yaml", i % 100);
        let blob = repo
            .blob(format!("replicas: {i}\nname: file-{i}\n").as_bytes())
            .expect("blob");
        let entry = git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: 0,
            id: blob,
            flags: 0,
            flags_extended: 0,
            path: path.into_bytes(),
        };
        index.add(&entry).expect("add");
    }
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let sig = git2::Signature::now("bench", "bench@localhost").expect("sig");
    repo.commit(Some("HEAD"), &sig, &sig, "10k files", &tree, &[])
        .expect("commit");
    let diff = "--- a/svc/042/file-42.yaml\n+++ b/svc/042/file-42.yaml\n@@ -1,2 +1,2 @@\n-replicas: 42\n+replicas: 43\n name: file-42\n";
    let parsed = patch::parse(diff).expect("diff");
    let started = Instant::now();
    let staged =
        stage::stage(dir.path(), &parsed, "lookout/bench/scale", "bench\n").expect("stage");
    println!(
        "stage: one-file proposal on a 10,000-file repo: {:.1} ms (branch {})",
        started.elapsed().as_secs_f64() * 1e3,
        staged.branch
    );
}
