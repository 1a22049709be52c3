//! The CloudWatch summary against moto: a local count where Insights ignores
//! `stats` (and it says so), Insights' counts when the backend runs `stats`
//! (a stand-in answers as Insights would), and the fallback when the query fails.

use super::*;

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn summary_falls_back_to_a_local_count_where_insights_ignores_stats_and_says_so() {
    let moto = moto::started();
    let group = "/prod/summary";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    runtime.block_on(seed_levels(&client, group, "pod-0", 0..2_000, base_ms()));
    moto.start_recording();
    let dir = tempfile::tempdir().unwrap();
    let out = tail_at(
        &moto.url,
        group,
        dir.path(),
        &["--summary", "--since", "2h", "--samples", "3"],
    )
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("{summary}");
    // moto runs the query but ignores `stats`: lookout must notice and count itself.
    assert_eq!(summary["path"], "filter_log_events");
    let reason = summary["fallback_reason"].as_str().unwrap();
    assert!(reason.contains("did not run `stats`"), "{reason}");
    assert!(
        stderr.contains("summary via FilterLogEvents, counted locally"),
        "{stderr}"
    );
    assert_eq!(summary["total"], 2_000);
    assert_eq!(summary["per_level"]["error"], 100);
    assert_eq!(summary["per_level"]["warn"], 300);
    assert_eq!(summary["per_level"]["info"], 1_600);
    let binned: u64 = summary["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(binned, 2_000);
    assert_eq!(summary["bin_minutes"], 1);
    let samples = summary["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 3);
    assert_eq!(samples[0]["text"], "INFO pod-0 line 1999", "newest first");
    // Every call was a read, and every read is in the audit log.
    let operations = moto.recorded_operations();
    for operation in &operations {
        assert!(READS.contains(&operation.as_str()), "non-read: {operation}");
    }
    assert!(operations.contains(&"Logs_20140328.StartQuery".to_string()));
    let audit = audit_text(dir.path());
    for operation in ["StartQuery", "GetQueryResults", "FilterLogEvents"] {
        let audited = audit
            .matches(&format!("\"operation\":\"{operation}\""))
            .count();
        let sent = operations
            .iter()
            .filter(|o| o.ends_with(&format!(".{operation}")))
            .count();
        assert_eq!(audited, sent, "{operation}: audited {audited}, sent {sent}");
    }

    // Asked to skip Insights, lookout sends no query at all.
    moto.start_recording();
    let out = tail_at(
        &moto.url,
        group,
        dir.path(),
        &["--summary", "--since", "2h", "--no-insights"],
    )
    .output()
    .unwrap();
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["fallback_reason"], "--no-insights");
    assert_eq!(summary["total"], 2_000);
    // No query at all: only the guard's two calls and FilterLogEvents.
    assert!(moto.recorded_operations().iter().all(|o| matches!(
        o.as_str(),
        "Logs_20140328.FilterLogEvents" | "GetCallerIdentity" | "SimulatePrincipalPolicy"
    )));
}

/// A stand-in for Logs Insights running `stats` (moto cannot): the proxy
/// answers the counts query — first `Running`, then `final_status` with rows
/// in the documented GetQueryResults shape; the sample query goes to moto.
fn stats_stand_in(final_status: &'static str) -> fault_proxy::Responder {
    let polls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    std::sync::Arc::new(move |target: &str, body: &[u8]| {
        let body = String::from_utf8_lossy(body);
        if target.ends_with(".StartQuery") && body.contains("stats count(*) as n by bin(1m), level")
        {
            return Some(r#"{"queryId":"stand-in-stats"}"#.into());
        }
        if !(target.ends_with(".GetQueryResults") && body.contains("stand-in-stats")) {
            return None;
        }
        if polls.fetch_add(1, std::sync::atomic::Ordering::Relaxed) == 0 {
            return Some(r#"{"results":[],"status":"Running"}"#.into());
        }
        Some(format!(
            r#"{{"results":[
                [{{"field":"bin(1m)","value":"2026-01-01 10:00:00.000"}},{{"field":"level","value":"ERROR"}},{{"field":"n","value":"7"}}],
                [{{"field":"bin(1m)","value":"2026-01-01 10:01:00.000"}},{{"field":"level","value":"info"}},{{"field":"n","value":"93"}}]
              ],"statistics":{{"recordsMatched":100.0,"recordsScanned":100.0,"bytesScanned":5000.0}},"status":"{final_status}"}}"#
        ))
    })
}

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn summary_takes_insights_counts_when_the_backend_runs_stats_and_falls_back_when_the_query_fails() {
    let moto = moto::started();
    let group = "/prod/pushdown";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    runtime.block_on(seed_levels(&client, group, "pod-0", 0..200, base_ms()));
    let proxy = fault_proxy::FaultProxy::start(moto.port);
    proxy.set_responder(Some(stats_stand_in("Complete")));
    let dir = tempfile::tempdir().unwrap();
    let args = ["--summary", "--since", "2h", "--samples", "2"];
    let out = tail_at(&proxy.url, group, dir.path(), &args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["path"], "insights", "{summary}");
    assert!(summary["fallback_reason"].is_null());
    assert!(
        stderr.contains("summary via Logs Insights push-down"),
        "{stderr}"
    );
    assert_eq!(summary["total"], 100);
    assert_eq!(summary["per_level"]["error"], 7);
    assert_eq!(summary["per_level"]["info"], 93);
    // Polled until Complete (Running first), then the sample query from moto.
    assert_eq!(summary["requests"]["GetQueryResults"], 3, "{summary}");
    assert_eq!(summary["requests"]["StartQuery"], 2);
    assert!(
        summary["requests"]["FilterLogEvents"].is_null(),
        "no event pull"
    );
    let samples = summary["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 2);
    assert_eq!(samples[0]["text"], "INFO pod-0 line 199");
    let audit = audit_text(dir.path());
    assert!(audit.contains("\"status\":\"Running\""));
    assert_eq!(
        audit.matches("\"operation\":\"GetQueryResults\"").count(),
        3
    );

    // A query that ends Failed: lookout counts locally and says why.
    proxy.set_responder(Some(stats_stand_in("Failed")));
    let out = tail_at(&proxy.url, group, dir.path(), &args)
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["path"], "filter_log_events");
    assert_eq!(summary["fallback_reason"], "the counts query ended Failed");
    assert_eq!(summary["total"], 200);
}
