//! Real git repositories for tests: commits at chosen times, built with git2
//! in a temp dir, and log files whose incident starts at a chosen time.

#![allow(dead_code)]

use std::path::Path;

/// 2024-11-01T03:00:00Z: the logs start here.
pub const LOGS_START_S: i64 = 1_730_430_000;
/// The incident begins five minutes into the logs.
pub const ONSET_S: i64 = LOGS_START_S + 300;

/// Commits `files` (path, contents) on HEAD at `time_s` and returns the sha.
pub fn commit(
    repo: &git2::Repository,
    files: &[(&str, &str)],
    time_s: i64,
    subject: &str,
) -> String {
    let workdir = repo.workdir().unwrap().to_path_buf();
    let mut index = repo.index().unwrap();
    for (path, contents) in files {
        let full = workdir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, contents).unwrap();
        index.add_path(Path::new(path)).unwrap();
    }
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature =
        git2::Signature::new("dev", "dev@example.com", &git2::Time::new(time_s, 0)).unwrap();
    let parent = repo.head().ok().map(|h| h.peel_to_commit().unwrap());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        subject,
        &tree,
        &parents,
    )
    .unwrap()
    .to_string()
}

/// A service repo: a week of ordinary history (before any 24 h window).
pub fn service_repo(dir: &Path) -> git2::Repository {
    let repo = git2::Repository::init(dir).unwrap();
    let week_ago = LOGS_START_S - 7 * 86_400;
    commit(
        &repo,
        &[
            (
                "src/orders.py",
                "def place(order):\n    return db.insert(order)\n",
            ),
            (
                "config/app.toml",
                "[db]\nmax_connections = 100\nstatement_timeout_ms = 5000\n",
            ),
            ("README.md", "# orders\n"),
        ],
        week_ago,
        "orders service",
    );
    for day in 1..=6 {
        let text = format!("def place(order):\n    audit({day})\n    return db.insert(order)\n");
        commit(
            &repo,
            &[("src/orders.py", &text)],
            week_ago + day * 86_400,
            &format!("orders: audit step {day}"),
        );
    }
    repo
}

/// Ten minutes of logs: healthy traffic, then from the onset `incident` lines
/// interleaved (each a few times a second).
pub fn logs(incident: &str) -> String {
    let mut out = String::new();
    for second in 0..600 {
        let stamp = stamp(LOGS_START_S + second);
        out.push_str(&format!("{stamp} INFO orders placed order in 40 ms\n"));
        if LOGS_START_S + second >= ONSET_S {
            for _ in 0..4 {
                out.push_str(&format!("{stamp} ERROR {incident}\n"));
            }
        }
    }
    out
}

pub fn stamp(time_s: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(time_s)
        .unwrap()
        .format(&format)
        .unwrap()
}

/// A checkout service's log: `healthy_minutes` of INFO lines from
/// 2024-11-01T03:00:00Z, then 40 s of "db pool exhausted" errors from 03:21.
pub fn pool_exhausted_log(healthy_minutes: u32) -> String {
    let mut log = String::new();
    for minute in 0..healthy_minutes {
        log.push_str(&format!(
            "2024-11-01T03:{minute:02}:00Z INFO checkout ok order={minute}\n"
        ));
    }
    for second in 0..40 {
        log.push_str(&format!(
            "2024-11-01T03:21:{second:02}Z ERROR db pool exhausted active=5 max=5 waited={second}ms\n"
        ));
    }
    log
}
