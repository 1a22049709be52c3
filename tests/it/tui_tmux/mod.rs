//! End to end in a real terminal (tmux 120x40): the demo shows its incident,
//! `?` and `/` work, `q` quits — and the terminal is back in cooked mode after
//! a quit, after SIGTERM and after a panic. A service's workbench reads its
//! CloudWatch group (moto) and metric query (a real Prometheus), adds a group
//! from the browser, and survives a Prometheus that is down.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{fault_proxy, moto, openai_server, prometheus};

mod workbench;

struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    /// A detached 120x40 session running a plain shell (with an empty
    /// environment) in a temp dir. Tests that call this are ignored where
    /// build.rs found no tmux (`has_tmux`).
    fn start(name: &str) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let socket = format!("lookout-test-{name}-{}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
                "-c",
            ])
            .arg(dir.path())
            .args([
                "env",
                "-i",
                "PATH=/usr/bin:/bin",
                "TERM=xterm-256color",
                "LANG=C.UTF-8",
            ])
            .arg(format!("HOME={}", dir.path().display()))
            .args(["sh"])
            .status()
            .unwrap();
        assert!(status.success(), "tmux new-session failed");
        Tmux { socket, dir }
    }

    fn send(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn run(&self, command: &str) {
        self.send(&[command, "Enter"]);
    }

    fn capture(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits up to 20 s for `needle` on screen.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.capture();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {needle:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits up to 20 s until `needle` has left the screen. A key sent
    /// right after Escape may reach the terminal in the same read, where
    /// ESC + key is Alt+key: wait for Escape's effect first.
    fn wait_gone(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.capture();
            if !screen.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {needle:?} to go; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Waits up to 20 s for a file the shell writes after lookout exits.
    fn wait_file(&self, name: &str) -> String {
        let path = self.file(name);
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(text) = std::fs::read_to_string(&path) {
                if text.contains("END") {
                    return text;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("{name} never written; screen:\n{}", self.capture());
    }

    fn lookout_pid(&self) -> Option<u32> {
        let out = Command::new("pgrep")
            .args(["-f", &format!("{} demo", lookout_bin().display())])
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .filter_map(|l| l.trim().parse().ok())
            .find(|pid: &u32| pid_cwd_is(*pid, self.dir.path()))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn pid_cwd_is(pid: u32, dir: &Path) -> bool {
    std::fs::read_link(format!("/proc/{pid}/cwd"))
        .map(|cwd| cwd == dir.canonicalize().unwrap_or_default())
        .unwrap_or(false)
}

fn lookout_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_lookout"))
}

/// `stty -a` shows `icanon` and `echo` (not `-icanon`, `-echo`): cooked mode.
fn assert_cooked(stty: &str) {
    let flags: Vec<&str> = stty.split_whitespace().collect();
    assert!(
        flags.contains(&"icanon") && flags.contains(&"echo"),
        "terminal not restored: {stty}"
    );
}

/// Runs the demo, then records the terminal mode once it exits.
fn start_demo(tmux: &Tmux, env: &str) {
    tmux.run(&format!(
        "{env} {} demo --speed max; stty -a > stty.txt; echo END >> stty.txt",
        lookout_bin().display()
    ));
}

#[cfg_attr(not(has_tmux), ignore = "tmux not installed: run bash .ci/test-all.sh")]
#[test]
fn demo_help_search_and_quit_restore_the_terminal() {
    let tmux = Tmux::start("quit");
    start_demo(&tmux, "");
    tmux.wait_for("db pool exhausted");
    let screen = tmux.wait_for("L0 READ-ONLY");
    assert!(
        screen.contains("Templates")
            && screen.contains("Signals / timeline")
            && screen.contains("Metrics")
    );
    tmux.send(&["?"]);
    tmux.wait_for("Help — keys");
    tmux.send(&["?"]);
    tmux.send(&["/"]);
    tmux.send(&["-l", "upstream"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("/upstream (n/N)");
    tmux.send(&["q"]);
    assert_cooked(&tmux.wait_file("stty.txt"));
    assert!(
        tmux.file(".lookout/incidents/demo-2024-11-01/audit.jsonl")
            .is_file(),
        "sources were audited"
    );
}

impl Tmux {
    fn resize(&self, width: u16, height: u16) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "resize-window", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .status();
    }
}

/// Fault matrix: a storm of resizes — down to 20x5 and up to 250x80, 60 in a
/// row without pause — neither crashes nor wedges the UI, and it still answers.
#[cfg_attr(not(has_tmux), ignore = "tmux not installed: run bash .ci/test-all.sh")]
#[test]
fn a_resize_storm_leaves_the_workbench_alive_and_drawing() {
    let tmux = Tmux::start("resize");
    start_demo(&tmux, "");
    tmux.wait_for("L0 READ-ONLY");
    let sizes = [(20, 5), (250, 80), (80, 24), (79, 23), (120, 40), (40, 10)];
    for i in 0..60 {
        let (w, h) = sizes[i % sizes.len()];
        tmux.resize(w, h);
    }
    tmux.resize(60, 20);
    tmux.wait_for("80x24");
    tmux.resize(120, 40);
    tmux.wait_for("L0 READ-ONLY");
    tmux.send(&["?"]);
    tmux.wait_for("Help — keys");
    tmux.send(&["?"]);
    tmux.send(&["q"]);
    assert_cooked(&tmux.wait_file("stty.txt"));
}

#[cfg_attr(not(has_tmux), ignore = "tmux not installed: run bash .ci/test-all.sh")]
#[test]
fn sigterm_restores_the_terminal() {
    let tmux = Tmux::start("term");
    start_demo(&tmux, "");
    tmux.wait_for("L0 READ-ONLY");
    let pid = tmux.lookout_pid().expect("lookout is running");
    assert!(Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    assert_cooked(&tmux.wait_file("stty.txt"));
}

#[cfg_attr(not(has_tmux), ignore = "tmux not installed: run bash .ci/test-all.sh")]
#[test]
fn a_panic_restores_the_terminal_and_prints_its_message() {
    let tmux = Tmux::start("panic");
    start_demo(&tmux, "LOOKOUT_TEST_PANIC_AFTER_MS=1500");
    assert_cooked(&tmux.wait_file("stty.txt"));
    tmux.wait_for("forced panic");
}

#[test]
fn without_a_terminal_the_tui_says_so() {
    let out = Command::new(lookout_bin()).arg("demo").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

#[cfg_attr(not(has_tmux), ignore = "tmux not installed: run bash .ci/test-all.sh")]
#[test]
fn the_copilot_streams_an_llm_summary_into_the_pane_and_saves_it() {
    let tmux = Tmux::start("llm");
    let server = openai_server::Server::start(vec![]);
    start_demo(
        &tmux,
        &format!(
            "LOOKOUT_LLM_BASE_URL={} LOOKOUT_LLM_MODEL=test-model",
            server.base_url
        ),
    );
    tmux.wait_for("L0 READ-ONLY");
    tmux.wait_for("db pool exhausted");
    tmux.send(&["s"]);
    tmux.wait_for("The pool was shrunk by the deploy [S2].");
    tmux.wait_for("summary saved to");
    tmux.send(&["q"]);
    assert_cooked(&tmux.wait_file("stty.txt"));
    let summary =
        std::fs::read_to_string(tmux.file(".lookout/incidents/demo-2024-11-01/summary.md"))
            .unwrap();
    assert_eq!(summary, openai_server::expected_text());
    assert_eq!(server.bodies().len(), 1);
    let audit =
        std::fs::read_to_string(tmux.file(".lookout/incidents/demo-2024-11-01/audit.jsonl"))
            .unwrap();
    assert!(audit.contains("\"llm.request\"") && audit.contains("\"llm.call\""));
}

/// `p` drafts the fix off the event loop: while the LLM stalls, the workbench
/// still answers keys (help opens and closes); when the answer fails the
/// analyst's revert of the bad commit is shown, and `y` stages it.
#[cfg_attr(not(has_tmux), ignore = "tmux not installed: run bash .ci/test-all.sh")]
#[test]
fn p_drafts_the_fix_without_freezing_the_workbench() {
    use openai_server::Behavior;
    let tmux = Tmux::start("fix");
    // The first request stalls for 8 s, then the connection ends.
    let server = openai_server::Server::start(vec![Behavior::StallAfter(0)]);
    tmux.run(&format!(
        "LOOKOUT_LLM_BASE_URL={} LOOKOUT_LLM_MODEL=test-model {} demo --speed max --level 1; stty -a > stty.txt; echo END >> stty.txt",
        server.base_url,
        lookout_bin().display()
    ));
    tmux.wait_for("L1 PROPOSE");
    tmux.wait_for("db pool exhausted");
    tmux.send(&["p"]);
    tmux.wait_for("drafting the fix with the LLM");
    let asked = Instant::now();
    tmux.send(&["?"]);
    tmux.wait_for("Help — keys");
    assert!(
        asked.elapsed() < Duration::from_secs(6),
        "help took {:?}: the loop waited for the LLM",
        asked.elapsed()
    );
    tmux.send(&["?"]);
    let screen = tmux.wait_for("Proposal:");
    assert!(screen.contains("revert"), "{screen}");
    tmux.send(&["y"]);
    tmux.wait_for("staged local branch lookout/demo-2024-11-01/");
    tmux.send(&["Escape"]);
    tmux.wait_gone("Proposal:");
    tmux.send(&["q"]);
    assert_cooked(&tmux.wait_file("stty.txt"));
    assert!(!server.bodies().is_empty(), "the LLM was asked first");
}
