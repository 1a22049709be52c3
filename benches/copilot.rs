//! The evidence pack and the citation check on the demo (goal: ≤ 20 ms
//! together), the pack with 1,000,000 retained lines, and lookout's own
//! overhead on time to first token against a local OpenAI-protocol server.
//! Prints figures; asserts nothing. Run: `cargo bench --bench copilot`.

#[path = "../tests/it/support/openai_server.rs"]
mod openai_server;

use std::time::Instant;

use lookout::incident::pack::DEFAULT_CONTEXT_TOKENS;
use lookout::incident::{context, EvidencePack, PackInput};
use lookout::ingest::{Engine, EngineConfig};
use lookout::llm::{client, LlmConfig};
use lookout::source::demo::DemoIncident;

/// Median of `runs` timings of `work`, in milliseconds.
fn median_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Pack build and citation check on the demo incident as the workbench holds it.
fn pack_and_citations(demo: &DemoIncident) {
    let mut engine = Engine::new(EngineConfig::default());
    demo.feed(&mut engine, None);
    let input = PackInput {
        onset_ms: None,
        suspects: None,
        budget_tokens: DEFAULT_CONTEXT_TOKENS,
    };
    let pack = EvidencePack::build(&engine, &input);
    let build_ms = median_ms(21, || {
        std::hint::black_box(EvidencePack::build(&engine, &input));
    });
    let answers: Vec<String> = ["summary", "runbook", "postmortem"]
        .iter()
        .map(|kind| lookout::llm::offline::draft_from_pack(kind, &pack, "bench"))
        .collect();
    let answer_bytes: usize = answers.iter().map(String::len).sum();
    let verify_ms = median_ms(21, || {
        for answer in &answers {
            std::hint::black_box(pack.check(answer));
        }
    });
    let shrink_ms = median_ms(21, || {
        std::hint::black_box(pack.shrink(0.5));
    });
    println!(
        "evidence pack on the demo ({} retained lines, {} items, ≈{} tokens): build {build_ms:.2} ms; citation check of 3 drafts ({answer_bytes} bytes): {verify_ms:.2} ms; together {:.2} ms (goal ≤ 20 ms); shrink to half: {shrink_ms:.2} ms (medians of 21)",
        engine.store().len(),
        pack.items.len(),
        pack.tokens,
        build_ms + verify_ms
    );
}

fn main() {
    let demo = DemoIncident::embedded().expect("demo");
    pack_and_citations(&demo);
    let mut engine = Engine::new(EngineConfig::default());
    let mut n = 0i64;
    while engine.store().len() < 1_000_000 {
        for timed in demo.events() {
            timed.event.feed(&mut engine, timed.at_ms + n);
        }
        n += 1;
    }
    engine.flush();
    let started = Instant::now();
    let ctx = context::build(&engine, DEFAULT_CONTEXT_TOKENS);
    println!(
        "evidence pack with {} retained lines: {:.2} ms ({} chars, {} citable ids)",
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
