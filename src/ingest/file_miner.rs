//! Mining whole files (`lookout templates`): a reader thread streams each file
//! in chunks and decodes, parses and redacts its lines while the calling
//! thread mines them, so the two halves of the work overlap on two cores.
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
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, TrySendError};

use super::lines::{decode_line_borrowed, ReadError};
use super::parse::{parse_line, LineFormat};
use super::{EngineConfig, Miner, RedactionCounts, Redactor, TemplateId};

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
    let (sender, receiver) = sync_channel::<Result<Batch, ReadError>>(BATCHES_IN_FLIGHT);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let redactor = Redactor::new();
            let mut balance = Balance::default();
            for file in files {
                let sent = read_file(file, format, &redactor, &mut |mut batch| {
                    balance.shape(&mut batch);
                    match sender.try_send(Ok(batch)) {
                        Ok(()) => {
                            balance.reader_behind();
                            true
                        }
                        Err(TrySendError::Full(batch)) => {
                            balance.miner_behind();
                            sender.send(batch).is_ok()
                        }
                        Err(TrySendError::Disconnected(_)) => false,
                    }
                });
                match sent {
                    Ok(true) => {}
                    // The miner stopped listening: nothing left to do.
                    Ok(false) => return,
                    Err(error) => {
                        let _ = sender.send(Err(error));
                        return;
                    }
                }
            }
        });
        mine_batches(receiver, keep_assignments)
    })
}

fn mine_batches(
    receiver: Receiver<Result<Batch, ReadError>>,
    keep_assignments: bool,
) -> Result<FileMining, ReadError> {
    let mut mining = FileMining {
        miner: Miner::new(),
        redactions: RedactionCounts::default(),
        lines: 0,
        assigned: keep_assignments.then(Vec::new),
    };
    for batch in receiver {
        let batch = batch?;
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
    Ok(mining)
}

/// Streams one file through `send` a chunk at a time; `Ok(false)` when `send`
/// refused a batch.
fn read_file(
    path: &Path,
    format: Option<&LineFormat>,
    redactor: &Redactor,
    send: &mut dyn FnMut(Batch) -> bool,
) -> Result<bool, ReadError> {
    let error = |source| ReadError {
        path: path.to_path_buf(),
        source,
    };
    let mut input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(error)?)
    };
    let max_line_bytes = EngineConfig::default().max_line_bytes;
    let mut buffer: Vec<u8> = Vec::with_capacity(CHUNK_BYTES);
    let mut line_index = 0i64;
    loop {
        let filled = buffer.len();
        buffer.resize(filled + CHUNK_BYTES, 0);
        let read = loop {
            match input.read(&mut buffer[filled..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(error(e)),
            }
        };
        buffer.truncate(filled + read);
        let at_end = read == 0;
        // Whole lines only; the tail waits for the next read (or the end).
        let complete = if at_end {
            buffer.len()
        } else {
            match buffer.iter().rposition(|&b| b == b'\n') {
                Some(newline) => newline + 1,
                None => continue,
            }
        };
        if complete > 0 {
            let batch = prepare(
                &buffer[..complete],
                format,
                redactor,
                max_line_bytes,
                &mut line_index,
            );
            if !send(batch) {
                return Ok(false);
            }
        }
        buffer.drain(..complete);
        if at_end {
            return Ok(true);
        }
    }
}

/// Decodes, parses and redacts the lines of `bytes` (whole lines; a last line
/// without `\n` counts).
fn prepare(
    bytes: &[u8],
    format: Option<&LineFormat>,
    redactor: &Redactor,
    max_line_bytes: usize,
    line_index: &mut i64,
) -> Batch {
    let mut batch = Batch {
        text: String::with_capacity(bytes.len()),
        ..Batch::default()
    };
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    let mut start = 0;
    for end in ends {
        let line = &bytes[start..end];
        start = end + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let (text, _, _) = decode_line_borrowed(line, max_line_bytes);
        let parsed = format
            .and_then(|f| f.parse(&text))
            .unwrap_or_else(|| parse_line(&text));
        batch.text.push_str(&parsed.content);
        batch.ends.push(batch.text.len());
        // A separator, so no anchor of the screen below spans two messages.
        batch.text.push('\n');
        batch.times.push(parsed.time_ms.unwrap_or(*line_index));
        *line_index += 1;
    }
    redact_batch(&mut batch, redactor);
    batch
}

/// Redacts the messages of a batch: one anchor screen over the whole batch
/// (a search's fixed cost, paid per line, was most of what a clean line cost),
/// then `redact` on the few messages the screen flags.
fn redact_batch(batch: &mut Batch, redactor: &Redactor) {
    let mut positions = Vec::new();
    redactor.anchor_positions(&batch.text, &mut positions);
    if positions.is_empty() {
        return;
    }
    let mut flagged: Vec<usize> = positions
        .iter()
        .map(|&at| batch.ends.partition_point(|&end| end < at))
        .collect();
    flagged.sort_unstable();
    flagged.dedup();
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
mod tests {
    use super::*;

    fn mine_text(text: &[u8]) -> FileMining {
        let dir = std::env::temp_dir().join(format!("lookout-file-miner-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        let path = dir.join(format!("{}.log", text.len()));
        std::fs::write(&path, text).ok();
        let mining = mine_files(std::slice::from_ref(&path), None, true);
        std::fs::remove_file(&path).ok();
        mining.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_line_is_mined_once_across_chunk_boundaries() {
        // Long enough to span several chunks, with CRLF, invalid UTF-8 and no final newline.
        let mut text = Vec::new();
        let lines = 3 * CHUNK_BYTES / 40;
        for i in 0..lines {
            text.extend_from_slice(format!("job {i} finished in {} ms\r\n", i % 97).as_bytes());
        }
        text.extend_from_slice(b"bad \xff byte\n\nlast line without newline");
        let mining = mine_text(&text);
        assert_eq!(mining.lines, lines as u64 + 3);
        assert_eq!(mining.assigned.as_ref().map(Vec::len), Some(lines + 3));
        let finished = mining
            .miner
            .templates()
            .find(|t| t.text == "job <*> finished in <*>")
            .map(|t| t.count);
        assert_eq!(finished, Some(lines as u64));
    }

    #[test]
    fn secrets_are_redacted_before_mining() {
        let mining = mine_text(b"login password=hunter2hunter2 ok\n");
        assert_eq!(mining.redactions.total(), 1);
        assert!(mining
            .miner
            .templates()
            .all(|t| !t.text.contains("hunter2")
                && t.exemplars.iter().all(|e| !e.contains("hunter2"))));
    }

    #[test]
    fn the_batch_screen_redacts_exactly_what_redacting_each_line_does() {
        let lines = [
            "login ok for alice",
            "db password=Hunter2Hunter2 retry",
            "token: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB end",
            "ends with pass",
            "word=notakey but shpwd=Zq81mPr7vT3kQ here",
            "sid AC0123456789abcdef0123456789abcdef ok",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
            "",
            "nothing here",
            "AKIAIOSFODNN7EXAMPLE",
        ];
        let mut bytes = lines.join("\n").into_bytes();
        // Repeat past the stack-buffer size so both scan paths run.
        bytes = [bytes.clone(), b"\n".to_vec(), bytes].concat();
        let redactor = Redactor::new();
        let mut index = 0;
        let batch = prepare(&bytes, None, &redactor, 1 << 16, &mut index);
        let mut expected_counts = RedactionCounts::default();
        let mut start = 0;
        for (line, &end) in lines.iter().chain(lines.iter()).zip(&batch.ends) {
            let parsed = parse_line(line);
            let expected = redactor.redact(&parsed.content, &mut expected_counts);
            assert_eq!(&batch.text[start..end], expected, "{line}");
            start = end + 1;
        }
        assert_eq!(batch.ends.len(), 2 * lines.len());
        assert_eq!(batch.redactions, expected_counts);
        assert!(expected_counts.total() >= 12, "{expected_counts:?}");
    }

    #[test]
    fn shapes_from_the_reader_are_the_ones_the_miner_would_compute() {
        let text = b"job 1 done in 5 ms\nuser alice logged in\njob 2 done in 7 ms\n";
        let redactor = Redactor::new();
        for per_mille in [0, 500, 1000] {
            let mut batch = prepare(text, None, &redactor, 1 << 16, &mut 0);
            Balance { per_mille }.shape(&mut batch);
            assert_eq!(batch.shapes.len(), 3 * per_mille / 1000);
            for (index, &shape) in batch.shapes.iter().enumerate() {
                assert_eq!(shape, Miner::shape_of(batch.message(index)));
            }
        }
        let mut balance = Balance::default();
        balance.reader_behind();
        assert_eq!(balance.per_mille, 0);
        (0..100).for_each(|_| balance.miner_behind());
        assert_eq!(balance.per_mille, 1000);
    }

    #[test]
    fn an_unreadable_file_is_an_error_naming_it() {
        let missing = PathBuf::from("/nonexistent/lookout/file.log");
        let error = mine_files(&[missing], None, false)
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.contains("/nonexistent/lookout/file.log")));
    }
}
