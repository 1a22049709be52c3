#![no_main]
//! Any text through the redactor: no panic, redacting twice changes nothing
//! more, and the batch screen flags every line that redaction changes.
use libfuzzer_sys::fuzz_target;
use lookout::ingest::{BatchScreen, RedactionCounts, Redactor};
use std::borrow::Cow;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let redactor = Redactor::new();
    let once = redactor.redact(&text, &mut RedactionCounts::default()).into_owned();
    let twice = redactor.redact(&once, &mut RedactionCounts::default()).into_owned();
    assert_eq!(once, twice);
    let lines: Vec<&str> = text.split('\n').collect();
    let flagged = redactor.flag(lines.iter().copied(), &mut BatchScreen::default());
    for (index, line) in lines.iter().enumerate() {
        if let Cow::Owned(_) = redactor.redact(line, &mut RedactionCounts::default()) {
            assert!(flagged.contains(&index), "line {index} changes but was not flagged: {line:?}");
        }
    }
});
