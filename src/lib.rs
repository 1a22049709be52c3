//! lookout — a terminal workbench for on-call engineers.
//!
//! It reads logs and metrics (Level 0), folds them into templates and signals,
//! asks an LLM (or the offline analyst) to explain the incident, and at Level 1
//! stages proposed fixes as local git branches with PR drafts. It never writes
//! to production: docs/safety.md explains the six safety invariants.
//!
//! Module map (who may import what is in docs/architecture.md):
//!
//! ```text
//! source tasks ──SourceEvent──► ingest::Engine ──► store / templates / signals
//! (file, stdin, demo,            parse → redact → mine → store → signals
//!  cloudwatch, prometheus)                      │
//!                    incident::context ◄────────┘──► llm (client | offline) ──► drafts
//!                    changes: the service repo's commits before the onset (git2,
//!                             read-only), ranked as suspects [C1a2b3c] ──┘
//!                    eval: scenario folders replayed through all of it, scored
//!                    propose::{patch, plan, policy, risk} ──► stage (git2, local only)
//!                    audit::chain: every read, LLM call and proposal, before it is shown
//! guard: before any AWS read, sts:GetCallerIdentity + iam:SimulatePrincipalPolicy prove the
//!        credentials cannot write (else lookout refuses to start)
//! tui/ draws, cli/ prints; both call the same library functions.
//! ```

pub mod audit;
pub mod changes;
pub mod cli;
pub mod clock;
pub mod config;
pub mod eval;
pub mod guard;
pub mod incident;
pub mod ingest;
pub mod level;
pub mod llm;
pub mod propose;
pub mod source;
pub mod tui;
