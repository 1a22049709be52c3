#![no_main]
//! Any bytes as an audit log: verification reports, never panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("lookout-fuzz-audit-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("audit.jsonl");
    if std::fs::write(&path, data).is_ok() {
        let _ = lookout::audit::verify::verify(&path);
    }
});
