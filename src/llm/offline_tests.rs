//! The offline analyst holds itself to the prompts' rules: its drafts cite
//! only pack ids, label the cause a hypothesis, and verify clean.

use super::*;
use crate::ingest::EngineConfig;
use crate::source::demo::DemoIncident;

fn demo_engine(until_ms: Option<i64>) -> Engine {
    let demo = DemoIncident::embedded().expect("the embedded demo parses");
    let mut engine = Engine::new(EngineConfig::default());
    demo.feed(&mut engine, until_ms);
    engine
}

fn pack(engine: &Engine, suspects: Option<&[SuspectChange]>, budget_tokens: usize) -> EvidencePack {
    EvidencePack::build(
        engine,
        &PackInput {
            onset_ms: None,
            suspects,
            budget_tokens,
        },
    )
}

#[test]
fn every_draft_of_the_demo_verifies_clean_against_its_pack() {
    let engine = demo_engine(None);
    let pack = pack(&engine, None, DEFAULT_CONTEXT_TOKENS);
    for kind in ["summary", "runbook", "postmortem"] {
        let text = draft(kind, &engine, "inc-demo");
        assert_eq!(
            text,
            draft_from_pack(kind, &pack, "inc-demo"),
            "{kind}: same pack, same draft"
        );
        let report = pack.check(&text);
        assert!(
            report.is_clean(),
            "{kind}: {report}: {:?}\n{text}",
            report.uncited_claims
        );
        assert!(report.ok >= 3, "{kind} cites evidence: {report}");
        assert!(text.contains(LABEL));
    }
}

#[test]
fn the_summary_names_the_deploy_as_a_hypothesis_and_the_pool_errors_as_fact() {
    let engine = demo_engine(None);
    let text = draft("summary", &engine, "inc-demo");
    let hypothesis = text
        .lines()
        .find(|l| l.starts_with("**Hypothesis:**"))
        .expect("a hypothesis line");
    assert!(
        hypothesis.contains("DB_POOL_SIZE 50 -> 5") && hypothesis.contains("[S1, M1]"),
        "{hypothesis}"
    );
    assert!(
        hypothesis.contains("before the first signal"),
        "{hypothesis}"
    );
    let blast = text
        .lines()
        .find(|l| l.starts_with("**Blast radius:**"))
        .unwrap();
    assert!(
        // Every line said the same: the pack shows the values, not masks.
        blast.contains("1,656 error lines of `db pool exhausted after 5000 ms (active=5 max=5)`"),
        "{blast}"
    );
    assert!(blast.contains("[T0bb2]"));
    assert!(
        text.contains("commits: unknown, no repository was read"),
        "{text}"
    );
}

#[test]
fn suspects_lead_the_hypothesis_and_a_read_repo_without_commits_is_said() {
    let engine = demo_engine(None);
    let suspect = SuspectChange {
        id: "C9c1e2f4".into(),
        subject: "checkout-api: DB_POOL_SIZE 50 -> 5".into(),
        time_ms: 1_730_430_100_000,
        files: vec!["k8s/checkout-api.yaml".into()],
        score: 0.9,
        reasons: vec!["touches DB_POOL_SIZE".into()],
        explains: true,
        diff_excerpt: None,
    };
    let with = pack(
        &engine,
        Some(std::slice::from_ref(&suspect)),
        DEFAULT_CONTEXT_TOKENS,
    );
    for kind in ["summary", "runbook", "postmortem"] {
        let text = draft_from_pack(kind, &with, "inc-demo");
        assert!(
            text.contains("[C9c1e2f4"),
            "{kind} cites the suspect:\n{text}"
        );
        assert!(
            with.check(&text).is_clean(),
            "{kind}: {}",
            with.check(&text)
        );
    }
    let without = pack(&engine, Some(&[]), DEFAULT_CONTEXT_TOKENS);
    let text = draft_from_pack("summary", &without, "inc-demo");
    assert!(
        text.contains("no commit in the repository's window before the onset"),
        "{text}"
    );
    assert!(without.check(&text).is_clean());
}

#[test]
fn before_any_signal_and_under_a_tiny_budget_it_says_unknown_and_stays_clean() {
    let quiet = demo_engine(Some(1_730_430_060_000));
    let small = demo_engine(None);
    for pack in [
        pack(&quiet, None, DEFAULT_CONTEXT_TOKENS),
        pack(&small, None, 300),
    ] {
        for kind in ["summary", "runbook", "postmortem"] {
            let text = draft_from_pack(kind, &pack, "inc-demo");
            let report = pack.check(&text);
            assert!(
                report.is_clean(),
                "{kind}: {report} {:?}\n{text}",
                report.uncited_claims
            );
            assert!(text.contains("unknown"), "{kind}:\n{text}");
        }
    }
}

/// A failing service whose repo holds one suspect that does not explain the
/// incident, with (or without) the provider's announcement of a failover.
fn failover_pack(announced: bool) -> EvidencePack {
    let mut engine = Engine::new(EngineConfig::default());
    let minute = |m: u32| format!("2026-11-26T13:{m:02}:00Z");
    for m in 0..30u32 {
        let line = format!("{} INFO loyalty-api points credited in 12 ms", minute(m));
        engine.push_line(0, line.as_bytes(), 0);
        if m >= 17 {
            for _ in 0..20 {
                let line = format!(
                    "{} ERROR loyalty-api server closed the connection unexpectedly",
                    minute(m)
                );
                engine.push_line(0, line.as_bytes(), 0);
            }
        }
    }
    if announced {
        let event = r#"{"time":"2026-11-26T13:16:56Z","eventId":"RDS-EVENT-0013","message":"A Multi-AZ failover has started."}"#;
        engine.push_line(1, event.as_bytes(), 0);
    }
    engine.flush();
    let ruled_out = SuspectChange {
        id: "C1a2b3c4".into(),
        subject: "loyalty: 20 worker threads".into(),
        time_ms: 1_796_300_000_000 - 86_400_000,
        files: vec!["k8s/deployment.yaml".into()],
        score: 0.3,
        reasons: vec!["landed 2 h before the onset".into()],
        explains: false,
        diff_excerpt: None,
    };
    pack(&engine, Some(&[ruled_out]), DEFAULT_CONTEXT_TOKENS)
}

#[test]
fn a_suspect_the_ranking_ruled_out_is_not_the_hypothesis_an_announcement_is() {
    for announced in [true, false] {
        let pack = failover_pack(announced);
        let text = draft_from_pack("summary", &pack, "inc-failover");
        let hypothesis = text
            .lines()
            .find(|l| l.starts_with("**Hypothesis:**"))
            .expect("a hypothesis line");
        assert!(
            !hypothesis.contains("20 worker threads"),
            "a change below the threshold is no hypothesis: {hypothesis}"
        );
        assert!(
            hypothesis.contains("No change in this repo explains it"),
            "{hypothesis}"
        );
        assert_eq!(
            hypothesis.contains("A Multi-AZ failover has started."),
            announced,
            "{hypothesis}"
        );
        let report = pack.check(&text);
        assert!(
            report.is_clean(),
            "{report}: {:?}\n{text}",
            report.uncited_claims
        );
        // The pack says which suspects explain, for a model reading it.
        assert!(
            pack.text
                .contains("(suspect score 0.30, does not explain it)"),
            "{}",
            pack.text
        );
    }
}

#[test]
fn the_first_error_to_appear_is_named_beside_the_loudest() {
    let mut engine = Engine::new(EngineConfig::default());
    let at = |m: u32, s: u32| format!("2026-11-26T14:{m:02}:{s:02}Z");
    for m in 0..30u32 {
        engine.push_line(
            0,
            format!("{} INFO api request served in 8 ms", at(m, 0)).as_bytes(),
            0,
        );
        if m >= 10 {
            for s in 0..5 {
                let line = format!(
                    "{} ERROR api disk quota exceeded on /var/lib/uploads",
                    at(m, s)
                );
                engine.push_line(0, line.as_bytes(), 0);
            }
        }
        if m >= 13 {
            // Three louder consequences, each a template of its own.
            for (n, what) in [
                "upload failed",
                "thumbnail job failed",
                "sync to mirror failed",
            ]
            .iter()
            .enumerate()
            {
                for s in 0..(30 + 10 * n as u32) {
                    let line = format!("{} ERROR api {what} for item {s}", at(m, s.min(59)));
                    engine.push_line(0, line.as_bytes(), 0);
                }
            }
        }
    }
    engine.flush();
    let pack = pack(&engine, None, DEFAULT_CONTEXT_TOKENS);
    let text = draft_from_pack("summary", &pack, "inc-disk");
    let broke = text
        .lines()
        .find(|l| l.starts_with("**What broke:**"))
        .expect("a what-broke line");
    assert!(
        broke.contains("disk quota exceeded"),
        "{broke}\n{}",
        pack.text
    );
    assert!(pack.check(&text).is_clean(), "{}", pack.check(&text));
}

#[test]
fn a_restart_before_the_onset_is_not_what_broke() {
    let mut engine = Engine::new(EngineConfig::default());
    let at = |m: u32, s: u32| format!("2026-11-26T15:{m:02}:{s:02}Z");
    for m in 0..40u32 {
        engine.push_line(
            0,
            format!("{} INFO api request served in 8 ms", at(m, 0)).as_bytes(),
            0,
        );
        // A restart's start-up lines from 15:10, the trouble's warnings from 15:25.
        for (minutes, what) in [
            (10..17, "INFO api worker started"),
            (25..40, "WARN api cache refill"),
        ] {
            if minutes.contains(&m) {
                for n in 0..3 {
                    let line = format!("{} {what} slot={n}", at(m, 1 + n));
                    engine.push_line(0, line.as_bytes(), 0);
                }
            }
        }
    }
    engine.flush();
    let onset_ms = crate::changes::parse_time("2026-11-26T15:25:00Z").expect("a time");
    let pack = EvidencePack::build(
        &engine,
        &PackInput {
            onset_ms: Some(onset_ms),
            suspects: None,
            budget_tokens: DEFAULT_CONTEXT_TOKENS,
        },
    );
    let text = draft_from_pack("summary", &pack, "inc-restart");
    let broke = text
        .lines()
        .find(|l| l.starts_with("**What broke:**"))
        .expect("a what-broke line");
    let trouble = broke.find("cache refill");
    let restart = broke.find("worker started");
    assert!(
        trouble.is_some() && restart.is_none_or(|r| trouble < Some(r)),
        "{broke}\n{}",
        pack.text
    );
}

#[test]
fn a_signal_long_before_the_onset_is_not_when_the_trouble_began() {
    // A new warning two hours before the onset (15:00), the trouble's
    // errors from 17:00; a change landed at 16:00, between them.
    let mut engine = Engine::new(EngineConfig::default());
    let at = |h: u32, m: u32, s: u32| format!("2026-11-26T{h:02}:{m:02}:{s:02}Z");
    for h in 14..18u32 {
        for m in 0..60u32 {
            let line = format!("{} INFO api request served in 8 ms", at(h, m, 0));
            engine.push_line(0, line.as_bytes(), 0);
            if h == 15 && m < 10 {
                for s in 1..4 {
                    let line = format!("{} WARN api cache refill slot={s}", at(h, m, s));
                    engine.push_line(0, line.as_bytes(), 0);
                }
            }
            if h == 17 {
                for s in 1..21 {
                    let line = format!("{} ERROR api upstream refused the connection", at(h, m, s));
                    engine.push_line(0, line.as_bytes(), 0);
                }
            }
        }
    }
    engine.flush();
    let onset_ms = crate::changes::parse_time("2026-11-26T17:00:00Z").expect("a time");
    let suspect = SuspectChange {
        id: "C5e6f7a8".into(),
        subject: "api: upstream pool 4 connections".into(),
        time_ms: crate::changes::parse_time("2026-11-26T16:00:00Z").expect("a time"),
        files: vec!["src/upstream.rs".into()],
        score: 3.0,
        reasons: vec!["touches upstream".into()],
        explains: true,
        diff_excerpt: None,
    };
    let pack = EvidencePack::build(
        &engine,
        &PackInput {
            onset_ms: Some(onset_ms),
            suspects: Some(std::slice::from_ref(&suspect)),
            budget_tokens: DEFAULT_CONTEXT_TOKENS,
        },
    );
    let text = draft_from_pack("summary", &pack, "inc-early-warning");
    let hypothesis = text
        .lines()
        .find(|l| l.starts_with("**Hypothesis:**"))
        .expect("a hypothesis line");
    assert!(
        hypothesis.contains("[C5e6f7a8") && hypothesis.contains("started it"),
        "{hypothesis}"
    );
    let since = text
        .lines()
        .find(|l| l.starts_with("**Since when:**"))
        .expect("since when");
    assert!(since.contains("2026-11-26T17:"), "{since}");
    assert!(pack.check(&text).is_clean(), "{}", pack.check(&text));
}
