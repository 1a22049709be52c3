#![no_main]
//! Any text as Terraform plan JSON: parsing never panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = lookout::propose::plan::parse("fuzz.json", &text);
});
