use super::*;

/// Folds lines as the engine does: the records they make.
fn records(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut state = TraceState::default();
    for line in lines {
        if !out.is_empty() && state.continues(line) {
            let last = out.len() - 1;
            out[last].push('\n');
            out[last].push_str(line);
        } else {
            state = TraceState::start(line);
            out.push(line.to_string());
        }
    }
    out
}

// An unrecovered nil dereference as the Go runtime prints it (the format of
// runtime/panic.go and runtime/traceback.go), run with `go run`.
const GO_PANIC: &[&str] = &[
    "2024/11/01 03:04:30 serving on :8080",
    "panic: runtime error: invalid memory address or nil pointer dereference",
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f2d6]",
    "",
    "goroutine 1 [running]:",
    "main.lookup(...)",
    "\t/home/user/app/main.go:12",
    "main.main()",
    "\t/home/user/app/main.go:8 +0x1d",
    "exit status 2",
    "2024/11/01 03:04:31 restarted",
];

#[test]
fn a_go_panic_is_one_record_with_its_frames_and_exit_status() {
    let folded = records(GO_PANIC);
    assert_eq!(folded.len(), 3, "{folded:#?}");
    assert!(folded[1].starts_with("panic: runtime error"));
    assert!(folded[1].ends_with("exit status 2"));
    assert_eq!(go_crash_level(&folded[1]), Some(LogLevel::Fatal));
    assert_eq!(folded[2], "2024/11/01 03:04:31 restarted");
}

#[test]
fn a_recovered_http_panic_folds_into_its_log_line() {
    // net/http's `http: panic serving …` line, then the goroutine dump.
    let lines = [
        "2026/11/17 10:07:17 http: panic serving 10.42.5.125:39952: runtime error: invalid memory address or nil pointer dereference",
        "goroutine 46917 [running]:",
        "net/http.(*conn).serve.func1()",
        "\t/usr/local/go/src/net/http/server.go:1903 +0xbe",
        "panic({0x9c1b20?, 0xe3c4d0?})",
        "\t/usr/local/go/src/runtime/panic.go:770 +0x132",
        "example.com/shop/internal/server.(*Server).quote(0xc0001a2000, {0xb0e3f8, 0xc000b2c1c0}, 0xc000a0c360)",
        "\t/src/internal/server/quote.go:58 +0x2d4",
        "created by net/http.(*Server).Serve in goroutine 40",
        "\t/usr/local/go/src/net/http/server.go:3285 +0x4b4",
        "ts=2026-11-17T10:07:28.354Z level=info msg=\"quote computed\" cart=c_a228362676",
    ];
    let folded = records(&lines);
    assert_eq!(folded.len(), 2, "{folded:#?}");
    assert_eq!(folded[0].lines().count(), 10);
}

#[test]
fn a_deadlock_dump_with_several_goroutines_is_one_record() {
    let lines = [
        "fatal error: all goroutines are asleep - deadlock!",
        "",
        "goroutine 1 gp=0xc000002380 m=0 mp=0x5b2e0 [chan receive]:",
        "main.main()",
        "\t/tmp/x.go:5 +0x25",
        "",
        "goroutine 18 [select]:",
        "main.worker[...](0xc00001c0c0)",
        "\t/tmp/x.go:11 +0x4f",
        "...additional frames elided...",
        "exit status 2",
    ];
    assert_eq!(records(&lines).len(), 1);
}

#[test]
fn function_like_lines_outside_a_go_trace_stay_records() {
    let lines = [
        "2024-11-01T03:04:31Z INFO starting",
        "main.main()",
        "user.Login(alice)",
        "",
        "exit status 2",
    ];
    assert_eq!(records(&lines).len(), 5);
}

#[test]
fn java_and_python_traces_still_fold() {
    let java = [
        "2024-11-01 03:04:31.220 ERROR 1 --- [main] c.s.Pool : acquire failed",
        "java.lang.IllegalStateException: pool exhausted",
        "\tat com.shop.Pool.acquire(Pool.java:212)",
        "Caused by: java.util.concurrent.TimeoutException",
        "\t... 12 more",
    ];
    assert_eq!(records(&java).len(), 1);
    let python = [
        "2024-11-01 03:04:31,220 ERROR merge failed",
        "Traceback (most recent call last):",
        "  File \"/app/merge.py\", line 10, in merge",
        "OSError: [Errno 28] No space left on device: '/scratch/x'",
    ];
    assert_eq!(records(&python).len(), 1);
}

// Shapes seen in real reports: a `go test` panic re-raised by the testing
// package, and kube-proxy's klog output followed by a recovered-then-repanicked
// nil dereference (the frames indented with spaces by a copy).
#[test]
fn real_world_go_crashes_fold() {
    let go_test = [
        "--- FAIL: TestMissingSubmission (0.00s)",
        "panic: runtime error: invalid memory address or nil pointer dereference [recovered, repanicked]",
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x17c688]",
        "",
        "goroutine 22 [running]:",
        "testing.tRunner.func1.2({0x1b2080, 0x379200})",
        "\t/usr/local/go/src/testing/testing.go:1974 +0x1a0",
        "panic({0x1b2080?, 0x379200?})",
        "\t/usr/local/go/src/runtime/panic.go:860 +0x12c",
        "example.com/ledger/internal/service.(*Catalog).BuildDashboard(0x40d082e02270)",
        "\t/app/internal/service/dashboard.go:62 +0x6b8",
        "created by testing.(*T).Run in goroutine 1",
        "\t/usr/local/go/src/testing/testing.go:1997 +0x6e4",
        "FAIL\texample.com/ledger\t0.012s",
    ];
    let folded = records(&go_test);
    assert_eq!(folded.len(), 3, "{folded:#?}");
    assert_eq!(folded[1].lines().count(), 12);
    let kube_proxy = [
        "I0907 12:36:03.288125       6 config.go:120] \"Calling handler.OnEndpointSliceAdd\" endpoints=\"default/kubernetes\"",
        "panic: runtime error: invalid memory address or nil pointer dereference [recovered]",
        "        panic: runtime error: invalid memory address or nil pointer dereference",
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x30fea8d]",
        "",
        "goroutine 1 [running]:",
        "k8s.io/kubernetes/pkg/proxy.(*NodeEligibleHandler).OnNodeAdd(0x0, 0xc000a1e000)",
        "        k8s.io/kubernetes/pkg/proxy/node.go:63 +0x2d",
        "I0907 12:36:03.389301       6 shared_informer.go:318] Caches are synced for node config",
    ];
    let folded = records(&kube_proxy);
    assert_eq!(folded.len(), 3, "{folded:#?}");
    assert!(folded[2].starts_with("I0907"));
}
