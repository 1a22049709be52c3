//! AWS CloudWatch Logs, read only: the client and its read calls (`client`),
//! following a group by live tail or polling (`follow`, `live_tail`), the
//! workbench's source task (`source`), and Logs Insights counts pushed down to
//! the backend (`insights`). The client's types are re-exported here because
//! every other part speaks in them.

pub mod client;
pub mod follow;
pub mod insights;
pub mod live_tail;
pub mod source;
pub mod summary;

pub use client::*;
