//! End to end in a real terminal (tmux 120x40): the demo shows its incident,
//! `?` and `/` work, `q` quits — and the terminal is back in cooked mode after
//! a quit, after SIGTERM and after a panic. A service's workbench reads its
//! CloudWatch group (moto) and metric query (a real Prometheus), adds a group
//! from the browser, and survives a Prometheus that is down.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{fault_proxy, moto, openai_server, prometheus};

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

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Two groups in moto: the service's, with an error burst in stream `pod-a`,
/// and one more for the group browser to add.
fn seed_moto(moto: &moto::Moto) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = moto.logs_client().await;
        let now_ms = now_s() * 1000;
        let groups = [
            (
                "/prod/checkout-api",
                "pod-a",
                "db pool exhausted after 5000 ms (active=5 max=5)",
            ),
            (
                "/prod/payments",
                "pay-1",
                "charge declined by upstream gateway",
            ),
        ];
        for (group, stream, message) in groups {
            client
                .create_log_group()
                .log_group_name(group)
                .send()
                .await
                .unwrap();
            client
                .create_log_stream()
                .log_group_name(group)
                .log_stream_name(stream)
                .send()
                .await
                .unwrap();
            let events = (0..5)
                .map(|i| {
                    aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                        .timestamp(now_ms - 60_000 + i * 1000)
                        .message(format!(
                            "{{\"level\":\"error\",\"msg\":\"{message} #{i}\"}}"
                        ))
                        .build()
                        .unwrap()
                })
                .collect::<Vec<_>>();
            client
                .put_log_events()
                .log_group_name(group)
                .log_stream_name(stream)
                .set_log_events(Some(events))
                .send()
                .await
                .unwrap();
        }
    });
}

/// Three hours of a 5xx rate that jumps from ~0.5 % to ~35 % halfway,
/// ending about an hour ago (backfilled blocks must not reach the head).
fn error_rate_history() -> String {
    let start = now_s() - now_s() % 3600 - 4 * 3600;
    let mut history = String::from(
        "# HELP checkout_error_rate 5xx share in percent\n# TYPE checkout_error_rate gauge\n",
    );
    for i in 0..180 {
        let value = if i < 90 {
            0.4 + (i % 5) as f64 * 0.05
        } else {
            35.0 + (i % 3) as f64
        };
        history.push_str(&format!(
            "checkout_error_rate{{service=\"checkout-api\"}} {value} {}\n",
            start + i * 60
        ));
    }
    // The build the service runs: v7.4.8 since long before the window
    // (not a deploy), v7.4.9 from the jump on (a deploy).
    history
        .push_str("# HELP checkout_build_info running build\n# TYPE checkout_build_info gauge\n");
    for i in -180..180 {
        let version = if i < 90 { "v7.4.8" } else { "v7.4.9" };
        history.push_str(&format!(
            "checkout_build_info{{version=\"{version}\"}} 1 {}\n",
            start + i * 60
        ));
    }
    history.push_str("# EOF\n");
    history
}

/// Runs the workbench of `checkout-api` from `lookout.toml` in the tmux dir,
/// then records the terminal mode once it exits.
fn start_workbench(tmux: &Tmux, config: &str, flags: &str) {
    std::fs::write(tmux.file("lookout.toml"), config).unwrap();
    tmux.run(&format!(
        "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true {} --service checkout-api {flags}; stty -a > stty.txt; echo END >> stty.txt",
        lookout_bin().display()
    ));
}

#[cfg_attr(
    not(all(has_tmux, has_moto, has_prometheus)),
    ignore = "tmux or moto_server or prometheus/promtool not installed: run bash .ci/test-all.sh"
)]
#[test]
fn a_services_workbench_shows_its_cloudwatch_lines_and_metrics_and_adds_a_group() {
    let tmux = Tmux::start("service");
    let moto = moto::started();
    let prom = prometheus::started(&error_rate_history());
    seed_moto(&moto);
    let config = format!(
        r#"[aws]
region = "us-east-1"
endpoint_url = "{}"
[prometheus]
url = "{}"
step_secs = 60
[incident]
id = "wb-test"
[[service]]
name = "checkout-api"
cloudwatch_groups = ["/prod/checkout-api"]
deploy_query = "checkout_build_info"
[[service.metrics]]
name = "5xx rate"
query = "checkout_error_rate"
unit = "%"
warn_above = 5.0
critical_above = 20.0
"#,
        moto.url, prom.url
    );
    // moto has no permission simulator: the guard can only say "unverified".
    // Polling, because moto 5.2.5's live tail, asked by ARN, answers with the
    // last-created group's events (here the one the browser is to add).
    start_workbench(
        &tmux,
        &config,
        "--since 6h --unverified-credentials --no-live-tail",
    );
    let screen = tmux.wait_for("db pool exhausted after 5000 ms");
    assert!(
        screen.contains("pod-a"),
        "the stream labels its lines:\n{screen}"
    );
    tmux.wait_for("change point 5xx rate");
    let screen = tmux.wait_for("│deploy v7.4.9");
    assert!(
        screen.contains("deploy checkout-api v7.4.9")
            && !screen.contains("v7.4.8")
            && screen.contains("credentials unverified"),
        "{screen}"
    );
    let screen = tmux.wait_for("/prod/checkout-api ● following");
    assert!(
        !screen.contains("charge declined"),
        "not a source yet:\n{screen}"
    );
    // The group browser lists moto's groups; a prefix narrows; Enter adds.
    tmux.send(&["b"]);
    tmux.wait_for("/prod/payments");
    tmux.send(&["-l", "/prod/p"]);
    tmux.wait_for("1 group(s)");
    tmux.send(&["Enter"]);
    tmux.wait_for("added /prod/payments");
    let screen = tmux.wait_for("charge declined by upstream gateway");
    assert!(screen.contains("pay-1"), "{screen}");
    tmux.send(&["q"]);
    assert_cooked(&tmux.wait_file("stty.txt"));
    let audit =
        std::fs::read_to_string(tmux.file(".lookout/incidents/wb-test/audit.jsonl")).unwrap();
    for needle in [
        "\"cloudwatch:/prod/checkout-api\"",
        "\"cloudwatch:/prod/payments\"",
        "\"FilterLogEvents\"",
        "\"DescribeLogGroups\"",
        "\"query_range\"",
        "\"credentials.check\"",
    ] {
        assert!(audit.contains(needle), "{needle} not audited");
    }
    lookout_verifies(&tmux.file(".lookout/incidents/wb-test/audit.jsonl"));
}

/// Source tasks and the event loop share one chain: it must still verify.
fn lookout_verifies(audit: &Path) {
    let out = Command::new(lookout_bin())
        .args(["audit", "verify"])
        .arg(audit)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg_attr(not(has_tmux), ignore = "tmux not installed: run bash .ci/test-all.sh")]
#[test]
fn prometheus_down_is_an_error_state_and_the_workbench_keeps_working() {
    let tmux = Tmux::start("promdown");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        tmux.file("app.log"),
        "2024-11-01T03:04:31Z ERROR pool exhausted\n",
    )
    .unwrap();
    let config = format!(
        r#"[prometheus]
url = "http://127.0.0.1:{port}"
[[service]]
name = "checkout-api"
files = ["app.log"]
[[service.metrics]]
name = "5xx rate"
query = "checkout_error_rate"
unit = "%"
"#
    );
    start_workbench(&tmux, &config, "");
    tmux.wait_for("pool exhausted");
    let screen = tmux.wait_for("prom ✖ (5xx rate: cannot reach Prometheus");
    assert!(screen.contains("app.log ●"), "{screen}");
    tmux.send(&["?"]);
    tmux.wait_for("Help — keys");
    tmux.send(&["?"]);
    tmux.send(&["q"]);
    assert_cooked(&tmux.wait_file("stty.txt"));
}

#[cfg_attr(
    not(all(has_tmux, has_moto)),
    ignore = "tmux or moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn throttled_reads_are_retried_and_counted_in_the_status_bar() {
    let tmux = Tmux::start("throttle");
    let moto = moto::started();
    seed_moto(&moto);
    let proxy = fault_proxy::FaultProxy::start(moto.port);
    // Every 2nd Logs request is throttled, 3 times in all: each is retried.
    proxy.set_plan(Some(fault_proxy::Plan {
        fault: fault_proxy::Fault::Throttle,
        every: 2,
        limit: 3,
    }));
    let config = format!(
        r#"[aws]
region = "us-east-1"
endpoint_url = "{}"
[[service]]
name = "checkout-api"
cloudwatch_groups = ["/prod/checkout-api"]
"#,
        proxy.url
    );
    start_workbench(&tmux, &config, "--unverified-credentials --no-live-tail");
    tmux.wait_for("db pool exhausted after 5000 ms");
    let screen = tmux.wait_for("retried 3 · throttled 3");
    assert!(screen.contains("/prod/checkout-api ●"), "{screen}");
    tmux.send(&["q"]);
    assert_cooked(&tmux.wait_file("stty.txt"));
}
