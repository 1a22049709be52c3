//! Mining whole files (`lookout templates`): a reader thread streams each file
//! in chunks and decodes, parses and redacts its lines while the calling
//! thread mines them, so the two halves of the work overlap on two cores.
//! When the reader has nothing ready, the miner prepares the next chunk
//! itself rather than wait (chunks are numbered and mined in input order).
//! Mining is sequential, but most of its cost — hashing a line's masked
//! shape — is not; when the miner falls behind, the reader hashes a growing
//! share of each batch's lines for it (and a shrinking one when the reader is
//! the slower side), so the two threads stay balanced on any machine.
//! Memory stays bounded by a few chunks in flight, whatever the file size.
//!
//! Each line is one message (Loghub style: no multi-line folding); invalid
//! UTF-8 is kept lossy and over-long lines are truncated with a marker, as
//! everywhere else.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, TryRecvError, TrySendError};
use std::sync::Mutex;

use super::MinerRules;
use crate::ingest::lines::{decode_line_borrowed, ReadError};
use crate::ingest::parse::{parse_message, LineFormat};
use crate::ingest::{EngineConfig, Miner, RedactionCounts, Redactor, TemplateId};

/// Bytes read per chunk: large enough to amortise the hand-over between
/// threads, small enough that a few in flight stay a few MB.
const CHUNK_BYTES: usize = 1 << 20;
/// Batches the reader may run ahead of the miner.
const BATCHES_IN_FLIGHT: usize = 4;

/// The result of mining a set of files.
#[derive(Debug)]
pub struct FileMining {
    pub miner: Miner,
    pub redactions: RedactionCounts,
    /// Lines mined, over all files.
    pub lines: u64,
    /// Template id per line, in input order (only when asked for).
    pub assigned: Option<Vec<TemplateId>>,
}

/// Redacted message texts of one chunk, each followed by `\n`, with their times.
#[derive(Default)]
struct Batch {
    text: String,
    ends: Vec<usize>,
    times: Vec<i64>,
    /// Shapes (`Miner::shape_of`) of the first `shapes.len()` messages.
    shapes: Vec<u64>,
    redactions: RedactionCounts,
}

impl Batch {
    fn message(&self, index: usize) -> &str {
        let start = index
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] + 1);
        &self.text[start..self.ends[index]]
    }
}

/// The share of each batch's lines the reader shapes for the miner, in
/// thousandths, moved by what the hand-over shows: a full channel means the
/// miner is behind (shape more), room means the reader is (shape less).
#[derive(Default)]
struct Balance {
    per_mille: usize,
}

impl Balance {
    const STEP: usize = 25;

    fn shape(&self, batch: &mut Batch) {
        let count = batch.ends.len() * self.per_mille / 1000;
        batch.shapes = (0..count)
            .map(|index| Miner::shape_of(batch.message(index)))
            .collect();
    }

    fn miner_behind(&mut self) {
        self.per_mille = (self.per_mille + Self::STEP).min(1000);
    }

    fn reader_behind(&mut self) {
        self.per_mille = self.per_mille.saturating_sub(Self::STEP);
    }
}

/// Mines every line of `files` (`-` is stdin) in order. `keep_assignments`
/// keeps the template id of every line (for `--assignments`).
pub fn mine_files(
    files: &[PathBuf],
    format: Option<&LineFormat>,
    keep_assignments: bool,
) -> Result<FileMining, ReadError> {
    mine_files_with_rules(files, format, keep_assignments, MinerRules::default())
}

/// `mine_files` deciding variables by `rules` (the benches' rule search).
pub fn mine_files_with_rules(
    files: &[PathBuf],
    format: Option<&LineFormat>,
    keep_assignments: bool,
    rules: MinerRules,
) -> Result<FileMining, ReadError> {
    let source = Mutex::new(Source::new(files));
    let (sender, receiver) = sync_channel::<(u64, Prepared)>(BATCHES_IN_FLIGHT);
    std::thread::scope(|scope| {
        let source = &source;
        scope.spawn(move || {
            let redactor = Redactor::new();
            let mut balance = Balance::default();
            while let Some((seq, chunk)) = next_chunk(source) {
                let batch = chunk.map(|chunk| {
                    let mut batch = prepare(&chunk, format, &redactor);
                    balance.shape(&mut batch);
                    batch
                });
                match sender.try_send((seq, batch)) {
                    Ok(()) => balance.reader_behind(),
                    Err(TrySendError::Full(item)) => {
                        balance.miner_behind();
                        if sender.send(item).is_err() {
                            return;
                        }
                    }
                    // The miner stopped listening: nothing left to do.
                    Err(TrySendError::Disconnected(_)) => return,
                }
            }
        });
        mine_batches(&receiver, source, format, keep_assignments, rules)
    })
}

/// A prepared batch, or why its chunk could not be read.
type Prepared = Result<Batch, ReadError>;

/// Batches the miner may hold out of order (its own, prepared while it
/// waited for the reader).
const MAX_PENDING: usize = 4;

/// Mines batches in input order. When the reader has nothing ready, the
/// miner prepares the next chunk itself instead of waiting.
fn mine_batches(
    receiver: &Receiver<(u64, Prepared)>,
    source: &Mutex<Source>,
    format: Option<&LineFormat>,
    keep_assignments: bool,
    rules: MinerRules,
) -> Result<FileMining, ReadError> {
    let mut mining = FileMining {
        miner: Miner::with_rules(rules),
        redactions: RedactionCounts::default(),
        lines: 0,
        assigned: keep_assignments.then(Vec::new),
    };
    let redactor = Redactor::new();
    let mut pending: BTreeMap<u64, Prepared> = BTreeMap::new();
    let mut expected = 0u64;
    loop {
        if let Some(batch) = pending.remove(&expected) {
            mine_batch(&mut mining, batch?);
            expected += 1;
            continue;
        }
        let received = match receiver.try_recv() {
            Ok(item) => Some(item),
            Err(TryRecvError::Empty) if pending.len() < MAX_PENDING => {
                match next_chunk(source) {
                    Some((seq, chunk)) => {
                        pending.insert(seq, chunk.map(|c| prepare(&c, format, &redactor)));
                        continue;
                    }
                    // All read: what is missing is on its way from the reader.
                    None => receiver.recv().ok(),
                }
            }
            Err(TryRecvError::Empty) => receiver.recv().ok(),
            Err(TryRecvError::Disconnected) => None,
        };
        match received {
            Some((seq, batch)) => {
                pending.insert(seq, batch);
            }
            // The reader is gone; whatever is left to read, read it here.
            None => match next_chunk(source) {
                Some((seq, chunk)) => {
                    pending.insert(seq, chunk.map(|c| prepare(&c, format, &redactor)));
                }
                None if pending.is_empty() => return Ok(mining),
                // Chunks are numbered without gaps, so the next one is here.
                None => {
                    let batch = pending.pop_first().map(|(_, batch)| batch);
                    if let Some(batch) = batch {
                        mine_batch(&mut mining, batch?);
                        expected += 1;
                    }
                }
            },
        }
    }
}

fn mine_batch(mining: &mut FileMining, batch: Batch) {
    for (index, &time_ms) in batch.times.iter().enumerate() {
        let message = batch.message(index);
        let shape = match batch.shapes.get(index) {
            Some(&shape) => shape,
            None => Miner::shape_of(message),
        };
        let id = mining.miner.add_shaped(message, shape, time_ms);
        if let Some(assigned) = &mut mining.assigned {
            assigned.push(id);
        }
    }
    mining.lines += batch.ends.len() as u64;
    mining.redactions.merge(&batch.redactions);
}

/// Whole lines of one file, as read, numbered in input order.
struct Chunk {
    bytes: Vec<u8>,
    /// Index of the chunk's first line within its file (the time of lines without one).
    first_line: i64,
}

/// The files, read a chunk of whole lines at a time by whichever thread asks.
struct Source<'f> {
    files: std::slice::Iter<'f, PathBuf>,
    current: Option<(&'f Path, Box<dyn Read + Send>)>,
    /// Bytes read past the last whole line.
    buffer: Vec<u8>,
    line_index: i64,
    next_seq: u64,
    done: bool,
}

fn next_chunk(source: &Mutex<Source>) -> Option<(u64, Result<Chunk, ReadError>)> {
    // A thread that panicked holding the lock left the source as it was.
    source
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .next()
}

impl<'f> Source<'f> {
    fn new(files: &'f [PathBuf]) -> Source<'f> {
        Source {
            files: files.iter(),
            current: None,
            buffer: Vec::with_capacity(CHUNK_BYTES),
            line_index: 0,
            next_seq: 0,
            done: false,
        }
    }

    /// The next chunk (or the error that ends the reading), numbered; `None`
    /// once every file is read.
    fn next(&mut self) -> Option<(u64, Result<Chunk, ReadError>)> {
        let chunk = self.read_chunk()?;
        if chunk.is_err() {
            self.done = true;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        Some((seq, chunk))
    }

    fn read_chunk(&mut self) -> Option<Result<Chunk, ReadError>> {
        loop {
            if self.done {
                return None;
            }
            let Some((path, input)) = &mut self.current else {
                let Some(path) = self.files.next() else {
                    self.done = true;
                    return None;
                };
                match open(path) {
                    Ok(input) => self.current = Some((path, input)),
                    Err(error) => return Some(Err(error)),
                }
                self.line_index = 0;
                continue;
            };
            // `read_to_end` on a `take` fills spare capacity without zeroing it
            // first, and reads until the chunk is full or the input ends.
            let read = match input
                .by_ref()
                .take(CHUNK_BYTES as u64)
                .read_to_end(&mut self.buffer)
            {
                Ok(n) => n,
                Err(source) => {
                    let path = path.to_path_buf();
                    return Some(Err(ReadError { path, source }));
                }
            };
            let at_end = read < CHUNK_BYTES;
            // Whole lines only; the tail waits for the next read (or the end).
            let complete = if at_end {
                self.current = None;
                self.buffer.len()
            } else {
                match memchr::memrchr(b'\n', &self.buffer) {
                    Some(newline) => newline + 1,
                    None => continue,
                }
            };
            if complete == 0 {
                continue;
            }
            // The tail starts a buffer with room for a whole chunk: one
            // grown from the tail's size would be copied a dozen times.
            let mut rest = Vec::with_capacity(CHUNK_BYTES + self.buffer.len() - complete);
            rest.extend_from_slice(&self.buffer[complete..]);
            self.buffer.truncate(complete);
            let bytes = std::mem::replace(&mut self.buffer, rest);
            let first_line = self.line_index;
            let lines =
                memchr::memchr_iter(b'\n', &bytes).count() + usize::from(!bytes.ends_with(b"\n"));
            self.line_index += lines as i64;
            return Some(Ok(Chunk { bytes, first_line }));
        }
    }
}

fn open(path: &Path) -> Result<Box<dyn Read + Send>, ReadError> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    match std::fs::File::open(path) {
        Ok(file) => Ok(Box::new(file)),
        Err(source) => Err(ReadError {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Decodes, parses and redacts the lines of a chunk (whole lines; a last
/// line without `\n` counts).
fn prepare(chunk: &Chunk, format: Option<&LineFormat>, redactor: &Redactor) -> Batch {
    let bytes = chunk.bytes.as_slice();
    let max_line_bytes = EngineConfig::default().max_line_bytes;
    let mut batch = Batch {
        text: String::with_capacity(bytes.len()),
        ..Batch::default()
    };
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    // Checked once for the whole chunk (the usual case: valid UTF-8), rather
    // than line by line; a chunk with a bad byte is decoded line by line.
    let valid = std::str::from_utf8(bytes).ok();
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    let mut start = 0;
    for (line_index, end) in (chunk.first_line..).zip(ends) {
        let line_start = start;
        start = end + 1;
        let end = if bytes[line_start..end].ends_with(b"\r") {
            end - 1
        } else {
            end
        };
        // Line ends are ASCII, so these are character boundaries.
        let text = match valid {
            Some(valid) if end - line_start <= max_line_bytes => {
                Cow::Borrowed(&valid[line_start..end])
            }
            _ => decode_line_borrowed(&bytes[line_start..end], max_line_bytes).0,
        };
        let parsed = format
            .and_then(|f| f.parse(&text))
            .unwrap_or_else(|| parse_message(&text));
        batch.text.push_str(&parsed.content);
        batch.ends.push(batch.text.len());
        // A separator, so no anchor of the screen below spans two messages.
        batch.text.push('\n');
        batch.times.push(parsed.time_ms.unwrap_or(line_index));
    }
    redact_batch(&mut batch, redactor);
    batch
}

/// Redacts the messages of a batch: one anchor screen over the whole batch
/// (a search's fixed cost, paid per line, was most of what a clean line cost),
/// then `redact` on the few messages the screen flags.
fn redact_batch(batch: &mut Batch, redactor: &Redactor) {
    let flagged = redactor.flag_joined(&batch.text, &batch.ends, &mut Vec::new());
    if flagged.is_empty() {
        return;
    }
    // Most flagged lines hold a look-alike, not a secret: the batch is only
    // rebuilt when some line really changed.
    let mut changed: Vec<(usize, String)> = Vec::new();
    let mut counts = RedactionCounts::default();
    for &line in &flagged {
        if let Cow::Owned(redacted) = redactor.redact(batch.message(line), &mut counts) {
            changed.push((line, redacted));
        }
    }
    batch.redactions.merge(&counts);
    if changed.is_empty() {
        return;
    }
    let mut text = String::with_capacity(batch.text.len());
    let mut ends = Vec::with_capacity(batch.ends.len());
    let mut changed = changed.into_iter().peekable();
    for line in 0..batch.ends.len() {
        match changed.next_if(|(at, _)| *at == line) {
            Some((_, redacted)) => text.push_str(&redacted),
            None => text.push_str(batch.message(line)),
        }
        ends.push(text.len());
        text.push('\n');
    }
    batch.text = text;
    batch.ends = ends;
}

#[cfg(test)]
mod tests;
