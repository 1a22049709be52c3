//! In the workbench, the co-pilot's evidence pack carries the service repo's
//! suspect changes once the timeline has them: a summary or an answer can
//! cite `[C…]`, and the citation check knows those ids. Real things: the
//! demo's git repository (a night of commits) and the scripted
//! OpenAI-protocol server on 127.0.0.1.

use crate::support::openai_server::{Behavior, Server};
use lookout::audit::AuditLog;
use lookout::incident::IncidentFolder;
use lookout::ingest::{Engine, EngineConfig};
use lookout::level::Level;
use lookout::llm::draft::DraftKind;
use lookout::llm::LlmConfig;
use lookout::source::demo::DemoIncident;
use lookout::tui::app::State;

#[test]
fn an_answer_in_the_workbench_is_drafted_from_the_suspect_changes() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoIncident::embedded().unwrap();
    let repo = demo
        .materialize_infra_repo(&dir.path().join("infra"))
        .unwrap();
    let mut engine = Engine::new(EngineConfig::default());
    demo.feed(&mut engine, None);
    let report = lookout::changes::analyse_engine(
        &repo,
        &engine,
        None,
        lookout::changes::DEFAULT_WINDOW_MS,
        lookout::source::now_ms(),
    )
    .unwrap();
    let culprit = report.suspect_changes()[0].id.clone();
    let mut state = State::new(engine, Level::ReadOnly, "inc-s", "checkout-api", vec![]);
    state.changes = Some(report);

    let answer: &'static str = Box::leak(
        format!("The pool size change [{culprit}] shrank the pool [S1].").into_boxed_str(),
    );
    let server = Server::start(vec![Behavior::Stream(vec![answer])]);
    let config = LlmConfig {
        base_url: Some(server.base_url.clone()),
        model: "test-model".into(),
        api_key_env: None,
        timeout_secs: 4,
        ..LlmConfig::default()
    };
    let folder = IncidentFolder::open(dir.path(), "inc-s").unwrap();
    let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
    crate::support::workbench::draft(
        &mut state,
        DraftKind::Ask,
        Some("which change did this?"),
        &config,
        &mut audit,
        &folder,
    );
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 1);
    assert!(
        bodies[0].contains(&format!("[{culprit}]")),
        "the pack sent names the suspect: {}",
        bodies[0]
    );
    let citations = state.copilot.citations.clone().unwrap_or_default();
    assert!(
        citations.starts_with("citations: 2 ok, 0 unknown"),
        "{citations}"
    );
}
