//! The evidence pack on the demo incident, as a prompt gets it (issue 13):
//! provider announcements, signals, metric change points, suspect changes,
//! then templates; the budget
//! stated and met by whole items in priority order; ids kept when it shrinks.

use lookout::incident::pack::{Evidence, DEFAULT_CONTEXT_TOKENS};
use lookout::incident::tokens::{self, RequestBudget};
use lookout::incident::{context, render, EvidencePack, ItemKind, PackInput, SuspectChange};
use lookout::ingest::{Engine, EngineConfig};
use lookout::source::demo::DemoIncident;

/// Lines a healthy service logs every minute.
const ROUTINE: [&str; 12] = [
    "cache warmed for catalogue",
    "session sweeper removed stale entries",
    "metrics flushed to collector",
    "health probe answered",
    "config watcher saw no change",
    "token keys refreshed",
    "scheduler tick completed",
    "export queue drained",
    "thumbnail cache pruned",
    "search index committed",
    "mail outbox polled",
    "geo lookup table loaded",
];

fn demo_engine() -> Engine {
    let demo = DemoIncident::embedded().expect("the embedded demo parses");
    let mut engine = Engine::new(EngineConfig::default());
    demo.feed(&mut engine, None);
    engine
}

fn suspects() -> Vec<SuspectChange> {
    vec![
        SuspectChange {
            id: SuspectChange::id_for("9c1e2f4aa0"),
            subject: "checkout-api: DB_POOL_SIZE 50 -> 5".into(),
            time_ms: 1_730_430_100_000,
            files: vec![
                "k8s/checkout-api.yaml".into(),
                "config/checkout-api.toml".into(),
            ],
            score: 0.91,
            reasons: vec![
                "20 s before the deploy".into(),
                "touches DB_POOL_SIZE, named by [T0bb2]".into(),
            ],
            explains: true,
            diff_excerpt: lookout::incident::suspect::diff_excerpt(
                "--- a/k8s/checkout-api.yaml\n+++ b/k8s/checkout-api.yaml\n@@ -9 +9 @@\n-          value: \"50\"\n+          value: \"5\"\n",
            ),
        },
        SuspectChange {
            id: "C0d0d0d0".into(),
            subject: "docs: typo".into(),
            time_ms: 1_730_420_000_000,
            files: vec!["README.md".into()],
            score: 0.05,
            reasons: vec![],
            explains: false,
            diff_excerpt: None,
        },
    ]
}

fn build(
    engine: &Engine,
    suspects: Option<&[SuspectChange]>,
    budget_tokens: usize,
) -> EvidencePack {
    EvidencePack::build(
        engine,
        &PackInput {
            onset_ms: None,
            suspects,
            budget_tokens,
        },
    )
}

/// Half `full`'s budget cuts some items and keeps every one of `kept`.
fn assert_kept_at_half_budget(full: &EvidencePack, kept: &[&str]) {
    let small = full.with_budget(full.tokens / 2);
    assert!(small.omitted > 0, "{}", small.text);
    for text in kept {
        assert!(small.text.contains(text), "{text}: {}", small.text);
    }
}

fn ids(pack: &EvidencePack) -> Vec<&str> {
    pack.items.iter().map(|i| i.id.as_str()).collect()
}

/// `small` holds some of `full`'s items in `full`'s order, and a signal
/// without errors from the onset only once every signal with them is in.
fn assert_kept_by_priority(small: &EvidencePack, full: &EvidencePack) {
    let full_ids = ids(full);
    let mut at = 0;
    for id in ids(small) {
        let found = full_ids[at..].iter().position(|f| *f == id);
        assert!(
            found.is_some(),
            "{id} out of order: {:?} vs {full_ids:?}",
            ids(small)
        );
        at += found.unwrap_or(0) + 1;
    }
    let with_errors = |item: &&lookout::incident::PackItem| match &item.evidence {
        Evidence::Signal(signal) => signal.templates.iter().any(|t| t.errors_after > 0),
        _ => false,
    };
    let quiet_signal_kept = small
        .items
        .iter()
        .any(|i| i.kind == ItemKind::Signal && !with_errors(&i));
    if quiet_signal_kept {
        for item in full.items.iter().filter(with_errors) {
            assert!(
                ids(small).contains(&item.id.as_str()),
                "{} cut before a quiet signal",
                item.id
            );
        }
    }
}

#[test]
fn sections_come_in_priority_order_with_full_dates_and_the_budget_stated() {
    let engine = demo_engine();
    let suspects = suspects();
    let pack = build(&engine, Some(&suspects), DEFAULT_CONTEXT_TOKENS);
    assert!(!pack.truncated, "the demo fits the default budget");
    let kinds: Vec<ItemKind> = pack.items.iter().map(|i| i.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| *k as u8);
    assert_eq!(
        kinds, sorted,
        "signals, metric change points, changes, templates"
    );
    assert!(kinds.contains(&ItemKind::MetricChange) && kinds.contains(&ItemKind::Template));
    assert!(pack.text.contains("Budget: 8,000 tokens"));
    assert!(pack.text.contains(&format!(
        "this pack ≈ {} tokens",
        render::grouped(pack.tokens as u64)
    )));
    assert!(
        pack.text.contains("Onset: 2024-11-01T03:04:30Z"),
        "{}",
        pack.text
    );
    for item in &pack.items {
        assert!(pack.text.contains(&item.text), "item {} is whole", item.id);
        assert!(item.text.starts_with(&format!("- [{}] ", item.id)));
    }
    // A suspect's changed lines come last, under its id and its file's name.
    let lines = pack.items.last().unwrap();
    assert_eq!(lines.kind, ItemKind::ChangedLines);
    assert_eq!(lines.id, suspects[0].id);
    assert!(
        lines.text.contains(
            "  k8s/checkout-api.yaml:\n  -          value: \"50\"\n  +          value: \"5\"\n"
        ),
        "{}",
        lines.text
    );
    let pool = pack
        .items
        .iter()
        .find(|i| i.also_cites.contains(&"T0bb2".to_string()))
        .expect("the pool-exhaustion template is named by a signal");
    assert!(
        pool.text
            .contains("0 lines before the onset, 1,656 from it"),
        "{}",
        pool.text
    );
    // Every line said 5000 ms, active=5 max=5: the template shows them, and
    // an example line would only repeat it.
    assert!(
        pool.text
            .contains("`db pool exhausted after 5000 ms (active=5 max=5)`"),
        "{}",
        pool.text
    );
    // A Java error's first line is the template; what was thrown comes with it.
    let unhandled = pack
        .items
        .iter()
        .find(|i| i.also_cites.contains(&"T075e".to_string()))
        .expect("the unhandled-exception template is named by a signal");
    assert!(
        unhandled
            .text
            .contains("thrown: `org.postgresql.util.PSQLException: Connection pool exhausted"),
        "{}",
        unhandled.text
    );
    let change = pack
        .items
        .iter()
        .find(|i| i.kind == ItemKind::Change)
        .unwrap();
    assert_eq!(change.id, "C9c1e2f4");
    assert!(
        change.text.contains("2024-11-01T03:01:40Z")
            && change.text.contains("`k8s/checkout-api.yaml`")
    );
    let citable = pack.citable_ids();
    for id in ["S1", "S3", "T0bb2", "M1", "S9", "C9c1e2f4"] {
        assert!(citable.contains(id), "{id} citable");
    }
    // The remaining templates (ids follow the miner's text) are citable too.
    for item in pack.items.iter().filter(|i| i.kind == ItemKind::Template) {
        assert!(citable.contains(item.id.as_str()), "{} citable", item.id);
    }
}

#[test]
fn a_2k_window_gets_a_pack_that_fits_cut_by_priority_never_mid_item() {
    let engine = demo_engine();
    let suspects = suspects();
    let full = build(&engine, Some(&suspects), DEFAULT_CONTEXT_TOKENS);
    let request = RequestBudget {
        context_tokens: DEFAULT_CONTEXT_TOKENS,
        context_window: Some(2_048),
        answer_tokens: 512,
        prompt_tokens: 350,
    };
    let small = build(&engine, Some(&suspects), request.pack_tokens());
    assert!(small.truncated && small.omitted > 0);
    assert!(
        request.prompt_tokens + small.tokens + request.answer_tokens + tokens::CHAT_OVERHEAD_TOKENS
            <= 2_048,
        "pack of {} tokens overflows",
        small.tokens
    );
    assert!(small.tokens <= small.budget_tokens);
    assert_eq!(tokens::estimate(&small.text), small.tokens);
    // Priority: the small pack is some of the full pack's items, in its
    // order, each whole and with its id; the incident's own errors first.
    assert!(!small.items.is_empty());
    assert_kept_by_priority(&small, &full);
    for item in &small.items {
        assert!(small.text.contains(&item.text));
    }
    let dropped = full
        .items
        .iter()
        .find(|i| !ids(&small).contains(&i.id.as_str()))
        .expect("something was cut");
    assert!(!small.text.contains(&dropped.text));
    assert!(small.text.contains(&format!(
        "{} of {} items, {} cut by priority",
        small.items.len(),
        full.items.len(),
        small.omitted
    )));
}

#[test]
fn shrinking_keeps_ids_and_priority_and_a_zero_budget_keeps_the_header() {
    let engine = demo_engine();
    let pack = build(&engine, None, 3_000);
    let smaller = pack.shrink(0.5);
    assert!(
        smaller.tokens <= pack.tokens / 2,
        "{} vs {}",
        smaller.tokens,
        pack.tokens
    );
    assert!(smaller.items.len() < pack.items.len());
    assert_kept_by_priority(&smaller, &pack);
    let again = smaller.with_budget(3_000);
    assert_eq!(
        again.text, pack.text,
        "the same evidence under the same budget"
    );
    let empty = pack.with_budget(0);
    assert!(empty.items.is_empty() && empty.truncated);
    assert!(empty.text.starts_with("## Evidence pack\nBudget: 0 tokens"));
}

#[test]
fn the_pack_says_whether_a_repository_was_read() {
    let engine = demo_engine();
    let unread = build(&engine, None, 2_000);
    assert!(unread
        .text
        .contains("Suspect changes: unknown, no repository was read."));
    let none = build(&engine, Some(&[]), 2_000);
    assert!(none
        .text
        .contains("Suspect changes: none, the repository has no commit in the window"));
    assert!(none.items.iter().all(|i| i.kind != ItemKind::Change));
}

#[test]
fn the_old_entry_point_returns_the_same_pack() {
    let engine = demo_engine();
    let context = context::build(&engine, 3_000);
    let pack = build(&engine, None, 3_000);
    assert_eq!(context.text, pack.text);
    assert_eq!(context.truncated, pack.truncated);
    assert_eq!(context.evidence_ids.len(), pack.citable_ids().len());
    assert_eq!(context.evidence_ids[0], pack.items[0].id);
}

#[test]
fn a_given_onset_moves_the_counts() {
    let engine = demo_engine();
    let late = EvidencePack::build(
        &engine,
        &PackInput {
            onset_ms: Some(1_730_430_270_000),
            suspects: None,
            budget_tokens: 8_000,
        },
    );
    assert!(late.text.contains("Onset: 2024-11-01T03:04:30Z"));
    let Some(Evidence::Template(ordinary)) = late
        .items
        .iter()
        .map(|i| &i.evidence)
        .find(|e| matches!(e, Evidence::Template(t) if t.id == "Ta2b2"))
    else {
        panic!("the order template is in the pack");
    };
    let (before, after) = (
        ordinary.before_onset.unwrap(),
        ordinary.after_onset.unwrap(),
    );
    assert!(before > 0 && after > 0);
    assert!(before + after <= ordinary.count);
}

#[test]
fn a_2k_model_gets_a_whole_request_that_fits_its_window_with_the_answer_room_kept() {
    let engine = demo_engine();
    let config = lookout::llm::LlmConfig {
        context_window: Some(2_048),
        max_tokens: 512,
        ..Default::default()
    };
    let values = serde_json::json!({"incident": "demo", "service": "checkout-api"});
    for kind in ["summary", "runbook", "postmortem", "propose"] {
        let budget = lookout::llm::prompts::request_budget(kind, &config, &values).unwrap();
        let pack = build(&engine, None, budget.pack_tokens());
        assert!(!pack.items.is_empty(), "{kind}: some evidence fits");
        let values = serde_json::json!({"context": pack.text, "incident": "demo", "service": "checkout-api"});
        let system = lookout::llm::prompts::render("system", None, &values).unwrap();
        let user = lookout::llm::prompts::render(kind, None, &values).unwrap();
        let request =
            tokens::estimate(&system) + tokens::estimate(&user) + tokens::CHAT_OVERHEAD_TOKENS;
        assert!(
            request + 512 <= 2_048,
            "{kind}: {request} prompt tokens + 512 answer"
        );
    }
}

#[test]
fn a_providers_announcement_leads_the_pack_however_few_its_lines() {
    let mut engine = Engine::new(EngineConfig::default());
    let minute = |m: u32| format!("2026-11-26T13:{m:02}:00Z");
    // The service's own lines: healthy, then failing from 13:17.
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
    let event = r#"{"time":"2026-11-26T13:16:56Z","eventId":"RDS-EVENT-0013","message":"A Multi-AZ failover has started."}"#;
    engine.push_line(1, event.as_bytes(), 0);
    engine.flush();
    let pack = build(&engine, None, DEFAULT_CONTEXT_TOKENS);
    let first = &pack.items[0];
    assert_eq!(first.kind, ItemKind::Announcement, "{}", pack.text);
    assert!(
        first.text.contains("A Multi-AZ failover has started."),
        "{}",
        first.text
    );
    assert!(
        pack.text.contains("### Provider announcements"),
        "{}",
        pack.text
    );
    assert!(pack.citable_ids().contains(&first.id));
}

#[test]
fn a_line_first_logged_just_before_the_onset_outranks_routine_templates() {
    let mut engine = Engine::new(EngineConfig::default());
    let at = |m: u32, s: u32| format!("2026-05-06T07:{m:02}:{s:02}Z");
    let routine = ROUTINE;
    for m in 0..20u32 {
        for (i, what) in routine.iter().enumerate() {
            let line = format!("{} INFO {what}", at(m, i as u32));
            engine.push_line(0, line.as_bytes(), 0);
        }
    }
    // The broker's alarm, once, a second before the publishers fail.
    let alarm = format!(
        "{} WARN memory resource limit alarm set on node rabbit-2",
        at(9, 59)
    );
    engine.push_line(1, alarm.as_bytes(), 0);
    // A line the logger gives an informational level, never logged before.
    let conflict = format!(
        "{} INFO recovery still waiting after 1000 ms: recovery conflict on snapshot",
        at(10, 5)
    );
    engine.push_line(1, conflict.as_bytes(), 0);
    for m in 10..20u32 {
        for s in 0..10u32 {
            let line = format!("{} ERROR publish failed: confirm timeout", at(m, 30 + s));
            engine.push_line(0, line.as_bytes(), 0);
        }
    }
    engine.flush();
    let full = build(&engine, None, DEFAULT_CONTEXT_TOKENS);
    assert!(
        full.text.contains("memory resource limit alarm"),
        "{}",
        full.text
    );
    // A budget that keeps only some of the other templates keeps the alarm.
    assert_kept_at_half_budget(&full, &["memory resource limit alarm", "recovery conflict"]);
}

#[test]
fn an_error_logged_only_before_the_onset_outranks_busier_routine_templates() {
    let mut engine = Engine::new(EngineConfig::default());
    let at = |h: u32, m: u32, s: u32| format!("2026-04-23T{h:02}:{m:02}:{s:02}Z");
    let routine = [
        "roster import finished",
        "movement message applied",
        "backup of the log processed",
        "device registration refreshed",
        "crew check-in accepted",
        "duty report time moved",
    ];
    for h in 5..11u32 {
        for m in (0..60u32).step_by(2) {
            for (i, what) in routine.iter().enumerate() {
                let line = format!("{} INFO {what}", at(h, m, i as u32));
                engine.push_line(0, line.as_bytes(), 0);
            }
        }
    }
    // The hourly archive copy fails from 06:15, long before the onset.
    for h in 6..9u32 {
        let line = format!(
            "{} ERROR archive copy failed: cannot create regular file: Read-only file system",
            at(h, 15, 2)
        );
        engine.push_line(1, line.as_bytes(), 0);
    }
    for m in 31..60u32 {
        let line = format!("{} ERROR MQ put failed: resource problem", at(8, m, 30));
        engine.push_line(0, line.as_bytes(), 0);
    }
    engine.flush();
    // 2026-04-23T08:31:00Z
    let onset_ms = Some(1_776_933_060_000);
    let full = EvidencePack::build(
        &engine,
        &PackInput {
            onset_ms,
            suspects: None,
            budget_tokens: DEFAULT_CONTEXT_TOKENS,
        },
    );
    let small = full.with_budget(full.tokens * 2 / 3);
    assert!(small.omitted > 0, "{}", small.text);
    assert!(
        small.text.contains("Read-only file system"),
        "{}",
        small.text
    );
}

#[test]
fn every_line_people_wrote_is_a_note_that_routine_templates_cannot_push_out() {
    let mut engine = Engine::new(EngineConfig::default());
    let at = |m: u32, s: u32| format!("2026-05-06T07:{m:02}:{s:02}Z");
    let routine = &ROUTINE[..8];
    for m in 0..20u32 {
        for (i, what) in routine.iter().enumerate() {
            let line = format!("{} INFO {what} in {} ms", at(m, i as u32), 10 + m);
            engine.push_line(0, line.as_bytes(), 0);
        }
        // A small program log: three templates, over and over.
        for (i, what) in ["poll ok", "poll slow", "poll retried"].iter().enumerate() {
            let line = format!("{} INFO worker {what} after {} ms", at(m, 20 + i as u32), m);
            engine.push_line(3, line.as_bytes(), 0);
        }
    }
    for m in 10..20u32 {
        for s in 0..10u32 {
            let line = format!("{} ERROR publish failed: confirm timeout", at(m, 30 + s));
            engine.push_line(0, line.as_bytes(), 0);
        }
    }
    // The incident channel: each message its own.
    let said = [
        "publishes failing since 07:10, anyone touching the broker?",
        "ops here: the broker's disk alarm fired on rabbit-2 at 07:09",
        "that explains it. clearing the old queues now",
        "alarm cleared, publishes going through again",
    ];
    for (i, text) in said.iter().enumerate() {
        let line = format!("{} #payments-oncall <dana> {text}", at(12 + i as u32, 45));
        engine.push_line(2, line.as_bytes(), 0);
    }
    engine.flush();
    let full = build(&engine, None, DEFAULT_CONTEXT_TOKENS);
    let notes: Vec<&str> = full
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Note)
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(notes.len(), said.len(), "{}", full.text);
    // Each note is the line itself, with its time, oldest first.
    for (note, text) in notes.iter().zip(said) {
        assert!(note.contains(text), "{note}");
        assert!(note.contains("2026-05-06T07:"), "{note}");
    }
    assert!(full.text.contains("\n### Notes ("), "{}", full.text);
    // A program's lines are never notes, however small its log.
    assert!(notes.iter().all(|n| !n.contains("worker poll")));
    // A budget that cuts routine templates keeps what people said.
    let small = full.with_budget(full.tokens * 2 / 3);
    assert!(small.omitted > 0, "{}", small.text);
    for text in said {
        assert!(small.text.contains(text), "{}", small.text);
    }
}

#[test]
fn a_warning_first_logged_in_the_onsets_minute_outranks_routine_templates() {
    let mut engine = Engine::new(EngineConfig::default());
    let at = |m: u32, s: u32| format!("2026-10-27T10:{m:02}:{s:02}Z");
    for m in 0..30u32 {
        for (i, what) in ROUTINE.iter().enumerate() {
            let line = format!("{} INFO {what}", at(m, i as u32));
            engine.push_line(0, line.as_bytes(), 0);
        }
    }
    // The feed drops at the onset: two warnings, never logged before.
    for s in [37, 38] {
        let line = format!(
            "{} WARNING connection closed: CONNECTION_FORCED - broker forced connection closure",
            at(20, s)
        );
        engine.push_line(1, line.as_bytes(), 0);
    }
    for m in 20..30u32 {
        let line = format!("{} ERROR markets suspended: feed down", at(m, 40));
        engine.push_line(0, line.as_bytes(), 0);
    }
    engine.flush();
    let onset = lookout::changes::parse_time("2026-10-27T10:20:37Z").expect("a time");
    let full = EvidencePack::build(
        &engine,
        &PackInput {
            onset_ms: Some(onset),
            suspects: None,
            budget_tokens: DEFAULT_CONTEXT_TOKENS,
        },
    );
    assert_kept_at_half_budget(&full, &["broker forced connection closure"]);
}

#[test]
fn a_second_example_line_is_shown_only_when_every_item_that_fits_is_in() {
    let engine = demo_engine();
    let full = build(&engine, None, DEFAULT_CONTEXT_TOKENS);
    let examples = |text: &str| text.matches("\n  e.g. ").count();
    // With room to spare, signals show two example lines.
    assert!(
        full.items
            .iter()
            .any(|i| i.kind == ItemKind::Signal && examples(&i.text) >= 2),
        "{}",
        full.text
    );
    for budget in [full.tokens / 3, full.tokens / 2] {
        let small = full.with_budget(budget);
        assert!(
            small.omitted > 0 && small.tokens <= budget,
            "{}",
            small.text
        );
        assert_kept_by_priority(&small, &full);
        // Tight: the items taken show fewer example lines than with room.
        let fewer = small.items.iter().any(|i| {
            full.items
                .iter()
                .any(|f| f.id == i.id && examples(&i.text) < examples(&f.text))
        });
        assert!(fewer, "{}", small.text);
    }
}

#[test]
fn a_warning_first_seen_before_the_onset_whose_rate_rose_at_it_outranks_new_routine_lines() {
    // A service that logs no errors: a few accepts rejected early (a new
    // template, signalled before the onset), then hundreds from the onset,
    // while the same minutes bring many new informational lines (a feature
    // that starts working at the onset and logs each of its steps).
    let mut engine = Engine::new(EngineConfig::default());
    let at = |m: u32, s: u32| format!("2026-04-08T10:{m:02}:{s:02}Z");
    for m in 0..50u32 {
        for (i, what) in ROUTINE.iter().enumerate() {
            let line = format!("{} INFO {what}", at(m, i as u32));
            engine.push_line(0, line.as_bytes(), 0);
        }
    }
    let rejected = |m: u32, s: u32| {
        format!(
            "{} WARN offer accept rejected: If-Match does not match current ETag offer=of_{m}{s}",
            at(m, s)
        )
    };
    for m in [12u32, 15] {
        engine.push_line(0, rejected(m, 40).as_bytes(), 0);
    }
    let places = [
        "Ramen Oto",
        "Pizzaria Forno Velho Picoas",
        "Salad Garden Oriente",
        "Bifanas do Martim",
        "Poke Lab Chiado",
        "Hamburgueria do Largo",
        "Churrasqueira da Estefania Nova",
        "Pao de Canela",
        "Tasca",
        "Cervejaria Trindade do Bairro Alto",
        "Sushi Cais",
        "Padaria Portuguesa Saldanha Centro",
        "Kebab",
        "Cantina Lx Factory Alcantara",
    ];
    for m in 20..50u32 {
        for s in 0..6u32 {
            engine.push_line(0, rejected(m, 20 + s).as_bytes(), 0);
        }
        for (i, place) in places.iter().enumerate() {
            let line = format!(
                "{} INFO offer of_{m}{i} to courier cr_{i}{m}: 2 orders batch bt_{m}{i}, pickup {place}, ttl 35s",
                at(m, 30 + i as u32)
            );
            engine.push_line(0, line.as_bytes(), 0);
        }
    }
    engine.flush();
    let onset_ms = 1_775_643_600_000; // 2026-04-08T10:20:00Z
    let full = EvidencePack::build(
        &engine,
        &PackInput {
            onset_ms: Some(onset_ms),
            suspects: None,
            budget_tokens: DEFAULT_CONTEXT_TOKENS,
        },
    );
    // Its signal came before the onset, and still it is kept.
    let signal = full
        .items
        .iter()
        .find(|i| i.text.contains("offer accept rejected"))
        .expect("the rejections are in the pack");
    assert!(signal.id.starts_with('S'), "{}", full.text);
    assert_kept_at_half_budget(&full, &["offer accept rejected"]);
}
