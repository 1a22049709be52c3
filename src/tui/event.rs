//! The one message type of the event loop: everything that can change State.

use crate::source::SourceEvent;

#[derive(Debug, Clone)]
pub enum Event {
    /// Keyboard, mouse, paste, resize.
    Input(crossterm::event::Event),
    /// Data or state from a source task.
    Source(SourceEvent),
    /// Periodic redraw (rates, clocks).
    Tick,
    /// SIGTERM / SIGINT / SIGHUP: leave cleanly.
    Terminate,
    /// Streamed co-pilot text, tagged with the request it belongs to.
    CopilotChunk { generation: u64, text: String },
    /// The group browser's DescribeLogGroups answer for `prefix`.
    Groups {
        prefix: String,
        result: Result<Vec<String>, String>,
    },
    /// What changed: the service repo's suspects for the current onset (audited).
    Changes(Result<Box<crate::changes::ChangesReport>, String>),
    /// The fix drafted off the event loop (`p` for a service with a repo).
    FixDrafted(Result<Box<crate::llm::fix::Fix>, String>),
    /// The co-pilot request finished (or failed).
    CopilotDone {
        generation: u64,
        outcome: crate::llm::client::Outcome,
    },
}
