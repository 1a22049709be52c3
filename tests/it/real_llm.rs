//! Optional: a full demo summary through a real local model (SmolLM2-135M served
//! by llama-cpp-python's OpenAI-compatible server on 127.0.0.1). Ignored unless
//! LOOKOUT_LLM_PYTHON and LOOKOUT_LLM_MODEL_DIR are set at build time (build.rs);
//! `WITH_LLM=1 bash .ci/test-all.sh` installs the server and the model and sets
//! LOOKOUT_LLM_PYTHON / LOOKOUT_LLM_MODEL_DIR. It asserts the plumbing — streamed
//! text saved, audited by hash with real token counts — not the prose.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct ModelServer {
    child: Child,
    port: u16,
}

impl Drop for ModelServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_gguf(dir: &Path, depth: usize) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut dirs = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "gguf") {
            return Some(path);
        }
        if path.is_dir() {
            dirs.push(path);
        }
    }
    if depth == 0 {
        return None;
    }
    dirs.iter().find_map(|d| find_gguf(d, depth - 1))
}

fn start(python: &str, model: &Path) -> ModelServer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(python)
        .args(["-m", "llama_cpp.server", "--model"])
        .arg(model)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--n_ctx", "8192", "--model_alias", "smollm2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("LOOKOUT_LLM_PYTHON={python} cannot start: {e}"));
    let server = ModelServer { child, port };
    let deadline = Instant::now() + Duration::from_secs(180);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the model server did not listen within 180 s"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    server
}

#[cfg_attr(
    not(has_llm),
    ignore = "no local model: run WITH_LLM=1 bash .ci/test-all.sh (sets LOOKOUT_LLM_PYTHON, LOOKOUT_LLM_MODEL_DIR)"
)]
#[test]
fn a_demo_summary_streams_through_a_real_local_model() {
    let python = std::env::var("LOOKOUT_LLM_PYTHON").expect("LOOKOUT_LLM_PYTHON");
    let model_dir = PathBuf::from(std::env::var("LOOKOUT_LLM_MODEL_DIR").expect("model dir"));
    let model = find_gguf(&model_dir, 4)
        .unwrap_or_else(|| panic!("no .gguf under {}", model_dir.display()));
    let server = start(&python, &model);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lookout.toml"),
        "[llm]\nmodel = \"smollm2\"\ntimeout_secs = 300\nmax_tokens = 200\n",
    )
    .unwrap();
    let out = crate::support::lookout(dir.path())
        .args(["summarize", "--demo", "--json", "--incident", "inc-real"])
        .args([
            "--llm-base-url",
            &format!("http://127.0.0.1:{}/v1", server.port),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["producer"], "llm:smollm2", "the model answered");
    let text = report["text"].as_str().unwrap_or_default();
    assert!(!text.trim().is_empty(), "streamed text");
    let folder = dir.path().join(".lookout/incidents/inc-real");
    let saved = std::fs::read_to_string(folder.join("summary.md")).unwrap();
    assert!(saved.contains(text.trim()), "the draft is saved");
    let audit = std::fs::read_to_string(folder.join("audit.jsonl")).unwrap();
    let call: serde_json::Value = audit
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["action"] == "llm.call")
        .expect("an llm.call record");
    // llama-cpp-python streams no usage: the record says so instead of a
    // silent 0 (servers that report it: tests/it/copilot.rs).
    assert!(call["details"]["usage_reported"].is_boolean());
    assert!(call["details"]["latency_ms"].as_u64().unwrap_or(0) > 0);
    assert_eq!(call["details"]["prompt_sha256"].as_str().unwrap().len(), 64);
    eprintln!(
        "real model: {} prompt tokens, {} completion tokens, first token after {} ms",
        call["details"]["prompt_tokens"],
        call["details"]["completion_tokens"],
        call["details"]["first_token_ms"]
    );
}
