//! Prometheus-compatible metrics, read only: the `query_range` client and the
//! answer parser (`client`, also used for saved answers: `--metrics-file`), and
//! the workbench's polling source task (`source`). The client's types are
//! re-exported here.

pub mod client;
pub mod source;

pub use client::*;
