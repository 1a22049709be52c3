#![no_main]
//! Any bytes split into lines across sources: multi-line folding, redaction,
//! mining and signals never panic, and every line lands in exactly one record.
use libfuzzer_sys::fuzz_target;
use lookout::ingest::{Engine, EngineConfig};

fuzz_target!(|data: &[u8]| {
    let mut engine = Engine::new(EngineConfig { max_line_bytes: 256, ..EngineConfig::default() });
    let mut lines = 0u64;
    for (i, line) in data.split(|b| *b == b'\n').enumerate() {
        engine.push_line((i % 3) as u16, line, i as i64 * 1000);
        lines += 1;
    }
    engine.flush();
    let physical: u64 = engine.store().iter().map(|r| r.text.split('\n').count() as u64).sum();
    assert_eq!(physical, lines);
});
