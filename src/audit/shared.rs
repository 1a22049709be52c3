//! The audit log shared by the workbench and the source tasks that audit their
//! own reads (CloudWatch, Prometheus, the changes reader): one log, one hash
//! chain, one writer at a time. It lives here, with the log, because every
//! reader uses it — not in any one source.

use std::sync::{Arc, Mutex};

use super::{AuditEntry, AuditLog};

/// One audit log shared by the event loop and the source tasks: appends are
/// serialised, so the hash chain stays one chain.
pub type SharedAudit = Arc<Mutex<AuditLog>>;

/// Appends to a shared audit log (a poisoned lock is an error, not a panic).
pub fn append(audit: &SharedAudit, entry: AuditEntry) -> Result<(), super::AuditError> {
    let mut log = audit.lock().map_err(|_| super::AuditError::Poisoned)?;
    log.append(entry)?;
    Ok(())
}
