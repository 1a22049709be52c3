//! A service's workbench in tmux: it reads its CloudWatch group (moto) and
//! metric query (a real Prometheus), adds a group from the browser, survives a
//! Prometheus that is down, and counts throttled reads in the status bar.

use super::*;

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
