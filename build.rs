//! Tells the integration tests (tests/it) which test servers this machine
//! has. A test whose server is missing is compiled as `#[ignore]`d, so
//! `cargo test` reports it as ignored — never as passed — and says how to
//! install it (`bash .ci/test-all.sh`). With LOOKOUT_REQUIRE_SERVERS=1 every
//! server counts as present: its test runs and fails if the server cannot
//! start. Changing one of the variables below recompiles the crate once.

use std::path::{Path, PathBuf};

/// One thing a test needs: the variable the tests read its path from, and
/// the name to look for on PATH when that variable is unset.
struct Needed {
    variable: Option<&'static str>,
    on_path: Option<&'static str>,
}

const fn needs(variable: Option<&'static str>, on_path: Option<&'static str>) -> Needed {
    Needed { variable, on_path }
}

/// Each cfg and everything it needs (the test support reads the same
/// variables and falls back to the same names).
const SERVERS: &[(&str, &[Needed])] = &[
    (
        "has_moto",
        &[needs(Some("LOOKOUT_MOTO_SERVER"), Some("moto_server"))],
    ),
    (
        "has_prometheus",
        &[
            needs(Some("LOOKOUT_PROMETHEUS_BIN"), Some("prometheus")),
            needs(Some("LOOKOUT_PROMTOOL_BIN"), Some("promtool")),
        ],
    ),
    ("has_tmux", &[needs(None, Some("tmux"))]),
    // The optional real model (WITH_LLM=1 bash .ci/test-all.sh installs it).
    (
        "has_llm",
        &[
            needs(Some("LOOKOUT_LLM_PYTHON"), None),
            needs(Some("LOOKOUT_LLM_MODEL_DIR"), None),
        ],
    ),
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=LOOKOUT_REQUIRE_SERVERS");
    let required = std::env::var("LOOKOUT_REQUIRE_SERVERS").as_deref() == Ok("1");
    for (cfg, binaries) in SERVERS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        let mut present = true;
        for needed in *binaries {
            if let Some(variable) = needed.variable {
                println!("cargo::rerun-if-env-changed={variable}");
            }
            present &= found(needed);
        }
        // The optional real model is never required; the servers are.
        if present || (required && *cfg != "has_llm") {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}

/// The variable names an existing path, or (unset) the name is on PATH.
fn found(needed: &Needed) -> bool {
    let configured = needed
        .variable
        .and_then(std::env::var_os)
        .filter(|value| !value.is_empty());
    match configured {
        Some(value) => Path::new(&value).exists(),
        None => needed.on_path.is_some_and(|name| {
            std::env::var_os("PATH").is_some_and(|path| {
                std::env::split_paths(&path).any(|dir: PathBuf| dir.join(name).is_file())
            })
        }),
    }
}
