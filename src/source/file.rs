//! Following files: new lines as they are written, across rotation (rename +
//! create: the old file is read to its end first) and truncation (read again
//! from the start). Unreadable, denied or deleted files are reported as a
//! source state and retried — never a crash. Polling keeps it dependency-free
//! and works the same on every filesystem.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::mpsc::Sender;

use super::{now_ms, SourceEvent, SourceInfo, SourceState};
use crate::ingest::SourceIndex;

const POLL_INTERVAL: Duration = Duration::from_millis(150);
/// Bytes read per step, so one huge file cannot monopolise the channel.
const READ_CHUNK_BYTES: usize = 1 << 20;

/// What the user named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InputError {
    #[error("{0}: no such file or directory (and no file matches it as a glob)")]
    NotFound(String),
    #[error("glob {pattern:?} is not valid: {message}")]
    BadGlob { pattern: String, message: String },
    #[error("directory {0} holds no files")]
    EmptyDirectory(String),
    #[error("cannot read directory {path}: {message}")]
    Directory { path: String, message: String },
}

/// FILE | DIR | GLOB | - → inputs, in a stable order.
pub fn expand_inputs(args: &[String]) -> Result<Vec<Input>, InputError> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| InputError::Directory {
                    path: arg.clone(),
                    message: e.to_string(),
                })?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            if files.is_empty() {
                return Err(InputError::EmptyDirectory(arg.clone()));
            }
            files.sort();
            inputs.extend(files.into_iter().map(Input::File));
        } else if path.exists() || !arg.contains(['*', '?', '[']) {
            if !path.exists() {
                return Err(InputError::NotFound(arg.clone()));
            }
            inputs.push(Input::File(path.to_path_buf()));
        } else {
            let matches = glob::glob(arg).map_err(|e| InputError::BadGlob {
                pattern: arg.clone(),
                message: e.to_string(),
            })?;
            let mut files: Vec<PathBuf> = matches
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if files.is_empty() {
                return Err(InputError::NotFound(arg.clone()));
            }
            files.sort();
            inputs.extend(files.into_iter().map(Input::File));
        }
    }
    Ok(inputs)
}

/// The status-bar name of a file source.
pub fn info(path: &Path) -> SourceInfo {
    SourceInfo {
        kind: "file".to_string(),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
    }
}

/// Starts one follower thread per file; sources are numbered from `first_index`.
/// With `follow = false` each reads to its end, reports `Done` and stops.
pub fn spawn_follow(
    paths: Vec<PathBuf>,
    first_index: SourceIndex,
    follow: bool,
    tx: Sender<SourceEvent>,
) -> Vec<SourceInfo> {
    let mut infos = Vec::new();
    for (offset, path) in paths.into_iter().enumerate() {
        infos.push(info(&path));
        let index = first_index + offset as SourceIndex;
        let tx = tx.clone();
        std::thread::spawn(move || Follower::new(path, index, tx).run(follow));
    }
    infos
}

/// One file being followed.
struct Follower {
    path: PathBuf,
    index: SourceIndex,
    tx: Sender<SourceEvent>,
    file: Option<File>,
    inode: u64,
    offset: u64,
    partial: Vec<u8>,
    last_state: Option<SourceState>,
}

impl Follower {
    fn new(path: PathBuf, index: SourceIndex, tx: Sender<SourceEvent>) -> Self {
        Follower {
            path,
            index,
            tx,
            file: None,
            inode: 0,
            offset: 0,
            partial: Vec::new(),
            last_state: None,
        }
    }

    fn run(mut self, follow: bool) {
        loop {
            if self.file.is_none() && !self.open() && !follow {
                return;
            }
            let read_any = match self.read_available() {
                Ok(n) => n > 0,
                Err(err) => {
                    self.report(SourceState::Failed(format!("read error: {err}")));
                    self.file = None;
                    false
                }
            };
            if self.tx.is_closed() {
                return;
            }
            if read_any {
                continue;
            }
            if !follow {
                self.flush_partial();
                self.report(SourceState::Done);
                return;
            }
            self.check_rotation();
            self.report(SourceState::Idle);
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Opens the path; reports why when it cannot.
    fn open(&mut self) -> bool {
        match File::open(&self.path).and_then(|f| f.metadata().map(|m| (f, m))) {
            Ok((file, meta)) => {
                self.file = Some(file);
                self.inode = meta.ino();
                self.offset = 0;
                self.report(SourceState::Live);
                true
            }
            Err(err) => {
                let reason = match err.kind() {
                    std::io::ErrorKind::NotFound => "deleted or not yet created".to_string(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                    _ => err.to_string(),
                };
                self.report(SourceState::Failed(reason));
                std::thread::sleep(POLL_INTERVAL);
                false
            }
        }
    }

    /// Reads what is there now and sends it; returns bytes read.
    fn read_available(&mut self) -> std::io::Result<usize> {
        let Some(file) = self.file.as_mut() else {
            return Ok(0);
        };
        let mut buffer = vec![0u8; READ_CHUNK_BYTES];
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(0);
        }
        self.offset += n as u64;
        self.partial.extend_from_slice(&buffer[..n]);
        let mut lines = Vec::new();
        let mut start = 0;
        while let Some(at) = memchr::memchr(b'\n', &self.partial[start..]) {
            let end = start + at;
            let line = self.partial[start..end]
                .strip_suffix(b"\r")
                .unwrap_or(&self.partial[start..end]);
            lines.push(line.to_vec());
            start = end + 1;
            if lines.len() == crate::ingest::BATCH_LINES {
                self.send(std::mem::take(&mut lines));
            }
        }
        self.partial.drain(..start);
        self.send(lines);
        if self.last_state != Some(SourceState::Live) {
            self.report(SourceState::Live);
        }
        Ok(n)
    }

    /// Rotation: the path now names another file (or none). Truncation: it shrank.
    fn check_rotation(&mut self) {
        match std::fs::metadata(&self.path) {
            Ok(meta) if meta.ino() != self.inode => {
                // Drain what was written to the old file after our last read, then switch.
                while matches!(self.read_available(), Ok(n) if n > 0) {}
                self.flush_partial();
                self.file = None;
                self.open();
            }
            Ok(meta) if meta.len() < self.offset => {
                self.partial.clear();
                if let Some(file) = self.file.as_mut() {
                    if file.seek(SeekFrom::Start(0)).is_ok() {
                        self.offset = 0;
                    }
                }
            }
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                self.report(SourceState::Failed(
                    "deleted; waiting for it to reappear".to_string(),
                ));
                self.flush_partial();
                self.file = None;
            }
            Err(err) => self.report(SourceState::Failed(err.to_string())),
        }
    }

    fn flush_partial(&mut self) {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.send(vec![line]);
        }
    }

    fn send(&self, lines: Vec<Vec<u8>>) {
        if !lines.is_empty() {
            let _ = self.tx.blocking_send(SourceEvent::Lines {
                source: self.index,
                lines,
                arrival_ms: now_ms(),
            });
        }
    }

    /// Sends a state change (only changes, so the status bar is not flooded).
    fn report(&mut self, state: SourceState) {
        if self.last_state.as_ref() != Some(&state) {
            self.last_state = Some(state.clone());
            let _ = self.tx.blocking_send(SourceEvent::State {
                source: self.index,
                state,
            });
        }
    }
}
