//! The audit trail: append-only, hash-chained JSONL per incident.
//!
//! Every read of a source, every LLM call and every proposal is appended here
//! *before* its result is shown (safety invariant 5).

pub mod chain;
pub mod entry;
pub mod scoreboard;
pub mod shared;
pub mod verify;

pub use chain::{AuditEntry, AuditError, AuditLog, AuditRecord};
pub use entry::{Action, Actor, Details};
pub use shared::{AuditSink, AuditWriter};
