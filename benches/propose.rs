//! `check` on a ~5 MB plan, and staging on a repository of 10,000 files.
//! Prints figures; asserts nothing. Run: `cargo bench --bench propose`.

use std::time::Instant;

use lookout::level::Level;
use lookout::propose::{patch, policy, policy_input_for_file, risk, stage};

/// `check` = parse + policy; prints the figures for one plan text.
fn check_figures(label: &str, plan: &str) {
    let best = (0..5)
        .map(|_| {
            let started = Instant::now();
            let input =
                policy_input_for_file("bench.json", plan, "bench", Level::Propose).expect("plan");
            let parsed = started.elapsed();
            let assessment = risk::assess(policy::evaluate(&input, &[]).expect("policy"));
            let changes = input["resource_changes"].as_array().map_or(0, Vec::len);
            (started.elapsed(), parsed, changes, assessment.risk.as_str())
        })
        .min()
        .expect("runs");
    println!(
        "check ({label}): {:.1} MB plan, {} resource changes: parse {:.0} ms, parse+policy {:.0} ms → {} (best of 5)",
        plan.len() as f64 / 1e6,
        best.2,
        best.1.as_secs_f64() * 1e3,
        best.0.as_secs_f64() * 1e3,
        best.3
    );
}

fn main() {
    // A realistic 5 MB plan: a real `terraform show -json` output (checkov's
    // big mixed example, benches/data) repeated with distinct addresses, with
    // its planned values, prior state and configuration, as real plans carry.
    let real: serde_json::Value =
        serde_json::from_str(include_str!("data/ck_big_mixed.json")).expect("fixture");
    let mut changes = Vec::new();
    let mut planned = Vec::new();
    let mut copy = 0;
    let mut bytes = real.to_string().len();
    while bytes < 5_000_000 {
        for rc in real["resource_changes"].as_array().into_iter().flatten() {
            let mut rc = rc.clone();
            rc["address"] = format!("{}_{copy}", rc["address"].as_str().unwrap_or("r")).into();
            rc["name"] = format!("{}_{copy}", rc["name"].as_str().unwrap_or("r")).into();
            bytes += rc.to_string().len() + rc["change"]["after"].to_string().len();
            planned.push(rc["change"]["after"].clone());
            changes.push(rc);
        }
        copy += 1;
    }
    let mut realistic = real.clone();
    realistic["resource_changes"] = changes.into();
    realistic["planned_values"]["root_module"]["resources"] = planned.into();
    check_figures("realistic", &realistic.to_string());

    // The worst case for policy time: 5 MB of nothing but resource changes.
    let changes: Vec<serde_json::Value> = (0..9_000)
        .map(|i| {
            serde_json::json!({"address": format!("aws_instance.web[{i}]"), "type": "aws_instance", "name": "web",
                "change": {"actions": ["update"], "before": {"instance_type": "t3.small"},
                "after": {"instance_type": "t3.medium", "tags": {"Name": format!("web-{i}"), "team": "shop", "note": "x".repeat(300)}}}})
        })
        .collect();
    let plan =
        serde_json::json!({"format_version": "1.2", "resource_changes": changes}).to_string();
    check_figures("worst case", &plan);

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
