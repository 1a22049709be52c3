//! Appending to the hash chain.
//!
//! Each record carries the sha256 of the previous record's hash and its own
//! canonical body, so an edit, deletion, insertion or reordering breaks the
//! chain. A tail checkpoint (`audit.jsonl.tail`: last seq and hash) is rewritten
//! after every append so that truncation of the log shows too.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::level::Level;

/// The hash of the (absent) record before the first one.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("audit log {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("audit log {path}, line {line}: not an audit record: {message}")]
    Malformed {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("audit log {path} changed under lookout ({expected} bytes expected, {actual} found): refusing to append; run `lookout audit verify {path}`")]
    Changed {
        path: PathBuf,
        expected: u64,
        actual: u64,
    },
    #[error("audit log unavailable: its writer thread has stopped; nothing more can be audited, so nothing more is shown")]
    WriterStopped,
}

/// What a caller asks to record, in the raw form the chain stores. Writers
/// build it from a typed [`super::entry::Details`] (`details.entry(subject)`);
/// `new` stays for tests that write arbitrary records.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// `user`, `lookout`, `llm`, `source:<name>` …
    pub actor: String,
    /// A short verb: `source.open`, `llm.call`, `proposal.stage`, …
    pub action: String,
    /// What it acted on: a path, a log group, a branch name.
    pub subject: String,
    /// Structured details (never secrets, never prompt text).
    pub details: serde_json::Value,
}

impl AuditEntry {
    pub fn new(actor: &str, action: &str, subject: impl Into<String>) -> Self {
        AuditEntry {
            actor: actor.to_string(),
            action: action.to_string(),
            subject: subject.into(),
            details: serde_json::Value::Null,
        }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}

/// One line of `audit.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: u64,
    /// RFC 3339 UTC.
    pub time: String,
    pub level: u8,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub details: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// The hash a record must carry: sha256 over prev_hash and the canonical
    /// JSON of every other field (serde_json keeps struct field order).
    pub fn expected_hash(&self) -> String {
        #[derive(Serialize)]
        struct Body<'a> {
            seq: u64,
            time: &'a str,
            level: u8,
            actor: &'a str,
            action: &'a str,
            subject: &'a str,
            details: &'a serde_json::Value,
        }
        let body = Body {
            seq: self.seq,
            time: &self.time,
            level: self.level,
            actor: &self.actor,
            action: &self.action,
            subject: &self.subject,
            details: &self.details,
        };
        let mut hasher = Sha256::new();
        hasher.update(self.prev_hash.as_bytes());
        hasher.update(b"\n");
        // Serializing plain data to a Vec cannot fail.
        hasher.update(serde_json::to_vec(&body).unwrap_or_default());
        hex::encode(hasher.finalize())
    }
}

/// The tail checkpoint written beside the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TailCheckpoint {
    pub seq: u64,
    pub hash: String,
}

pub fn tail_path(log_path: &Path) -> PathBuf {
    let mut name = log_path.as_os_str().to_owned();
    name.push(".tail");
    PathBuf::from(name)
}

/// An open audit log for appending. Single writer per incident.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: File,
    level: Level,
    next_seq: u64,
    last_hash: String,
    /// The log's length after lookout's last write: anything else means
    /// someone else wrote, truncated or replaced it while lookout ran.
    len: u64,
}

impl AuditLog {
    /// Opens (creating if needed) the log at `path`, resuming its chain.
    pub fn open(path: &Path, level: Level) -> Result<Self, AuditError> {
        let io = |source| AuditError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let (next_seq, last_hash) = match read_records(path) {
            Ok(records) => match records.last() {
                Some(last) => (last.seq + 1, last.hash.clone()),
                None => (0, GENESIS_HASH.to_string()),
            },
            Err(AuditError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                (0, GENESIS_HASH.to_string())
            }
            Err(other) => return Err(other),
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        Ok(AuditLog {
            path: path.to_path_buf(),
            file,
            level,
            next_seq,
            last_hash,
            len,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn level(&self) -> Level {
        self.level
    }

    /// Appends one record, fsyncs it, then updates the tail checkpoint.
    /// Only after this returns may the caller show what it records.
    pub fn append(&mut self, entry: AuditEntry) -> Result<AuditRecord, AuditError> {
        let mut record = AuditRecord {
            seq: self.next_seq,
            time: now_rfc3339(),
            level: self.level.number(),
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            details: entry.details,
            prev_hash: self.last_hash.clone(),
            hash: String::new(),
        };
        record.hash = record.expected_hash();
        let mut line = serde_json::to_vec(&record).unwrap_or_default();
        line.push(b'\n');
        let io = |source| AuditError::Io {
            path: self.path.clone(),
            source,
        };
        // Another lookout process on the same incident appends under this lock.
        self.file.lock().map_err(io)?;
        let result = self.append_locked(&mut record, &mut line);
        let _ = self.file.unlock();
        result?;
        self.write_tail(&record)?;
        Ok(record)
    }

    fn append_locked(
        &mut self,
        record: &mut AuditRecord,
        line: &mut Vec<u8>,
    ) -> Result<(), AuditError> {
        let path = self.path.clone();
        let io = |source| AuditError::Io { path, source };
        let actual = match std::fs::metadata(&self.path) {
            Ok(meta) => meta.len(),
            Err(err) => return Err(io(err)),
        };
        if actual != self.len {
            self.adopt_appends_by_others(actual)?;
            record.seq = self.next_seq;
            record.prev_hash = self.last_hash.clone();
            record.hash = record.expected_hash();
            *line = serde_json::to_vec(&*record).unwrap_or_default();
            line.push(b'\n');
        }
        // A failed write (disk full) may have written part of the line: cut it
        // off again, so no half record is ever left for a later append to chain onto.
        if let Err(err) = self
            .file
            .write_all(line)
            .and_then(|()| self.file.sync_data())
        {
            let _ = self.file.set_len(self.len);
            return Err(io(err));
        }
        self.len += line.len() as u64;
        self.next_seq += 1;
        self.last_hash = record.hash.clone();
        Ok(())
    }

    /// The log grew under lookout: fine when it grew by whole records that
    /// continue the chain (another lookout process on this incident). Anything
    /// else — shrunk, edited, garbage appended — is refused, and the evidence
    /// stays as it was found, for `audit verify` to name.
    fn adopt_appends_by_others(&mut self, actual: u64) -> Result<(), AuditError> {
        let changed = || AuditError::Changed {
            path: self.path.clone(),
            expected: self.len,
            actual,
        };
        if actual < self.len {
            return Err(changed());
        }
        let mut file = File::open(&self.path).map_err(|source| AuditError::Io {
            path: self.path.clone(),
            source,
        })?;
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(self.len)).map_err(|source| {
            AuditError::Io {
                path: self.path.clone(),
                source,
            }
        })?;
        let mut appended = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut appended).map_err(|source| AuditError::Io {
            path: self.path.clone(),
            source,
        })?;
        if !appended.ends_with(b"\n") {
            return Err(changed());
        }
        let (mut seq, mut hash) = (self.next_seq, self.last_hash.clone());
        for raw in appended.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let record: AuditRecord = serde_json::from_slice(raw).map_err(|_| changed())?;
            if record.seq != seq
                || record.prev_hash != hash
                || record.hash != record.expected_hash()
            {
                return Err(changed());
            }
            seq += 1;
            hash = record.hash;
        }
        self.next_seq = seq;
        self.last_hash = hash;
        self.len = actual;
        Ok(())
    }

    fn write_tail(&self, record: &AuditRecord) -> Result<(), AuditError> {
        let tail = tail_path(&self.path);
        let tmp = tail.with_extension("tail.tmp");
        let checkpoint = TailCheckpoint {
            seq: record.seq,
            hash: record.hash.clone(),
        };
        let io = |source| AuditError::Io {
            path: tail.clone(),
            source,
        };
        let body = serde_json::to_vec(&checkpoint).unwrap_or_default();
        std::fs::write(&tmp, body).map_err(io)?;
        std::fs::rename(&tmp, &tail).map_err(io)?;
        Ok(())
    }
}

/// Reads every record of a log without judging the chain (see `verify`).
pub fn read_records(path: &Path) -> Result<Vec<AuditRecord>, AuditError> {
    let file = File::open(path).map_err(|source| AuditError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut records = Vec::new();
    for (index, line) in BufReader::new(file).split(b'\n').enumerate() {
        let line = line.map_err(|source| AuditError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record = serde_json::from_slice(&line).map_err(|err| AuditError::Malformed {
            path: path.to_path_buf(),
            line: index + 1,
            message: err.to_string(),
        })?;
        records.push(record);
    }
    Ok(records)
}

pub use crate::clock::now_rfc3339;
