//! An incident: its folder on disk, its timeline, and the LLM context built from it.

pub mod context;
pub mod folder;
pub mod timeline;

pub use folder::IncidentFolder;
