//! Every shared Terraform plan gets exactly the risk label and rule set its
//! manifest lists; deny rules block; a 5,000-change plan is checked; `lookout
//! check` exits with the documented codes.

use std::path::Path;

use lookout::level::Level;
use lookout::propose::{policy, policy_input_for_file, risk};

fn assess(name: &str, text: &str) -> risk::Assessment {
    let input = policy_input_for_file(name, text, "inc-test", Level::Propose).unwrap();
    risk::assess(policy::evaluate(&input, &[]).unwrap())
}

#[test]
fn every_shared_plan_matches_its_manifest() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/tfplans");
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
        eprintln!("shared tfplans not present: skipped");
        return;
    };
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for row in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (file, label, rules) = (cols[0], cols[5], cols[6]);
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let got = assess(file, &text);
        let want: Vec<String> = if rules == "-" {
            Vec::new()
        } else {
            let mut r: Vec<String> = rules.split(',').map(str::to_string).collect();
            r.sort();
            r
        };
        if got.risk.as_str() != label.to_lowercase() || got.rules != want {
            mismatches.push(format!(
                "{file}: want {label} {want:?}, got {} {:?}",
                got.risk.as_str(),
                got.rules
            ));
        }
        checked += 1;
    }
    eprintln!("{checked} plans checked, {} mismatches", mismatches.len());
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The shipped rules judge each resource change on its own, which is what lets
/// `evaluate` split big plans across threads: evaluating every change alone
/// must give exactly what evaluating the whole plan gives.
#[test]
fn chunked_evaluation_equals_whole_on_every_shared_plan() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/tfplans");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "json"));
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/ck_big_mixed.json"));
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let input = policy_input_for_file("p.json", &text, "inc", Level::Propose).unwrap();
        let changes = input["resource_changes"].as_array().unwrap().len();
        let whole = policy::evaluate_in_parts(&input, &[], 1).unwrap();
        let alone = policy::evaluate_in_parts(&input, &[], changes.max(1)).unwrap();
        assert_eq!(whole, alone, "{}", path.display());
    }
}

fn plan(changes: &[serde_json::Value]) -> String {
    serde_json::json!({"format_version": "1.2", "resource_changes": changes}).to_string()
}

fn change(
    address: &str,
    kind: &str,
    actions: &[&str],
    after: serde_json::Value,
) -> serde_json::Value {
    serde_json::json!({"address": address, "type": kind, "name": "x", "change": {"actions": actions, "before": null, "after": after}})
}

#[test]
fn deny_rules_block_wildcard_iam_and_disabled_audit_logging() {
    let admin =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let got = assess(
        "p.json",
        &plan(&[change(
            "aws_iam_policy.admin",
            "aws_iam_policy",
            &["create"],
            serde_json::json!({"policy": admin}),
        )]),
    );
    assert!(got.blocked && got.risk == risk::Risk::High && got.two_person);
    assert_eq!(got.denies[0].rule, "deny_iam_wildcard");
    let trail = assess(
        "p.json",
        &plan(&[change(
            "aws_cloudtrail.main",
            "aws_cloudtrail",
            &["update"],
            serde_json::json!({"enable_logging": false}),
        )]),
    );
    assert!(trail.blocked);
}

#[test]
fn port_ranges_protocol_all_and_unknown_actions() {
    let range = change(
        "aws_security_group_rule.r",
        "aws_security_group_rule",
        &["create"],
        serde_json::json!({"type": "ingress", "from_port": 3000, "to_port": 3400, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
    );
    assert!(assess("p.json", &plan(&[range]))
        .rules
        .contains(&"admin_port_open_world".to_string()));
    let gcp = change(
        "google_compute_firewall.f",
        "google_compute_firewall",
        &["create"],
        serde_json::json!({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["20-25"]}]}),
    );
    assert!(assess("p.json", &plan(&[gcp]))
        .rules
        .contains(&"admin_port_open_world".to_string()));
    let private = change(
        "aws_security_group_rule.r",
        "aws_security_group_rule",
        &["create"],
        serde_json::json!({"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}),
    );
    assert!(!assess("p.json", &plan(&[private]))
        .rules
        .contains(&"admin_port_open_world".to_string()));
    let odd = change(
        "null_resource.n",
        "null_resource",
        &["teleport"],
        serde_json::json!({}),
    );
    assert_eq!(assess("p.json", &plan(&[odd])).risk, risk::Risk::Medium);
}

#[test]
fn a_plan_with_5000_changes_is_checked() {
    let changes: Vec<_> = (0..5000)
        .map(|i| change(&format!("aws_instance.web[{i}]"), "aws_instance", &["update"], serde_json::json!({"instance_type": "t3.small", "tags": {"Name": format!("web-{i}")}})))
        .collect();
    let started = std::time::Instant::now();
    let got = assess("big.json", &plan(&changes));
    eprintln!("5,000 changes checked in {:?}", started.elapsed());
    assert_eq!(got.risk, risk::Risk::Low);
}

#[test]
fn check_exit_codes_follow_the_risk() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            plan(&[change(
                "aws_instance.a",
                "aws_instance",
                &["update"],
                serde_json::json!({}),
            )]),
            0,
        ),
        (
            plan(&[change(
                "aws_instance.a",
                "aws_instance",
                &["delete"],
                serde_json::json!(null),
            )]),
            10,
        ),
        (
            plan(&[change(
                "aws_iam_role.r",
                "aws_iam_role",
                &["create"],
                serde_json::json!({}),
            )]),
            20,
        ),
        ("{ not json".to_string(), 2),
    ];
    for (text, code) in cases {
        let path = dir.path().join("plan.json");
        std::fs::write(&path, text).unwrap();
        let out = crate::support::lookout(dir.path())
            .args(["check", "--json"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Every check that produced a verdict is in an audit log, with its risk.
    let incidents = dir.path().join(".lookout/incidents");
    let mut risks = Vec::new();
    for entry in std::fs::read_dir(&incidents).unwrap() {
        let log = std::fs::read_to_string(entry.unwrap().path().join("audit.jsonl")).unwrap();
        for line in log.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            if record["action"] == "policy.check" {
                risks.push(record["details"]["risk"].as_str().unwrap().to_string());
            }
        }
    }
    risks.sort();
    assert_eq!(risks, ["high", "low", "medium"]);
}

/// Plans in `terraform show -json` form with DNS, routing, CDN and load
/// balancer changes: `network_change` fires on boundary types only, judged
/// by their whole type name (`aws_route53_*` is DNS, `aws_route` routing).
#[test]
fn dns_is_not_a_network_boundary_but_routes_cdns_and_load_balancers_are() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/plans");
    let flagged = |file: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let input = policy_input_for_file(file, &text, "inc-test", Level::Propose).unwrap();
        let mut resources: Vec<String> = policy::evaluate(&input, &[])
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.rule == "network_change")
            .map(|f| f.resource)
            .collect();
        resources.sort();
        resources
    };
    let dns = "dns_route53_zone_and_records.json";
    assert_eq!(flagged(dns), Vec::<String>::new());
    let text = std::fs::read_to_string(dir.join(dns)).unwrap();
    let got = assess(dns, &text);
    assert_eq!(got.risk, risk::Risk::Low, "{:?}", got.rules);
    assert_eq!(
        flagged("routes_route_tables.json"),
        ["aws_route.peer", "aws_route_table.private"]
    );
    assert_eq!(
        flagged("cdn_cloudfront_and_frontdoor.json"),
        [
            "aws_cloudfront_distribution.assets",
            "azurerm_cdn_frontdoor_route.web"
        ]
    );
    assert_eq!(
        flagged("lb_listeners_and_backends.json"),
        [
            "aws_lb_listener.https",
            "aws_lb_target_group_attachment.web_green[0]",
            "azurerm_lb_rule.http",
            "google_compute_url_map.web"
        ]
    );
}
