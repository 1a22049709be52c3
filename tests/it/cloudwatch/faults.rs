//! CloudWatch reads through a fault-injecting proxy: throttling, slow answers
//! and broken connections lose and duplicate nothing, and every retry shows.

use super::*;

#[cfg_attr(
    not(has_moto),
    ignore = "moto_server not installed: run bash .ci/test-all.sh"
)]
#[test]
fn faults_through_a_proxy_lose_and_duplicate_nothing_and_retries_are_visible() {
    use fault_proxy::{Fault, FaultProxy, Plan};
    let moto = moto::started();
    let group = "/prod/faults";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(moto.logs_client());
    // 25,000 events: three FilterLogEvents pages, so faults hit mid-paging.
    for stream in ["pod-0", "pod-1"] {
        runtime.block_on(seed_levels(&client, group, stream, 0..12_500, base_ms()));
    }
    let mut expected: Vec<String> = ["pod-0", "pod-1"]
        .iter()
        .flat_map(|s| (0..12_500).map(move |i| level_line(s, i)))
        .collect();
    expected.sort();
    let proxy = FaultProxy::start(moto.port);
    let plans = [
        (
            "throttled",
            Plan {
                fault: Fault::Throttle,
                every: 2,
                limit: 3,
            },
        ),
        (
            "slow",
            Plan {
                fault: Fault::Slow(Duration::from_millis(1_500)),
                every: 1,
                limit: 3,
            },
        ),
        (
            "reset",
            Plan {
                fault: Fault::Reset,
                every: 2,
                limit: 2,
            },
        ),
    ];
    for (name, plan) in plans {
        proxy.reset_stats();
        proxy.set_plan(Some(plan));
        let dir = tempfile::tempdir().unwrap();
        let out = tail_at(&proxy.url, group, dir.path(), &[])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        let mut texts: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        texts.sort();
        eprintln!(
            "{name}: {} events, {} requests, {} faults injected; stderr:\n{stderr}",
            texts.len(),
            proxy.requests(),
            proxy.faults()
        );
        assert!(proxy.faults() > 0, "{name}: the fault was injected");
        assert_eq!(
            texts.len(),
            expected.len(),
            "{name}: nothing lost or duplicated"
        );
        assert!(texts == expected, "{name}: exactly the seeded events");
        match name {
            "throttled" => {
                let faults = proxy.faults() as usize;
                assert_eq!(
                    stderr.matches("throttled, retrying").count(),
                    faults,
                    "{stderr}"
                );
                assert!(stderr.contains(&format!("{faults} throttled")), "{stderr}");
                assert!(audit_text(dir.path()).contains("\"retries\":1"));
            }
            "reset" => assert!(stderr.contains("retrying"), "{stderr}"),
            _ => {}
        }
    }
}
