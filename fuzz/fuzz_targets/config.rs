#![no_main]
//! Any text as a lookout.toml: checked exactly as a config file is at start —
//! a clear error naming file and key, or a config; never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = std::path::Path::new("fuzz/lookout.toml");
    if let Err(err) = lookout::config::check_file_text(path, &text) {
        assert!(err.to_string().contains("lookout.toml"), "{err}");
    }
});
