//! lookout's integration tests, one binary (one link of the crate instead of
//! one per file). One module per feature; `support` holds the shared helpers.
//! Run one feature with a filter: `cargo test --test it guard`. A feature
//! with more than one file is a folder (`cloudwatch/`, `tui_tmux/`).
//!
//! Tests that need a server which is not installed are compiled as ignored
//! (build.rs sets `has_moto`, `has_prometheus`, `has_tmux`, `has_llm`): the
//! summary counts them instead of reporting them passed. `bash .ci/test-all.sh`
//! installs every server and sets LOOKOUT_REQUIRE_SERVERS=1, under which
//! nothing is ignored and a server that cannot start fails its test.

mod support;

mod ask;
mod audit;
mod bad_input;
mod changes;
mod cloudwatch;
mod config;
mod copilot;
mod cross_path;
mod eval;
mod evidence_pack;
mod fault_audit;
mod fault_disk_full;
mod file_follow;
mod fix;
mod guard;
mod incident_options;
mod layering;
mod look_back;
mod policy;
mod prometheus;
mod proposals;
mod real_llm;
mod redact_corpus;
mod scoreboard;
mod tui_snapshots;
mod tui_tmux;
mod workbench_suspects;
