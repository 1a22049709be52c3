//! Frame render time with 10,000 and 1,000,000 retained lines (TestBackend
//! 200x60), memory per retained line, and time from start to the first frame of
//! the demo. Prints figures; asserts nothing. Run: `cargo bench --bench render`.

use std::time::Instant;

use lookout::ingest::{Engine, EngineConfig};
use lookout::level::Level;
use lookout::source::demo::DemoIncident;
use lookout::source::SourceInfo;
use lookout::tui::app::State;
use lookout::tui::theme::Theme;
use lookout::tui::views;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const FRAMES: u32 = 200;

fn main() {
    let started = Instant::now();
    let demo = DemoIncident::embedded().expect("demo");
    let theme = Theme::load("default", false).expect("theme");
    let mut state = State::new(
        Engine::new(EngineConfig::default()),
        Level::ReadOnly,
        "bench",
        &demo.service,
        demo.sources.clone(),
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| views::draw(f, &mut state, &theme))
        .expect("draw");
    println!("start → first demo frame: {:.1} ms (embedded incident parsed, theme loaded, one frame drawn)", started.elapsed().as_secs_f64() * 1e3);

    let mut previous = None;
    for retained in [10_000usize, 1_000_000] {
        let mut engine = Engine::new(EngineConfig::default());
        let before = engine.memory_bytes();
        let mut line = 0usize;
        while engine.store().len() < retained {
            for timed in demo.events() {
                if let lookout::source::SourceEvent::Lines { source, lines, .. } = &timed.event {
                    for l in lines {
                        engine.push_line(*source, l, timed.at_ms + line as i64);
                        line += 1;
                        if engine.store().len() >= retained {
                            break;
                        }
                    }
                }
                if engine.store().len() >= retained {
                    break;
                }
            }
        }
        engine.flush();
        // Metrics and deploy markers too, so every pane has content.
        for event in demo.events() {
            if !matches!(event.event, lookout::source::SourceEvent::Lines { .. }) {
                event.event.feed(&mut engine, event.at_ms);
            }
        }
        let per_line = (engine.store().memory_bytes() - before.min(engine.store().memory_bytes()))
            as f64
            / engine.store().len() as f64;
        let sources: Vec<SourceInfo> = demo.sources.clone();
        let mut state = State::new(engine, Level::ReadOnly, "bench", &demo.service, sources);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        terminal
            .draw(|f| views::draw(f, &mut state, &theme))
            .expect("warm-up");
        let started = Instant::now();
        for _ in 0..FRAMES {
            terminal
                .draw(|f| views::draw(f, &mut state, &theme))
                .expect("draw");
        }
        let frame_ms = started.elapsed().as_secs_f64() * 1e3 / f64::from(FRAMES);
        let growth = previous
            .map(|p: f64| format!(" ({:+.0}% vs 10k)", 100.0 * (frame_ms - p) / p))
            .unwrap_or_default();
        println!(
            "{:>9} retained lines: {frame_ms:.3} ms/frame{growth}; memory per retained line {per_line:.0} B",
            state.engine.store().len()
        );
        previous = Some(frame_ms);
    }
}
