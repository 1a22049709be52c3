use super::*;
use crate::ingest::MetricPoint;

fn engine() -> Engine {
    Engine::new(EngineConfig::default())
}

#[test]
fn stack_traces_fold_into_one_record_per_source() {
    let mut e = engine();
    e.push_line(0, b"2024-11-01T03:04:31Z ERROR boom", 0);
    e.push_line(1, b"2024-11-01T03:04:31Z INFO other source", 0);
    e.push_line(0, b"\tat com.shop.Pool.acquire(Pool.java:212)", 0);
    e.push_line(0, b"Caused by: java.util.concurrent.TimeoutException", 0);
    e.push_line(0, b"2024-11-01T03:04:32Z INFO next", 0);
    e.flush();
    let texts: Vec<&str> = e.store().iter().map(|r| r.text.as_str()).collect();
    assert_eq!(e.store().len(), 3, "{texts:?}");
    assert!(texts
        .iter()
        .any(|t| t.starts_with("2024-11-01T03:04:31Z ERROR boom\n\tat com.shop")));
    assert_eq!(e.lines_in(), 5);
}

#[test]
fn with_a_line_format_trace_lines_without_its_shape_fold_and_lines_with_it_do_not() {
    let mut e = engine();
    let format = LineFormat::compile(
        r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>",
    )
    .expect("the format compiles");
    e.set_source_format(0, Some(format));
    let lines: [&[u8]; 5] = [
        b"2026-12-16 00:00:06.479 ERROR 1 --- [exec-5] o.a.c.c.C.[dispatcherServlet] : Servlet.service() threw exception",
        b"java.security.cert.CertificateExpiredException: NotAfter: Tue Dec 15 23:59:59 UTC 2026",
        b"\tat sun.security.x509.CertificateValidity.valid(CertificateValidity.java:182)",
        b"2026-12-16 00:00:07.001  INFO 1 --- [exec-6] s.f.labels.Client : label created",
        b"  an indented line that is not a trace but has no record shape either",
    ];
    for line in lines {
        e.push_line(0, line, 0);
    }
    e.flush();
    let texts: Vec<&str> = e.store().iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].contains("\njava.security.cert.CertificateExpiredException: NotAfter"));
    assert!(
        texts[0].ends_with("(CertificateValidity.java:182)"),
        "{texts:?}"
    );
    assert_eq!(
        e.store().iter().next().map(|r| r.level),
        Some(LogLevel::Error)
    );
}

#[test]
fn a_template_new_after_the_baseline_becomes_a_signal_at_its_first_time() {
    let mut e = engine();
    let base = 1_730_430_000_000i64;
    for second in 0..400 {
        let line = format!(
            "{} INFO request served in {} ms",
            base / 1000 + second,
            second % 50
        );
        e.push_line(0, line.as_bytes(), 0);
        if second >= 300 {
            let line = format!(
                "{} ERROR db pool exhausted after {} ms",
                base / 1000 + second,
                5000
            );
            e.push_line(0, line.as_bytes(), 0);
        }
    }
    e.flush();
    let new: Vec<_> = e
        .signals()
        .iter()
        .filter(|s| s.kind == SignalKind::NewTemplate)
        .collect();
    assert_eq!(new.len(), 1, "{:?}", e.signals());
    assert_eq!(new[0].time_ms, base + 300_000);
    // The unit folds into the value (`5000 ms` and `5 s` mine alike).
    assert!(new[0].title.contains("db pool exhausted after <*>"));
}

#[test]
fn any_bytes_in_no_panic_and_every_line_accounted_for() {
    let mut e = Engine::new(EngineConfig {
        max_line_bytes: 64,
        ..EngineConfig::default()
    });
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut lines_pushed = 0;
    for _ in 0..3_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 200) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|i| (state.rotate_left(i as u32 % 64) & 0xff) as u8)
            .filter(|b| *b != b'\n')
            .collect();
        e.push_line((state % 3) as SourceIndex, &bytes, 0);
        lines_pushed += 1;
    }
    e.flush();
    let physical: usize = e.store().iter().map(|r| r.text.split('\n').count()).sum();
    assert_eq!(e.lines_in(), lines_pushed);
    assert_eq!(
        physical as u64, lines_pushed,
        "every input line is in exactly one record"
    );
}

#[test]
fn secrets_are_redacted_before_mining_and_storage() {
    let mut e = engine();
    e.push_line(
        0,
        b"2024-11-01T03:04:31Z ERROR login failed password=hunter2hunter2 for AKIAX5T6A6WKVLSD5377",
        0,
    );
    e.flush();
    let record = e.store().get(0).unwrap();
    assert!(
        !record.text.contains("hunter2") && !record.text.contains("AKIAX5T6A6WKVLSD5377"),
        "{}",
        record.text
    );
    let template = e.miner().get(record.template).unwrap();
    assert!(!template.text.contains("hunter2") && !template.exemplars[0].contains("hunter2"));
    assert_eq!(e.redactions().total(), 2);
}

#[test]
fn the_signal_list_is_capped_and_ids_keep_counting() {
    let mut e = engine();
    let total = MAX_SIGNALS + MAX_SIGNALS / 2;
    for n in 0..total {
        e.emit(Signal {
            id: String::new(),
            kind: SignalKind::Burst,
            time_ms: n as i64,
            score: 1.0,
            title: format!("burst {n}"),
            templates: Vec::new(),
            exemplars: Vec::new(),
            metric: None,
        });
    }
    assert!(e.signals().len() <= MAX_SIGNALS);
    assert_eq!(e.signals_emitted(), total as u64);
    let last = e.signals().last().map(|s| s.id.clone());
    assert_eq!(last.as_deref(), Some(format!("S{total}").as_str()));
    // The newest are kept, in order, with no gap.
    let times: Vec<i64> = e.signals().iter().map(|s| s.time_ms).collect();
    assert!(times.windows(2).all(|w| w[1] == w[0] + 1));
}

#[test]
fn a_metric_series_keeps_only_its_newest_points() {
    let mut e = engine();
    for batch in 0..3 {
        let points = (0..MAX_METRIC_POINTS)
            .map(|i| MetricPoint {
                time_ms: (batch * MAX_METRIC_POINTS + i) as i64,
                value: 1.0,
            })
            .collect();
        e.push_metric(MetricSeries {
            name: "rps".into(),
            points,
            ..MetricSeries::default()
        });
    }
    let series = &e.metrics()[0];
    assert_eq!(series.points.len(), MAX_METRIC_POINTS);
    assert_eq!(
        series.points.last().map(|p| p.time_ms),
        Some((3 * MAX_METRIC_POINTS - 1) as i64)
    );
}

#[test]
fn batches_screened_at_once_store_what_line_by_line_stores() {
    // Secrets, look-alikes, a key at a record's end with its value on the next
    // line, and a stack trace folded into the record before it.
    let lines: Vec<String> = (0..300)
        .map(|i| match i % 6 {
            0 => format!(
                "2024-11-01T03:04:{:02}Z INFO login ok password={i}Xk3vQ9pLmZ2",
                i % 60
            ),
            1 => "2024-11-01T03:04:31Z WARN token_type=Bearer expires_in=3600".to_string(),
            2 => "2024-11-01T03:04:31Z ERROR conn postgres://app:s3cr3t-pw@db:5432/x".to_string(),
            3 => "\tat com.shop.Pool.acquire(Pool.java:212) api_key".to_string(),
            4 => "= AKIAX5T6A6WKVLSD5377 on its own line".to_string(),
            _ => format!(
                "2024-11-01T03:05:{:02}Z INFO served /cart in {i} ms",
                i % 60
            ),
        })
        .collect();
    let mut one_by_one = engine();
    for line in &lines {
        one_by_one.push_line(0, line.as_bytes(), 0);
    }
    one_by_one.flush();
    let mut batched = engine();
    for batch in lines.chunks(7) {
        batched.push_lines(0, batch, 0);
    }
    batched.flush();
    let texts = |e: &Engine| -> Vec<String> { e.store().iter().map(|r| r.text.clone()).collect() };
    assert_eq!(texts(&batched), texts(&one_by_one));
    assert_eq!(batched.redactions(), one_by_one.redactions());
    assert!(
        batched.redactions().total() >= 150,
        "{:?}",
        batched.redactions()
    );
    assert!(texts(&batched).iter().all(|t| !t.contains("AKIAX5T6")));
}

/// Two sources read one after the other, as `lookout signals a.log b.log`
/// reads them: each covers the same two hours.
#[test]
fn files_read_whole_judge_new_templates_per_source_baseline() {
    let mut e = engine();
    let base = 1_793_700_000i64; // 2026-11-03, epoch seconds
    let app: Vec<String> = (0..720)
        .map(|i| format!("{} INFO request served in {} ms", base + i * 10, i % 40))
        .collect();
    e.push_lines(0, &app, 0);
    let mut proxy: Vec<String> = Vec::new();
    for i in 0..720 {
        // A line the proxy writes from its very first second: baseline, never new.
        proxy.push(format!(
            "{} INFO upstream ok host=10.0.0.{}",
            base + i * 10,
            i % 7
        ));
        // Six errors, five minutes apart, after an hour and a half of quiet.
        if i >= 540 && i % 30 == 0 {
            proxy.push(format!(
                "{} ERROR tls handshake failed: certificate has expired",
                base + i * 10
            ));
        }
    }
    e.push_lines(1, &proxy, 0);
    e.flush();
    let new: Vec<&str> = e
        .signals()
        .iter()
        .filter(|s| s.kind == SignalKind::NewTemplate)
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0].contains("certificate has expired"), "{new:?}");
}

#[test]
fn syslog_and_klog_times_take_their_year_from_a_dated_source() {
    let mut e = engine();
    e.push_line(0, b"2026-11-06T11:00:00Z INFO app up", 0);
    e.push_line(
        1,
        b"Nov  6 11:34:52 ip-10-0-12-41 kernel: python3 invoked oom-killer",
        0,
    );
    e.push_line(
        2,
        b"I1106 11:34:53.000000    2241 kuberuntime_manager.go:1036] \"Container terminated\"",
        0,
    );
    e.flush();
    let times: Vec<Option<i64>> = e.store().iter().map(|r| r.time_ms).collect();
    let nov6_113452 = 1_793_964_892_000;
    assert_eq!(times[1], Some(nov6_113452));
    assert_eq!(times[2], Some(nov6_113452 + 1_000));
    let klog = e.store().iter().nth(2).map(|r| r.template);
    let text = klog
        .and_then(|id| e.miner().get(id))
        .map(|t| t.text.clone());
    assert_eq!(text.as_deref(), Some("\"Container terminated\""));
}

#[test]
fn a_go_panic_is_one_fatal_record() {
    let mut e = engine();
    for line in [
        "2024/11/01 03:04:30 serving on :8080",
        "panic: runtime error: invalid memory address or nil pointer dereference",
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f2d6]",
        "",
        "goroutine 1 [running]:",
        "main.lookup(...)",
        "\t/app/main.go:12",
        "main.main()",
        "\t/app/main.go:8 +0x1d",
        "exit status 2",
    ] {
        e.push_line(0, line.as_bytes(), 0);
    }
    e.flush();
    assert_eq!(e.store().len(), 2);
    let panic = e.store().iter().nth(1).expect("the panic record");
    assert_eq!(panic.level, LogLevel::Fatal);
    assert_eq!(panic.text.lines().count(), 9);
}
