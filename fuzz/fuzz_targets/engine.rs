#![no_main]
//! Any bytes split into lines across sources: multi-line folding, redaction,
//! mining and signals never panic, every line lands in exactly one record, and
//! feeding the lines in batches stores exactly what feeding them one by one does.
use libfuzzer_sys::fuzz_target;
use lookout::ingest::{Engine, EngineConfig};

fn config() -> EngineConfig {
    EngineConfig { max_line_bytes: 256, ..EngineConfig::default() }
}

fuzz_target!(|data: &[u8]| {
    let lines: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
    let mut engine = Engine::new(config());
    for (i, line) in lines.iter().enumerate() {
        engine.push_line((i % 3) as u16, line, i as i64 * 1000);
    }
    engine.flush();
    let physical: u64 = engine.store().iter().map(|r| r.text.split('\n').count() as u64).sum();
    assert_eq!(physical, lines.len() as u64);

    // The same lines in batches: runs of one source, as sources deliver them.
    let mut batched = Engine::new(config());
    let mut start = 0;
    while start < lines.len() {
        let source = (start % 3) as u16;
        let len = 1 + data.first().map_or(0, |b| *b as usize % 5);
        let end = (start + len).min(lines.len());
        // Same source for the whole batch here, so compare against one source.
        batched.push_lines(source, &lines[start..end], start as i64 * 1000);
        start = end;
    }
    batched.flush();
    let physical: u64 = batched.store().iter().map(|r| r.text.split('\n').count() as u64).sum();
    assert_eq!(physical, lines.len() as u64);
    let mut single = Engine::new(config());
    start = 0;
    while start < lines.len() {
        let source = (start % 3) as u16;
        let len = 1 + data.first().map_or(0, |b| *b as usize % 5);
        let end = (start + len).min(lines.len());
        for line in &lines[start..end] {
            single.push_line(source, line, start as i64 * 1000);
        }
        start = end;
    }
    single.flush();
    let texts = |e: &Engine| -> Vec<String> { e.store().iter().map(|r| r.text.clone()).collect() };
    assert_eq!(texts(&batched), texts(&single));
    assert_eq!(batched.redactions(), single.redactions());
});
