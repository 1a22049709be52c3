use super::*;
use crate::audit::chain::read_records;
use crate::audit::AuditLog;
use crate::ingest::redact::RedactionCounts;
use crate::ingest::EngineConfig;
use crate::level::Level;

fn pending(kind: DraftKind) -> Pending {
    Pending {
        input: DraftInput::from_engine(
            kind,
            &Engine::new(EngineConfig::default()),
            "inc",
            "svc",
            PackInput::default(),
            &LlmConfig::default(),
        )
        .unwrap(),
        request: Some(PreparedRequest {
            endpoint: "http://127.0.0.1:9/v1/chat/completions".into(),
            model: "m".into(),
            body: "{}".into(),
            sha256: "abc".into(),
            redactions: RedactionCounts::default(),
        }),
        retried: None,
    }
}

fn failed(text: &str, error: LlmError) -> Outcome {
    Outcome {
        text: text.into(),
        error: Some(error),
        prompt_tokens: 0,
        completion_tokens: 0,
        usage_reported: false,
        latency_ms: 1,
        first_token_ms: None,
        attempts: 1,
    }
}

/// The one fallback rule, for every way a call can fail: no text → the
/// offline analyst; some text → kept, marked partial. Audited either way.
#[test]
fn the_offline_analyst_answers_exactly_when_the_llm_gave_no_text() {
    let dir = tempfile::tempdir().unwrap();
    let folder = IncidentFolder::open(dir.path(), "inc").unwrap();
    let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
    let endpoint = || "http://127.0.0.1:9/v1".to_string();
    let errors = [
        LlmError::Connection {
            endpoint: endpoint(),
            detail: "refused".into(),
        },
        LlmError::Http {
            endpoint: endpoint(),
            status: 500,
            body: String::new(),
        },
        LlmError::Timeout {
            endpoint: endpoint(),
            seconds: 1,
        },
        LlmError::Malformed {
            endpoint: endpoint(),
            detail: "x".into(),
        },
    ];
    for error in errors {
        let none = finish(
            pending(DraftKind::Summary),
            Some(failed("", error.clone())),
            &folder,
            &mut audit,
        )
        .unwrap();
        assert!(none.is_offline() && !none.is_partial(), "{error}: {none:?}");
        assert!(none.text.contains("produced without an LLM"));
        let some = finish(
            pending(DraftKind::Runbook),
            Some(failed("half", error.clone())),
            &folder,
            &mut audit,
        )
        .unwrap();
        assert_eq!(some.producer, "llm:m");
        assert!(
            some.is_partial() && some.text.starts_with("half") && some.text.contains("[partial")
        );
    }
    let records = read_records(&folder.audit_path()).unwrap();
    let actions: Vec<_> = records.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions.len(), 16);
    assert!(actions
        .chunks(2)
        .all(|pair| pair == ["llm.call", "draft.write"]));
    assert!(records[0].details.get("usage_reported").is_some());
    assert_eq!(records[1].details["producer"], OFFLINE_PRODUCER);
    assert!(folder.path().join("summary.md").is_file());
}

#[test]
fn without_an_endpoint_nothing_is_sent_or_audited_until_the_offline_draft_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let folder = IncidentFolder::open(dir.path(), "inc").unwrap();
    let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
    let engine = Engine::new(EngineConfig::default());
    let config = LlmConfig::default();
    let input = DraftInput::from_engine(
        DraftKind::Postmortem,
        &engine,
        "inc",
        "svc",
        PackInput::default(),
        &config,
    )
    .unwrap();
    let pending = prepare(
        input,
        &config,
        engine.redactor(),
        &mut Placeholders::default(),
        &mut audit,
    )
    .unwrap();
    assert!(pending.request.is_none());
    let draft = finish(pending, None, &folder, &mut audit).unwrap();
    assert_eq!(draft.note.as_deref(), Some("no LLM configured"));
    let records = read_records(&folder.audit_path()).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].action, "draft.write");
    assert_eq!(draft.saved.unwrap(), folder.path().join("postmortem.md"));
}

/// An engine with an incident in it (calm lines, then a burst of pool
/// errors), so the pack has items to cite and to cut.
fn demo_engine() -> Engine {
    let mut engine = Engine::new(EngineConfig::default());
    let mut lines = Vec::new();
    for minute in 0..40 {
        lines.push(format!(
            "2024-11-01T03:{minute:02}:00Z INFO checkout ok order={minute} latency=12ms"
        ));
    }
    for second in 0..59 {
        lines.push(format!(
            "2024-11-01T03:41:{second:02}Z ERROR db pool exhausted active=5 max=5 waited={second}ms"
        ));
        lines.push(format!(
            "2024-11-01T03:41:{second:02}Z WARN payments retrying charge attempt={second}"
        ));
    }
    engine.push_lines(0, &lines, 0);
    engine.flush();
    engine
}

#[test]
fn a_too_long_rejection_is_retried_once_with_half_the_pack_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let folder = IncidentFolder::open(dir.path(), "inc").unwrap();
    let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
    let engine = demo_engine();
    let config = LlmConfig {
        base_url: Some("http://127.0.0.1:9/v1".into()),
        ..LlmConfig::default()
    };
    let input = DraftInput::from_engine(
        DraftKind::Summary,
        &engine,
        "inc",
        "svc",
        PackInput::default(),
        &config,
    )
    .unwrap();
    let first_tokens = input.pack.tokens;
    let mut placeholders = Placeholders::default();
    let pending = prepare(
        input,
        &config,
        engine.redactor(),
        &mut placeholders,
        &mut audit,
    )
    .unwrap();
    let rejected = failed(
        "",
        LlmError::Http {
            endpoint: "x".into(),
            status: 400,
            body: "This model's maximum context length is 2048 tokens.".into(),
        },
    );
    let retry = retry_smaller(
        &pending,
        &rejected,
        &config,
        engine.redactor(),
        &mut placeholders,
        &mut audit,
    )
    .unwrap()
    .expect("a too-long rejection is retried");
    assert!(
        retry.input.pack.tokens <= first_tokens / 2 + 1,
        "{} of {first_tokens}",
        retry.input.pack.tokens
    );
    assert!(retry.retried.as_deref().unwrap().contains("too long"));
    // Never a second retry, and never for another failure.
    assert!(retry_smaller(
        &retry,
        &rejected,
        &config,
        engine.redactor(),
        &mut placeholders,
        &mut audit
    )
    .unwrap()
    .is_none());
    let other = failed(
        "",
        LlmError::Http {
            endpoint: "x".into(),
            status: 400,
            body: "bad model".into(),
        },
    );
    assert!(retry_smaller(
        &pending,
        &other,
        &config,
        engine.redactor(),
        &mut placeholders,
        &mut audit
    )
    .unwrap()
    .is_none());
    let draft = finish(retry, Some(rejected), &folder, &mut audit).unwrap();
    assert!(draft.is_offline() && draft.retried.is_some());
    let actions: Vec<String> = read_records(&folder.audit_path())
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        actions,
        [
            "llm.request",
            "llm.call",
            "llm.request",
            "llm.call",
            "draft.write"
        ]
    );
}

#[test]
fn every_draft_is_checked_against_its_pack_and_the_counts_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let folder = IncidentFolder::open(dir.path(), "inc").unwrap();
    let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
    let engine = demo_engine();
    let mut pending = pending(DraftKind::Summary);
    pending.input = DraftInput::from_engine(
        DraftKind::Summary,
        &engine,
        "inc",
        "svc",
        PackInput::default(),
        &LlmConfig::default(),
    )
    .unwrap();
    let real = pending.input.pack.items[0].id.clone();
    let mut outcome = failed("", LlmError::Cancelled);
    outcome.error = None;
    outcome.text = format!("Errors began at 03:04 [{real}].\n\nThe deploy caused it [S99].\n\nThe pool shrank because of the deploy.\n");
    let draft = finish(pending, Some(outcome), &folder, &mut audit).unwrap();
    assert_eq!(draft.citations.ok, 1);
    assert_eq!(draft.citations.unknown, ["S99"]);
    assert_eq!(draft.citations.uncited, 2);
    let records = read_records(&folder.audit_path()).unwrap();
    let written = records.iter().find(|r| r.action == "draft.write").unwrap();
    assert_eq!(
        written.details["citations"]["unknown"],
        serde_json::json!(["S99"])
    );
    assert_eq!(written.details["citations"]["uncited"], 2);
}

#[test]
fn the_offline_analyst_answers_a_question_from_the_pack_or_says_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let folder = IncidentFolder::open(dir.path(), "inc").unwrap();
    let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
    let engine = demo_engine();
    let config = LlmConfig::default();
    let word = pack_word(&engine, &config);
    let input = DraftInput::ask(
        &engine,
        "inc",
        "svc",
        PackInput::default(),
        &config,
        &format!("why {word}?"),
        &[],
    )
    .unwrap();
    let pending = prepare(
        input,
        &config,
        engine.redactor(),
        &mut Placeholders::default(),
        &mut audit,
    )
    .unwrap();
    let answer = finish(pending, None, &folder, &mut audit).unwrap();
    assert!(
        answer.citations.ok > 0 && answer.citations.is_clean(),
        "{}\n{}",
        answer.text,
        answer.citations
    );
    assert_eq!(answer.saved.unwrap(), folder.path().join("ask-1.md"));
    let input = DraftInput::ask(
        &engine,
        "inc",
        "svc",
        PackInput::default(),
        &config,
        "zebra xylophone quokka?",
        &[],
    )
    .unwrap();
    let pending = prepare(
        input,
        &config,
        engine.redactor(),
        &mut Placeholders::default(),
        &mut audit,
    )
    .unwrap();
    let unknown = finish(pending, None, &folder, &mut audit).unwrap();
    assert!(
        unknown.text.contains("unknown: no item"),
        "{}",
        unknown.text
    );
    assert!(unknown.citations.is_clean());
    assert_eq!(unknown.saved.unwrap(), folder.path().join("ask-2.md"));
}

/// A content word of the demo pack's first item (so the test names no demo text).
fn pack_word(engine: &Engine, config: &LlmConfig) -> String {
    let input = DraftInput::from_engine(
        DraftKind::Summary,
        engine,
        "inc",
        "svc",
        PackInput::default(),
        config,
    )
    .unwrap();
    input.pack.items[0]
        .text
        .split(|c: char| !c.is_alphabetic())
        .find(|w| w.len() >= 6)
        .unwrap()
        .to_lowercase()
}
