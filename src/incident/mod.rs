//! An incident: its folder on disk and the LLM context built from it (the
//! timeline of phases is the engine's: `ingest::signals::timeline`).

pub mod context;
pub mod folder;

pub use folder::IncidentFolder;
