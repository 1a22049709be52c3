//! An incident: its folder on disk, and the evidence an answer about it is
//! built from and checked against: the evidence pack (gather → select →
//! render, within a token budget) and the citation verifier. The timeline of
//! phases is the engine's: `ingest::signals::timeline`.

mod align;
pub mod causes;
pub mod citations;
pub mod claims;
mod constant_values;
pub mod context;
mod echoes;
pub mod error_field;
pub mod folder;
pub mod gather;
mod html_page;
mod metric_changes;
mod near_onset;
mod notes;
pub mod onset_values;
pub mod pack;
mod rate_rise;
pub mod render;
mod repeats;
pub mod suspect;
pub mod tokens;

pub use citations::CitationReport;
pub use folder::IncidentFolder;
pub use pack::{EvidencePack, ItemKind, PackInput, PackItem};
pub use suspect::SuspectChange;
