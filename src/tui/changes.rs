//! What changed, in the workbench: once the incident has an onset (and again
//! if it moves), the service repo's suspects are ranked off the event loop —
//! the clues are taken from the engine here, the git reads run on a blocking
//! thread — audited, then sent back as `Event::Changes` for the timeline.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc::Sender;

use super::app::State;
use super::event::Event;
use crate::audit::shared::AuditWriter;
use crate::changes::{self, IncidentClues, OnsetSource};
use crate::ingest::SignalKind;

/// Starts a ranking when the onset is new; `last_onset_ms` remembers the last one asked.
pub fn watch(
    state: &State,
    repo: &Path,
    window_ms: i64,
    last_onset_ms: &mut Option<i64>,
    audit: &AuditWriter,
    tx: &Sender<Event>,
) {
    // The timeline's onset (the earliest non-deploy signal), found cheaply:
    // this runs on every wake-up, the clues only when it moved.
    let onset_ms = state
        .engine
        .signals()
        .iter()
        .filter(|s| s.kind != SignalKind::Deploy)
        .map(|s| s.time_ms)
        .min();
    if onset_ms.is_none() || *last_onset_ms == onset_ms {
        return;
    }
    *last_onset_ms = onset_ms;
    let clues = IncidentClues::from_engine(&state.engine);
    let Some(onset_ms) = clues.onset_ms else {
        return;
    };
    let repo = repo.to_path_buf();
    let audit = audit.clone();
    let tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        let result = changes::analyse(&repo, &clues, onset_ms, OnsetSource::Signals, window_ms)
            .map_err(|e| e.to_string())
            .and_then(|report| {
                // Audited before it can be shown.
                let entry = report.audit_entry(&repo);
                audit
                    .append(entry)
                    .map_err(|e| format!("audit failed, not shown: {e}"))?;
                Ok(Box::new(report))
            });
        let _ = tx.blocking_send(Event::Changes(result));
    });
}

/// The demo's infra repo in the incident folder, written on first use (the
/// same place the Level-1 proposal reads it from).
pub fn demo_repo(folder: &Path) -> Result<PathBuf, String> {
    let repo = folder.join("infra-repo");
    if !repo.join(".git").exists() {
        let demo = crate::source::demo::DemoIncident::embedded().map_err(|e| e.to_string())?;
        demo.materialize_infra_repo(&repo)
            .map_err(|e| e.to_string())?;
    }
    Ok(repo)
}
