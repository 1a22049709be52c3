//! Key latency under a burst: while 1,000,000 mixed Loghub lines arrive as fast
//! as the file source can read them, a key (`j`/`k`, scrolling) is sent every
//! 20 ms and timed from sending to the end of the frame that answered it,
//! drawn at 200x60 on ratatui's TestBackend by the workbench's own event loop.
//! Prints percentiles; asserts nothing. Run: `cargo bench --bench key_latency`.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{Event as Input, KeyCode, KeyEvent, KeyModifiers};
use lookout::audit::AuditLog;
use lookout::incident::IncidentFolder;
use lookout::ingest::{Engine, EngineConfig};
use lookout::level::Level;
use lookout::source::file::{info, spawn_follow};
use lookout::tui::event::Event;
use lookout::tui::event_loop::{run_loop, FrameReport, LoopIo};
use lookout::tui::theme::Theme;
use lookout::tui::Session;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tokio::sync::mpsc;

#[path = "support/loghub.rs"]
mod loghub;

const LINES: usize = 1_000_000;
const KEY_INTERVAL: Duration = Duration::from_millis(20);
/// Bounds the run even if the engine never reports every line.
const MAX_RUN: Duration = Duration::from_secs(300);

fn main() -> anyhow::Result<()> {
    let raw = loghub::raw_lines();
    if raw.is_empty() {
        eprintln!(
            "no Loghub data at {}; nothing to measure",
            loghub::data_dir().display()
        );
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let log = dir.path().join("burst.log");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&log)?);
    for line in loghub::mixed(&raw, LINES) {
        writeln!(file, "{line}")?;
    }
    file.flush()?;
    drop(file);

    let folder = IncidentFolder::open(dir.path(), "bench-key-latency")?;
    let audit = AuditLog::open(&folder.audit_path(), Level::ReadOnly)?;
    let session = Session {
        engine: Engine::new(EngineConfig::default()),
        level: Level::ReadOnly,
        service: "bench".into(),
        sources: vec![info(&log)],
        theme: Theme::load("default", false)?,
        mouse: false,
        folder,
        audit: lookout::audit::AuditWriter::spawn(audit)?,
        service_repo: None,
        propose_config: Default::default(),
        llm_config: Default::default(),
        credentials_unverified: false,
        cloudwatch: None,
        changes_repo: None,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let sent: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let mut frames: Vec<FrameReport> = Vec::new();
    let mut terminal = Terminal::new(TestBackend::new(200, 60))?;
    let started = Instant::now();
    runtime.block_on(async {
        let (input_tx, input_rx) = mpsc::channel::<Event>(1024);
        let keys = Arc::clone(&sent);
        let done_at = Arc::new(Mutex::new(None::<Instant>));
        let done = Arc::clone(&done_at);
        tokio::spawn(async move {
            let mut down = true;
            loop {
                tokio::time::sleep(KEY_INTERVAL).await;
                let finished = done.lock().map(|d| d.is_some()).unwrap_or(true);
                let code = if finished || started.elapsed() > MAX_RUN {
                    KeyCode::Char('q')
                } else if down {
                    KeyCode::Char('j')
                } else {
                    KeyCode::Char('k')
                };
                down = !down;
                if let Ok(mut keys) = keys.lock() {
                    keys.push(Instant::now());
                }
                let key = Input::Key(KeyEvent::new(code, KeyModifiers::NONE));
                if input_tx.send(Event::Input(key)).await.is_err() || code == KeyCode::Char('q') {
                    break;
                }
            }
        });
        let io = LoopIo {
            terminal: &mut terminal,
            input: input_rx,
            on_frame: |report: FrameReport| {
                if report.lines_in >= LINES as u64 {
                    if let Ok(mut done) = done_at.lock() {
                        done.get_or_insert(report.drawn_at);
                    }
                }
                frames.push(report);
            },
        };
        run_loop(
            session,
            move |tx| {
                spawn_follow(vec![log], 0, false, tx);
            },
            io,
        )
        .await
    })?;

    // Keys are answered in the order they were sent: frame by frame, each
    // frame answers the next `inputs_answered` keys.
    let sent = sent.lock().map(|s| s.clone()).unwrap_or_default();
    let burst_end = frames
        .iter()
        .find(|f| f.lines_in >= LINES as u64)
        .map(|f| f.drawn_at);
    let mut latencies_ms = Vec::new();
    let mut next_key = 0;
    for frame in &frames {
        for _ in 0..frame.inputs_answered {
            if let Some(at) = sent.get(next_key) {
                if burst_end.is_none_or(|end| *at < end) {
                    latencies_ms.push(frame.drawn_at.duration_since(*at).as_secs_f64() * 1e3);
                }
            }
            next_key += 1;
        }
    }
    latencies_ms.sort_by(f64::total_cmp);
    let lines_in = frames.last().map_or(0, |f| f.lines_in);
    let ingest_s = burst_end.map_or(f64::NAN, |end| end.duration_since(started).as_secs_f64());
    println!(
        "burst: {lines_in} lines in {ingest_s:.1} s ({:.0} lines/s through the workbench), {} frames at 200x60",
        lines_in as f64 / ingest_s,
        frames.len()
    );
    if latencies_ms.is_empty() {
        println!("no key was answered during the burst");
        return Ok(());
    }
    let pct = |p: f64| latencies_ms[((latencies_ms.len() - 1) as f64 * p).round() as usize];
    println!(
        "key → redrawn frame during the burst ({} keys): p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies_ms.len(),
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    Ok(())
}
