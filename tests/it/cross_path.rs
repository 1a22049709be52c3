//! The CLI and the workbench run the same library flows, so the same outcome
//! leaves the same audit records. Each flow runs twice against real things —
//! the scripted OpenAI-protocol server on 127.0.0.1, a real git repository —
//! once as `lookout summarize` / `lookout propose` and once through the
//! workbench's `update` and command path (keys in, commands run, no terminal);
//! the two audit logs are compared record by record, except for what differs
//! by nature: time, hashes, timings, commit ids and the temp directory.

use std::path::Path;
use std::time::Duration;

use crate::support::openai_server::{Behavior, Server};
use crossterm::event::{Event as Input, KeyCode, KeyEvent, KeyModifiers};
use lookout::audit::{AuditLog, AuditWriter};
use lookout::incident::IncidentFolder;
use lookout::ingest::{Engine, EngineConfig};
use lookout::level::Level;
use lookout::llm::LlmConfig;
use lookout::source::demo::DemoIncident;
use lookout::tui::app::{self, Cmd, State};
use lookout::tui::event::Event;
use lookout::tui::proposal;

use crate::support::lookout;

/// The audit records of `incident` under `base`, without what differs by
/// nature, with `base` itself written as `.` (the CLI's base directory).
fn comparable(base: &Path, incident: &str) -> Vec<serde_json::Value> {
    let log = base
        .join(".lookout/incidents")
        .join(incident)
        .join("audit.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    let text = text.replace(&base.display().to_string(), ".");
    text.lines()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            let object = record.as_object_mut().unwrap();
            for volatile in ["time", "hash", "prev_hash"] {
                object.remove(volatile);
            }
            if let Some(details) = object.get_mut("details").and_then(|d| d.as_object_mut()) {
                for volatile in ["latency_ms", "first_token_ms", "commit"] {
                    details.remove(volatile);
                }
            }
            record
        })
        .collect()
}

fn key(c: char) -> Event {
    Event::Input(Input::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn demo_engine() -> Engine {
    let mut engine = Engine::new(EngineConfig::default());
    DemoIncident::embedded().unwrap().feed(&mut engine, None);
    engine
}

#[test]
fn a_streamed_summary_leaves_the_same_audit_records_from_cli_and_workbench() {
    let server = Server::start(vec![
        Behavior::Stream(vec!["The pool ", "shrank [S1]."]),
        Behavior::Stream(vec!["The pool ", "shrank [S1]."]),
    ]);
    let cli_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        cli_dir.path().join("lookout.toml"),
        "[llm]\nmodel = \"test-model\"\ntimeout_secs = 4\n",
    )
    .unwrap();
    let out = lookout(cli_dir.path())
        .args(["summarize", "--demo", "--json", "--incident", "inc-x"])
        .args(["--llm-base-url", &server.base_url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let tui_dir = tempfile::tempdir().unwrap();
    let config = LlmConfig {
        base_url: Some(server.base_url.clone()),
        model: "test-model".to_string(),
        timeout_secs: 4,
        ..LlmConfig::default()
    };
    let folder = IncidentFolder::open(tui_dir.path(), "inc-x").unwrap();
    let mut audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
    let mut state = State::new(
        demo_engine(),
        Level::ReadOnly,
        "inc-x",
        "checkout-api",
        vec![],
    );
    let commands = app::update(&mut state, key('s'));
    let [Cmd::Draft(kind)] = commands.as_slice() else {
        panic!("s must ask for a draft: {commands:?}");
    };
    crate::support::workbench::draft(&mut state, *kind, None, &config, &mut audit, &folder);
    assert_eq!(state.copilot.text, "The pool shrank [S1].");

    let cli = comparable(cli_dir.path(), "inc-x");
    let tui = comparable(tui_dir.path(), "inc-x");
    let actions: Vec<_> = tui.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["llm.request", "llm.call", "draft.write"]);
    assert_eq!(
        tui[1]["details"]["usage_reported"],
        cli[1]["details"]["usage_reported"]
    );
    assert_eq!(cli, tui);
}

#[test]
fn a_staged_proposal_leaves_the_same_audit_records_from_cli_and_workbench() {
    // Offline, both sides draft the fix from the demo incident (the analyst's
    // revert of the commit that explains it) and stage it.
    let cli_dir = tempfile::tempdir().unwrap();
    let demo = DemoIncident::embedded().unwrap();
    demo.materialize_infra_repo(&cli_dir.path().join("infra"))
        .unwrap();
    let out = lookout(cli_dir.path())
        .args(["propose", "--from-incident", "--demo", "--repo", "infra"])
        .args(["--incident", "inc-p", "--level", "1", "--yes", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let tui_dir = tempfile::tempdir().unwrap();
    let repo = tui_dir.path().join("infra");
    demo.materialize_infra_repo(&repo).unwrap();
    let folder = IncidentFolder::open(tui_dir.path(), "inc-p").unwrap();
    let log = AuditLog::open(&folder.audit_path(), Level::Propose).unwrap();
    let writer = AuditWriter::spawn(log).unwrap();
    let mut state = State::new(
        demo_engine(),
        Level::Propose,
        "inc-p",
        "checkout-api",
        vec![],
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::channel(8);
    let commands = app::update(&mut state, key('p'));
    assert_eq!(commands, [Cmd::Propose]);
    let job = proposal::FixJob {
        llm: LlmConfig::default(),
        propose: Default::default(),
        audit: writer.clone(),
        folder: folder.clone(),
    };
    runtime.block_on(async {
        proposal::open_from_incident(&mut state, Some(&repo), job, &tx);
        let drafted = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("the fix is drafted within a minute")
            .expect("an event");
        assert!(matches!(drafted, Event::FixDrafted(_)));
        assert!(app::update(&mut state, drafted).is_empty());
    });
    assert!(state.proposal.is_some(), "{:?}", state.message);
    let commands = app::update(&mut state, key('y'));
    assert_eq!(commands, [Cmd::StageProposal]);
    proposal::confirm(&mut state, &folder, &mut writer.clone());
    assert!(
        state
            .message
            .as_deref()
            .is_some_and(|m| m.contains("nothing was pushed")),
        "{:?}",
        state.message
    );

    // The CLI was given the repository relative to its directory.
    let cli: Vec<_> = comparable(cli_dir.path(), "inc-p")
        .into_iter()
        .map(|mut record| {
            if let Some(repo) = record["details"].get_mut("repo") {
                *repo = "./infra".into();
            }
            if record["subject"] == "infra" {
                record["subject"] = "./infra".into();
            }
            record
        })
        .collect();
    let tui = comparable(tui_dir.path(), "inc-p");
    let actions: Vec<_> = tui.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["source.read", "proposal.check", "proposal.stage"]);
    // The CLI also audits opening its demo source; the rest is the same flow.
    let cli: Vec<_> = cli
        .into_iter()
        .filter(|record| record["action"] != "source.open")
        .collect();
    assert_eq!(cli, tui);
}
