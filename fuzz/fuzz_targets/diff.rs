#![no_main]
//! Any text as a proposed diff: parse, validate and apply never panic.
use libfuzzer_sys::fuzz_target;
use lookout::propose::{patch, ProposeConfig};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let diff = patch::extract_diff(&text);
    if let Ok(parsed) = patch::parse(&diff) {
        let _ = patch::validate(&parsed, &ProposeConfig::default());
        for file in &parsed.files {
            let _ = patch::apply(file, Some("a\nb\nc\n"));
            let _ = patch::apply(file, None);
        }
    }
});
