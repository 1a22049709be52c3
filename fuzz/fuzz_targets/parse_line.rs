#![no_main]
//! Any bytes as one log line: timestamp/level/JSON/logfmt detection never panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = lookout::ingest::parse::parse_line(&text);
    let _ = parsed.content.len();
    if let Ok(format) = lookout::ingest::parse::LineFormat::compile("<Date> <Time> <Level> <Component>: <Content>") {
        let _ = format.parse(&text);
    }
});
