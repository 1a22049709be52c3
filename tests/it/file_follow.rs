//! `lookout tail` follows files across appends, rotation (rename + create) and
//! truncation without losing or duplicating a line; deleted and unreadable
//! files (also permission lost at rotation) are reported, not fatal.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

struct Tail {
    child: Child,
    lines: Receiver<String>,
    _dir: tempfile::TempDir,
}

impl Drop for Tail {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: tempfile::TempDir, file: &Path) -> Tail {
    let command = crate::support::lookout(dir.path());
    start_command(dir, command, file)
}

/// Runs `command` (lookout, or a wrapper that runs it) as `tail --no-tui --json FILE`.
fn start_command(dir: tempfile::TempDir, mut command: Command, file: &Path) -> Tail {
    let mut child = command
        .args(["tail", "--no-tui", "--json"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let record: serde_json::Value = serde_json::from_str(&line).unwrap();
            if tx
                .send(record["text"].as_str().unwrap_or("").to_string())
                .is_err()
            {
                break;
            }
        }
    });
    Tail {
        child,
        lines,
        _dir: dir,
    }
}

/// Collects records until `expected` have arrived or 10 s pass.
fn collect(tail: &Tail, seen: &mut Vec<String>, expected: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while seen.len() < expected && Instant::now() < deadline {
        if let Ok(line) = tail.lines.recv_timeout(Duration::from_millis(100)) {
            seen.push(line);
        }
    }
}

fn append(path: &Path, from: usize, to: usize) {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    for i in from..to {
        writeln!(file, "line number {i} of the follow test").unwrap();
    }
}

#[test]
fn append_rotate_and_truncate_lose_and_duplicate_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, 0, 100);
    let log_path = log.clone();
    let tail = start(dir, &log_path);
    let mut seen = Vec::new();
    collect(&tail, &mut seen, 100);
    append(&log, 100, 250);
    collect(&tail, &mut seen, 250);
    // Rotation: rename, a few late lines to the old file, then a new file at the path.
    let rotated = log.with_extension("log.1");
    std::fs::rename(&log, &rotated).unwrap();
    append(&rotated, 250, 260);
    append(&log, 260, 400);
    collect(&tail, &mut seen, 400);
    // Truncation: the file is emptied and written again from the start.
    std::thread::sleep(Duration::from_millis(400));
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&log)
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    append(&log, 400, 450);
    collect(&tail, &mut seen, 450);
    std::thread::sleep(Duration::from_millis(300));
    while let Ok(extra) = tail.lines.try_recv() {
        seen.push(extra);
    }
    let expected: Vec<String> = (0..450)
        .map(|i| format!("line number {i} of the follow test"))
        .collect();
    let mut sorted = seen.clone();
    sorted.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(seen.len(), 450, "no line lost or duplicated");
    assert_eq!(sorted, want);
}

#[test]
fn a_deleted_file_is_reported_and_picked_up_again() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("svc.log");
    append(&log, 0, 5);
    let log_path = log.clone();
    let mut tail = start(dir, &log_path);
    let mut seen = Vec::new();
    collect(&tail, &mut seen, 5);
    std::fs::remove_file(&log).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    append(&log, 5, 10);
    collect(&tail, &mut seen, 10);
    assert_eq!(seen.len(), 10);
    let _ = tail.child.kill();
    let mut stderr = String::new();
    std::io::Read::read_to_string(tail.child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("svc.log: deleted"), "{stderr}");
}

#[test]
fn permission_lost_at_rotation_is_reported_and_reading_resumes_when_restored() {
    // logrotate may create the new file with a mode the reader lacks. As root
    // every file is readable, so lookout runs as `nobody` (setpriv) here.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if !is_root || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv to drop to an unprivileged user");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(65534), Some(65534)).unwrap();
    let log = dir.path().join("rotated.log");
    append(&log, 0, 5);
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut command = Command::new("setpriv");
    crate::support::clear_developer_environment(&mut command);
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_lookout"))
        .current_dir(&home)
        .env("HOME", &home);
    let mut tail = start_command(dir, command, &log);
    let mut seen = Vec::new();
    collect(&tail, &mut seen, 5);
    assert_eq!(seen.len(), 5, "read as nobody before the rotation");
    // Rotate; the new file is root's alone (0600) and already holds lines.
    std::fs::rename(&log, log.with_extension("log.1")).unwrap();
    append(&log, 5, 10);
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        tail.child.try_wait().unwrap().is_none(),
        "a denied file is a state, not an exit"
    );
    assert!(tail.lines.try_recv().is_err(), "nothing read while denied");
    // Permission restored: reading resumes from the start of the new file.
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    collect(&tail, &mut seen, 10);
    std::thread::sleep(Duration::from_millis(300));
    while let Ok(extra) = tail.lines.try_recv() {
        seen.push(extra);
    }
    let expected: Vec<String> = (0..10)
        .map(|i| format!("line number {i} of the follow test"))
        .collect();
    assert_eq!(seen, expected, "no line lost or duplicated");
    let _ = tail.child.kill();
    let mut stderr = String::new();
    std::io::Read::read_to_string(tail.child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains("rotated.log: permission denied"),
        "{stderr}"
    );
}

#[test]
fn missing_inputs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::lookout(dir.path())
        .args(["tail", "--no-tui", "/nonexistent/x.log"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/x.log: no such file"));
}

#[test]
fn stdin_invalid_utf8_and_huge_lines_are_kept_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = crate::support::lookout(dir.path())
        .args(["tail", "--no-tui", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = b"ok line\nbad \xff\xfe bytes\n".to_vec();
    input.extend(vec![b'x'; 100_000]);
    input.push(b'\n');
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 3);
    assert_eq!(records[1]["lossy_utf8"], true);
    assert_eq!(records[2]["truncated"], true);
    assert!(records[2]["text"]
        .as_str()
        .unwrap()
        .ends_with("…[truncated 34464 bytes]"));
}
