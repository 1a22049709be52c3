//! One writer that owns the audit log, for the workbench and the source tasks
//! that audit their own reads (CloudWatch, Prometheus, the changes reader).
//!
//! Why a thread and not a shared lock: with `Arc<Mutex<AuditLog>>` a keypress
//! that appends (a draft, a proposal) waited for the lock while a source task
//! held it through an fsync, and a panicking holder poisoned it for everyone.
//! Here one thread owns the log and the hash chain; everyone else holds a
//! cheap [`AuditWriter`] handle, sends an entry and waits for that entry's
//! acknowledgement — the record as written and fsynced — before showing what
//! it records (safety invariant 5: audited before displayed). Appends are
//! applied in the order they reach the thread, so the chain stays one chain.
//! Nothing here is async-runtime specific: a blocking caller waits on a std
//! channel, an async caller awaits a `futures` oneshot.

use std::sync::mpsc;

use futures::channel::oneshot;

use super::{AuditEntry, AuditError, AuditLog, AuditRecord};

/// Anything that appends audit entries and returns the written record: the
/// log itself (headless commands own it) or a handle to the writer thread
/// (the workbench and its tasks). Flows take `&mut dyn AuditSink` so the CLI
/// and the TUI run the same code.
pub trait AuditSink {
    /// Appends one entry; only after `Ok` may the caller show what it records.
    fn append(&mut self, entry: AuditEntry) -> Result<AuditRecord, AuditError>;
}

impl AuditSink for AuditLog {
    fn append(&mut self, entry: AuditEntry) -> Result<AuditRecord, AuditError> {
        AuditLog::append(self, entry)
    }
}

type AppendResult = Result<AuditRecord, AuditError>;

/// How the writer thread acknowledges one append.
enum Ack {
    Blocking(mpsc::SyncSender<AppendResult>),
    Async(oneshot::Sender<AppendResult>),
}

struct Request {
    entry: AuditEntry,
    ack: Ack,
}

/// A handle to the thread that owns the audit log. Clone it for every task
/// that audits; the thread ends (and the log is closed) when the last handle
/// is dropped.
#[derive(Clone)]
pub struct AuditWriter {
    requests: mpsc::Sender<Request>,
}

impl AuditWriter {
    /// Moves `log` to its own thread and returns the first handle.
    pub fn spawn(log: AuditLog) -> std::io::Result<AuditWriter> {
        let (requests, inbox) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("lookout-audit".into())
            .spawn(move || own_the_log(log, inbox))?;
        Ok(AuditWriter { requests })
    }

    /// Appends and waits for the acknowledgement (for blocking callers: the
    /// event loop's commands, `spawn_blocking` tasks, the CloudWatch reader).
    pub fn append(&self, entry: AuditEntry) -> AppendResult {
        let (ack, answer) = mpsc::sync_channel(1);
        self.send(entry, Ack::Blocking(ack))?;
        answer.recv().map_err(|_| AuditError::WriterStopped)?
    }

    /// Appends and awaits the acknowledgement without blocking the task's
    /// thread (for async source tasks).
    pub async fn append_async(&self, entry: AuditEntry) -> AppendResult {
        let (ack, answer) = oneshot::channel();
        self.send(entry, Ack::Async(ack))?;
        answer.await.map_err(|_| AuditError::WriterStopped)?
    }

    fn send(&self, entry: AuditEntry, ack: Ack) -> Result<(), AuditError> {
        self.requests
            .send(Request { entry, ack })
            .map_err(|_| AuditError::WriterStopped)
    }
}

impl AuditSink for AuditWriter {
    fn append(&mut self, entry: AuditEntry) -> AppendResult {
        AuditWriter::append(self, entry)
    }
}

/// The writer thread: append in arrival order, acknowledge each. A caller
/// that stopped waiting (its task was cancelled) loses only its answer; the
/// record is written either way, as it was asked for.
fn own_the_log(mut log: AuditLog, inbox: mpsc::Receiver<Request>) {
    while let Ok(Request { entry, ack }) = inbox.recv() {
        let result = log.append(entry);
        match ack {
            Ack::Blocking(tx) => {
                let _ = tx.send(result);
            }
            Ack::Async(tx) => {
                let _ = tx.send(result);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::chain::read_records;
    use crate::level::Level;

    fn writer(dir: &std::path::Path) -> (AuditWriter, std::path::PathBuf) {
        let path = dir.join("audit.jsonl");
        let log = AuditLog::open(&path, Level::ReadOnly).expect("open");
        (AuditWriter::spawn(log).expect("spawn"), path)
    }

    /// Polls a future on this thread until it is ready (the core has no
    /// async runtime; the writer wakes the waiter when it acknowledges).
    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        struct Unpark(std::thread::Thread);
        impl std::task::Wake for Unpark {
            fn wake(self: std::sync::Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = std::task::Waker::from(std::sync::Arc::new(Unpark(std::thread::current())));
        let mut context = std::task::Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        for _ in 0..10_000 {
            if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut context) {
                return out;
            }
            std::thread::park_timeout(std::time::Duration::from_millis(10));
        }
        panic!("future not ready after 100 s");
    }

    #[test]
    fn an_acknowledged_append_is_already_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (writer, path) = writer(dir.path());
        let record = writer
            .append(AuditEntry::new("user", "test.one", "x"))
            .expect("append");
        let on_disk = read_records(&path).expect("read");
        assert_eq!(on_disk.len(), 1);
        assert_eq!(on_disk[0].hash, record.hash);
    }

    #[test]
    fn appends_from_many_threads_make_one_verifiable_chain() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (writer, path) = writer(dir.path());
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let writer = writer.clone();
                std::thread::spawn(move || {
                    for i in 0..25 {
                        writer
                            .append(AuditEntry::new("user", "test.many", format!("{t}-{i}")))
                            .expect("append");
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("join");
        }
        let async_record =
            block_on(writer.append_async(AuditEntry::new("user", "test.async", "last")))
                .expect("async append");
        let records = read_records(&path).expect("read");
        assert_eq!(records.len(), 101);
        assert_eq!(records[100].hash, async_record.hash);
        for (seq, pair) in records.windows(2).enumerate() {
            assert_eq!(pair[1].prev_hash, pair[0].hash, "chain broken at {seq}");
        }
        let report = crate::audit::verify::verify(&path).expect("verify");
        assert!(report.ok(), "{report:?}");
    }

    #[test]
    fn a_failed_append_is_reported_to_its_caller_and_the_writer_goes_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (writer, path) = writer(dir.path());
        writer
            .append(AuditEntry::new("user", "test.one", "x"))
            .expect("first");
        // Someone else truncates the log: the writer refuses, and says why.
        std::fs::write(&path, b"").expect("truncate");
        let err = writer
            .append(AuditEntry::new("user", "test.two", "y"))
            .expect_err("must refuse");
        assert!(err.to_string().contains("changed under lookout"), "{err}");
        // The thread is still there for the next caller.
        let again = writer.append(AuditEntry::new("user", "test.three", "z"));
        assert!(
            matches!(again, Err(AuditError::Changed { .. })),
            "{again:?}"
        );
    }
}
