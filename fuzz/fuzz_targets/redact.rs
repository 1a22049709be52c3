#![no_main]
//! Any text through the redactor: no panic, and redacting twice changes nothing more.
use libfuzzer_sys::fuzz_target;
use lookout::ingest::{RedactionCounts, Redactor};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let redactor = Redactor::new();
    let once = redactor.redact(&text, &mut RedactionCounts::default()).into_owned();
    let twice = redactor.redact(&once, &mut RedactionCounts::default()).into_owned();
    assert_eq!(once, twice);
});
