//! Context build with 1,000,000 retained lines, and lookout's own overhead on
//! time to first token against a local OpenAI-protocol server.
//! Prints figures; asserts nothing. Run: `cargo bench --bench copilot`.

#[path = "../tests/it/support/openai_server.rs"]
mod openai_server;

use std::time::Instant;

use lookout::incident::context;
use lookout::ingest::{Engine, EngineConfig};
use lookout::llm::{client, LlmConfig};
use lookout::source::demo::DemoIncident;

fn main() {
    let demo = DemoIncident::embedded().expect("demo");
    let mut engine = Engine::new(EngineConfig::default());
    let mut n = 0i64;
    while engine.store().len() < 1_000_000 {
        for timed in demo.events() {
            lookout::source::demo::apply(&mut engine, &timed.event, timed.at_ms + n);
        }
        n += 1;
    }
    engine.flush();
    let started = Instant::now();
    let ctx = context::build(&engine, 3_000);
    println!(
        "context build with {} retained lines: {:.2} ms ({} chars, {} evidence ids)",
        engine.store().len(),
        started.elapsed().as_secs_f64() * 1e3,
        ctx.text.len(),
        ctx.evidence_ids.len()
    );

    let server = openai_server::Server::start(vec![]);
    let config = LlmConfig {
        base_url: Some(server.base_url.clone()),
        model: "bench".into(),
        ..LlmConfig::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut overheads = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let request = client::prepare(
            &config,
            "system",
            &ctx.text,
            engine.redactor(),
            &mut Default::default(),
        )
        .expect("prepare");
        let prepare_ms = started.elapsed().as_secs_f64() * 1e3;
        let outcome = runtime.block_on(client::stream(&config, &request, |_| {}));
        overheads.push((prepare_ms, outcome.first_token_ms.unwrap_or(0) as f64));
    }
    overheads.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
    let (prepare_ms, first_token_ms) = overheads[overheads.len() / 2];
    println!(
        "time to first token against a local server that answers at once (median of 20): request build + redaction {prepare_ms:.2} ms, send → first token {first_token_ms:.0} ms; lookout's overhead ≈ {:.1} ms",
        prepare_ms + first_token_ms
    );
}
