//! What the subcommands share beyond printing: opening the incident folder
//! and its audit log, the first thing every command that reads or writes
//! anything does (the folder holds the log; the log is opened at the level
//! the command runs at, which every record carries).

use crate::audit::AuditLog;
use crate::config::Config;
use crate::incident::IncidentFolder;
use crate::level::Level;

/// The incident folder `id` under the configured base directory, and its audit log.
pub fn open_incident(
    config: &Config,
    id: &str,
    level: Level,
) -> anyhow::Result<(IncidentFolder, AuditLog)> {
    let folder = IncidentFolder::open(&config.incident.base_dir, id)?;
    let audit = AuditLog::open(&folder.audit_path(), level)?;
    Ok((folder, audit))
}
