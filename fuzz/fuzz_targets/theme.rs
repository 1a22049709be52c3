#![no_main]
//! Any text as a theme or config file: a clear error or a value, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = lookout::tui::theme::parse("fuzz.toml", &text);
    let _ = toml::from_str::<lookout::config::Config>(&text);
});
