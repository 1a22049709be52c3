//! Whole-screen snapshots of the workbench on the deterministic demo replay:
//! 120x40 at fixed replay points, the help overlay, 80x24, too small, and the
//! light theme (with styles). Snapshots live in the top-level `snapshots/`.

use lookout::ingest::{Engine, EngineConfig};
use lookout::level::Level;
use lookout::source::demo::DemoIncident;
use lookout::tui::app::{update, Cmd, State};
use lookout::tui::event::Event;
use lookout::tui::theme::Theme;
use lookout::tui::views;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn state_at(until: Option<i64>, level: Level) -> State {
    let demo = DemoIncident::embedded().unwrap();
    let mut engine = Engine::new(EngineConfig::default());
    let until_ms = until.map(|offset| demo.start_ms + offset);
    demo.feed(&mut engine, until_ms);
    let mut state = State::new(
        engine,
        level,
        "demo-2024-11-01",
        &demo.service,
        demo.sources.clone(),
    );
    for status in &mut state.sources {
        status.state = lookout::source::SourceState::Live;
    }
    state
}

fn render(state: &mut State, theme: &Theme, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| views::draw(frame, state, theme))
        .unwrap();
    terminal
}

fn key(c: char) -> Event {
    Event::Input(crossterm::event::Event::Key(
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c)),
    ))
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({snapshot_path => "../../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

#[test]
fn demo_at_onset_120x40() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(Some(5 * 60_000), Level::ReadOnly);
    let terminal = render(&mut state, &theme, 120, 40);
    snapshot!("demo_onset_120x40", terminal.backend().to_string());
}

#[test]
fn demo_at_end_120x40_level_one() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(None, Level::Propose);
    let terminal = render(&mut state, &theme, 120, 40);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("L1 PROPOSE"));
    snapshot!("demo_end_120x40_l1", screen);
}

#[test]
fn help_overlay_lists_every_binding() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(Some(60_000), Level::ReadOnly);
    update(&mut state, key('?'));
    let terminal = render(&mut state, &theme, 120, 40);
    let screen = terminal.backend().to_string();
    for (keys, _, _) in lookout::tui::keymap::BINDINGS {
        assert!(
            screen.contains(keys.split_whitespace().next().unwrap()),
            "{keys} missing from help"
        );
    }
    snapshot!("help_120x40", screen);
}

#[test]
fn smallest_supported_size_and_too_small() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(Some(6 * 60_000), Level::ReadOnly);
    let terminal = render(&mut state, &theme, 80, 24);
    snapshot!("demo_80x24", terminal.backend().to_string());
    let terminal = render(&mut state, &theme, 70, 20);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("terminal too small"));
    snapshot!("too_small_70x20", screen);
}

#[test]
fn search_filters_and_highlights() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(None, Level::ReadOnly);
    update(&mut state, key('/'));
    for c in "pool exhausted".chars() {
        update(&mut state, key(c));
    }
    update(
        &mut state,
        Event::Input(crossterm::event::Event::Key(
            crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter),
        )),
    );
    update(&mut state, key('l'));
    update(&mut state, key('l'));
    update(&mut state, key('l'));
    update(&mut state, key('l'));
    let terminal = render(&mut state, &theme, 120, 40);
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("/pool exhausted (n/N)") && screen.contains("level≥error"),
        "{screen}"
    );
    snapshot!("search_and_level_filter_120x40", screen);
}

#[test]
fn light_theme_with_styles() {
    let theme = Theme::load("light", false).unwrap();
    let mut state = state_at(Some(5 * 60_000), Level::ReadOnly);
    let terminal = render(&mut state, &theme, 120, 40);
    // Debug output carries every style run, so a colour change shows in review.
    snapshot!(
        "light_theme_120x40_styles",
        format!("{:?}", terminal.backend().buffer())
    );
}

#[test]
fn level_one_proposal_overlay_shows_risk_diff_and_what_staging_creates() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(None, Level::Propose);
    let dir = tempfile::tempdir().unwrap();
    // A patch a human wrote (`lookout propose --patch`), prepared by the same
    // flow the drafted fix goes through, shown in the overlay.
    let repo = dir.path().join("infra-repo");
    lookout::source::demo::DemoIncident::embedded()
        .unwrap()
        .materialize_infra_repo(&repo)
        .unwrap();
    let mut audit =
        lookout::audit::AuditLog::open(&dir.path().join("audit.jsonl"), Level::Propose).unwrap();
    let input = lookout::propose::ProposalInput {
        repo: &repo,
        diff: include_str!("../data/patches/restore-db-pool.patch"),
        plan: None,
        title: "Restore the checkout DB pool size",
        slug: None,
        incident: &state.incident_id,
        level: state.level,
        texts: None,
    };
    let prepared = lookout::propose::prepare(&input, &Default::default(), &mut audit).unwrap();
    state.proposal = Some(lookout::tui::proposal::ProposalView {
        prepared,
        side_by_side: false,
        scroll: 0,
        staged: None,
    });
    let terminal = render(&mut state, &theme, 120, 40);
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("RISK: LOW")
            && screen.contains("+pool_size = 50")
            && screen.contains("[y] stage"),
        "{screen}"
    );
    snapshot!("proposal_120x40", screen);
    // Level 0 refuses `p` and says why.
    let mut read_only = state_at(Some(60_000), Level::ReadOnly);
    let folder = lookout::incident::IncidentFolder::open(dir.path(), "inc-l0").unwrap();
    let job = lookout::tui::proposal::FixJob {
        llm: Default::default(),
        propose: Default::default(),
        audit: lookout::audit::AuditWriter::spawn(audit).unwrap(),
        folder,
    };
    let (tx, _rx) = tokio::sync::mpsc::channel(1);
    lookout::tui::proposal::open_from_incident(&mut read_only, Some(&repo), job, &tx);
    assert!(read_only.proposal.is_none());
    assert!(read_only.message.unwrap().contains("needs Level 1"));
}

#[test]
fn scoreboard_overlay_shows_the_audit_numbers_and_closes() {
    use lookout::audit::{scoreboard, AuditEntry, AuditLog};
    use lookout::tui::app::Cmd;
    let dir = tempfile::tempdir().unwrap();
    let folder = lookout::incident::IncidentFolder::open(dir.path(), "inc-board").unwrap();
    let mut log = AuditLog::open(&folder.audit_path(), Level::Propose).unwrap();
    log.append(
        AuditEntry::new("user", "proposal.check", "p1").with_details(
            serde_json::json!({"proposal": "p1", "risk": "high", "blocked": false, "two_person": true}),
        ),
    )
    .unwrap();
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(Some(60_000), Level::Propose);
    assert_eq!(update(&mut state, key('S')), vec![Cmd::Scoreboard]);
    // What the event loop does for Cmd::Scoreboard.
    let board = scoreboard::compute(&folder.base_dir(), None).unwrap();
    state.scoreboard = Some(scoreboard::report_lines(&board, &folder.base_dir()));
    let screen = render(&mut state, &theme, 120, 40).backend().to_string();
    assert!(screen.contains("Scoreboard (S or Esc closes)"), "{screen}");
    assert!(screen.contains("two-person required  1"), "{screen}");
    assert!(
        screen.contains("inc-board") && screen.contains("records  ok"),
        "{screen}"
    );
    update(&mut state, key('S'));
    assert!(state.scoreboard.is_none());
}

fn special(code: crossterm::event::KeyCode) -> Event {
    Event::Input(crossterm::event::Event::Key(
        crossterm::event::KeyEvent::from(code),
    ))
}

#[test]
fn group_browser_lists_filters_and_adds_the_selected_group() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(Some(60_000), Level::ReadOnly);
    let commands = update(&mut state, key('b'));
    assert_eq!(commands, vec![Cmd::ListGroups(String::new())]);
    let loading = render(&mut state, &theme, 120, 40).backend().to_string();
    assert!(loading.contains("listing groups"), "{loading}");
    let groups = [
        "/aws/lambda/resize",
        "/prod/checkout-api",
        "/prod/payments",
        "/staging/checkout-api",
    ];
    update(
        &mut state,
        Event::Groups {
            prefix: String::new(),
            result: Ok(groups.iter().map(|g| g.to_string()).collect()),
        },
    );
    // A longer prefix filters the complete answer locally: no new request.
    for c in "/prod".chars() {
        assert!(update(&mut state, key(c)).is_empty());
    }
    update(&mut state, special(crossterm::event::KeyCode::Down));
    let screen = render(&mut state, &theme, 120, 40).backend().to_string();
    assert!(
        screen.contains("CloudWatch log groups")
            && screen.contains("2 group(s)")
            && screen.contains("▶ /prod/payments")
            && !screen.contains("/staging/checkout-api"),
        "{screen}"
    );
    snapshot!("group_browser_120x40", screen);
    let commands = update(&mut state, special(crossterm::event::KeyCode::Enter));
    assert_eq!(commands, vec![Cmd::AddGroup("/prod/payments".into())]);
    assert!(state.groups.is_none(), "Enter closes the browser");
}

#[test]
fn group_browser_shows_why_it_cannot_list() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(Some(60_000), Level::ReadOnly);
    update(&mut state, key('b'));
    update(
        &mut state,
        Event::Groups {
            prefix: String::new(),
            result: Err("no CloudWatch connection here".into()),
        },
    );
    let screen = render(&mut state, &theme, 120, 40).backend().to_string();
    assert!(
        screen.contains("✖ no CloudWatch connection here"),
        "{screen}"
    );
    update(&mut state, special(crossterm::event::KeyCode::Esc));
    assert!(state.groups.is_none());
}

#[test]
fn remote_sources_show_their_phase_retries_and_failures() {
    use lookout::source::{SourceEvent, SourceInfo, SourceState};
    let theme = Theme::load("default", false).unwrap();
    let engine = Engine::new(EngineConfig::default());
    let sources = vec![
        SourceInfo {
            kind: "cloudwatch".into(),
            name: "/prod/api".into(),
        },
        SourceInfo {
            kind: "prometheus".into(),
            name: "prom".into(),
        },
    ];
    let mut state = State::new(engine, Level::ReadOnly, "inc", "api", sources);
    let source = |event| Event::Source(event);
    update(
        &mut state,
        source(SourceEvent::State {
            source: 0,
            state: SourceState::Retrying(
                "FilterLogEvents throttled, retrying (attempt 2 of 5)".into(),
            ),
        }),
    );
    update(
        &mut state,
        source(SourceEvent::Retries {
            source: 0,
            retried: 3,
            throttled: 2,
        }),
    );
    update(
        &mut state,
        source(SourceEvent::State {
            source: 1,
            state: SourceState::Failed("cannot reach Prometheus".into()),
        }),
    );
    // A log stream registered at run time labels lines, not the status bar.
    update(
        &mut state,
        source(SourceEvent::Added {
            source: 3,
            info: SourceInfo {
                kind: lookout::source::LABEL_KIND.into(),
                name: "pod-7".into(),
            },
        }),
    );
    let screen = render(&mut state, &theme, 200, 30).backend().to_string();
    let status = screen.lines().last().unwrap_or_default();
    assert!(
        status.contains("/prod/api ↻ (FilterLogEvents throttled, retrying (attempt 2 of 5))")
            && status.contains("retried 3 · throttled 2")
            && status.contains("prom ✖ (cannot reach Prometheus)")
            && !status.contains("pod-7"),
        "{status}"
    );
    update(
        &mut state,
        source(SourceEvent::State {
            source: 0,
            state: SourceState::Idle,
        }),
    );
    let screen = render(&mut state, &theme, 200, 30).backend().to_string();
    assert!(screen.contains("/prod/api ● following"), "{screen}");
}

#[test]
fn suspect_changes_are_pinned_on_the_timeline() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(Some(5 * 60_000), Level::ReadOnly);
    let dir = tempfile::tempdir().unwrap();
    let repo = lookout::tui::changes::demo_repo(dir.path()).unwrap();
    let report = lookout::changes::analyse_engine(
        &repo,
        &state.engine,
        None,
        lookout::changes::DEFAULT_WINDOW_MS,
        0,
    )
    .unwrap();
    let culprit = report.culprit().unwrap().short.clone();
    // What the event loop does with Event::Changes.
    update(&mut state, Event::Changes(Ok(Box::new(report))));
    let screen = render(&mut state, &theme, 120, 40).backend().to_string();
    assert!(
        screen.contains(&format!("◆ {culprit} checkout-api v7.4.9")),
        "{screen}"
    );
    snapshot!("demo_changes_120x40", screen);
}

/// `a` opens the ask prompt in the status bar; Enter asks; the offline
/// analyst's answer fills the co-pilot pane with its citation line, and a
/// follow-up joins the conversation.
#[test]
fn ask_prompt_and_the_answer_with_its_citation_line() {
    let theme = Theme::load("default", false).unwrap();
    let mut state = state_at(None, Level::ReadOnly);
    update(&mut state, key('a'));
    let mut commands = Vec::new();
    for c in "why is the pool exhausted?".chars() {
        commands.extend(update(&mut state, key(c)));
    }
    assert!(commands.is_empty(), "typing asks nothing yet");
    let terminal = render(&mut state, &theme, 120, 40);
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("ask the co-pilot: why is the pool exhausted?"),
        "{screen}"
    );
    snapshot!("ask_prompt_120x40", screen);
    let asked = update(&mut state, special(crossterm::event::KeyCode::Enter));
    assert_eq!(asked, vec![Cmd::Ask("why is the pool exhausted?".into())]);

    let dir = tempfile::tempdir().unwrap();
    let folder = lookout::incident::IncidentFolder::open(dir.path(), "demo-2024-11-01").unwrap();
    let mut audit = lookout::audit::AuditLog::open(&folder.audit_path(), Level::ReadOnly).unwrap();
    let (tx, _rx) = tokio::sync::mpsc::channel(8);
    let mut copilot = lookout::tui::copilot::Copilot::default();
    copilot.start(
        &mut state,
        lookout::llm::draft::DraftKind::Ask,
        Some("why is the pool exhausted?"),
        &Default::default(),
        &mut audit,
        &folder,
        &tx,
    );
    assert!(
        state.message.take().unwrap().contains("ask-1.md"),
        "saved, path is a temp dir"
    );
    update(&mut state, special(crossterm::event::KeyCode::Tab));
    state.focus = lookout::tui::app::Pane::Copilot;
    update(&mut state, key('z'));
    let terminal = render(&mut state, &theme, 120, 40);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Q: why is the pool exhausted?"), "{screen}");
    assert!(
        screen.contains("citations: 7 ok, 0 unknown, 0 uncited claims"),
        "{screen}"
    );
    snapshot!("ask_answer_120x40", screen);
    assert_eq!(copilot.turns().len(), 1);
    let records = lookout::audit::chain::read_records(&folder.audit_path()).unwrap();
    assert_eq!(records.last().unwrap().action, "draft.write");
    assert_eq!(records.last().unwrap().details["kind"], "ask");
}

#[test]
fn json_lines_show_their_message_and_search_matches_the_fields_shown() {
    use lookout::source::SourceInfo;
    let theme = Theme::load("default", false).unwrap();
    let mut engine = Engine::new(EngineConfig::default());
    let lines = [
        r#"{"ts":"2024-11-01T03:04:31.000Z","level":"error","service":"checkout-api","msg":"db pool exhausted","request_id":"req-1","attempt":3}"#,
        r#"{"time":"2024-11-01T03:04:32Z","severity":"warn","message":"slow query","db":"orders","err":"lock wait"}"#,
        r#"{"msg": "a malformed line stays raw"#,
        "2024-11-01T03:04:33Z INFO a plain line stays as it is",
        r#"{"ts":"2024-11-01T03:04:34Z","level":"info","user":"ana","action":"login"}"#,
    ];
    for line in lines {
        engine.push_line(0, line.as_bytes(), 1_730_430_271_000);
    }
    engine.flush();
    let sources = vec![SourceInfo {
        kind: "file".into(),
        name: "app.log".into(),
    }];
    let mut state = State::new(engine, Level::ReadOnly, "inc", "api", sources);
    let search = |state: &mut State, query: &str| {
        update(state, key('/'));
        for c in query.chars() {
            update(state, key(c));
        }
        update(state, special(crossterm::event::KeyCode::Enter));
    };
    // The envelope's keys are not shown, so they are not found…
    search(&mut state, "\"severity\"");
    assert_eq!(state.logs.anchor_seq, None);
    // …and a field as shown is, though the line spells it `"db":"orders"`.
    search(&mut state, "db=orders");
    assert_eq!(state.logs.anchor_seq, Some(1));
    update(&mut state, key('f'));
    let screen = render(&mut state, &theme, 120, 40).backend().to_string();
    for row in [
        "ERROR checkout-api db pool exhausted  request_id=req-1 attempt=3",
        "WARN  app.log      slow query  db=orders err=\"lock wait\"",
        r#"app.log      {"msg": "a malformed line stays raw"#,
        "INFO  app.log      2024-11-01T03:04:33Z INFO a plain line stays as it is",
        "INFO  app.log      user=ana action=login",
    ] {
        assert!(screen.contains(row), "{row}\n{screen}");
    }
    snapshot!("logs_json_lines_120x40", screen);
}
