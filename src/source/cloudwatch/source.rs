//! The workbench's CloudWatch source: one task per log group runs the shared
//! follow (`cloudwatch_follow.rs`: initial pull over `--since`, then live tail
//! or polling, every read audited) and feeds each event into the engine like
//! a file line, labelled with its log stream. The group's state — connecting,
//! reading, following, retrying, failed with the reason — and its retry
//! counters go to the status bar; a failure is retried, never a crash.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::Sender;

use super::client::{LogEvent, ReadOnlyLogs, RetryState};
use super::follow::{AuditWriter, AuditedReader, Consumer, Follower, Progress};
use crate::ingest::SourceIndex;
use crate::source::{now_ms, SourceEvent, SourceIds, SourceInfo, SourceState, LABEL_KIND};

/// What every CloudWatch source of one workbench shares: the (guarded)
/// connection, the audit log, where reading starts, how to follow.
#[derive(Clone)]
pub struct CloudwatchContext {
    pub logs: ReadOnlyLogs,
    pub audit: AuditWriter,
    /// The initial pull starts here (now minus `--since`), epoch ms.
    pub since_ms: i64,
    /// Follow with StartLiveTail (else polling).
    pub live: bool,
    pub ids: Arc<SourceIds>,
}

/// The status-bar entry of a group.
pub fn info(group: &str) -> SourceInfo {
    SourceInfo {
        kind: "cloudwatch".to_string(),
        name: group.to_string(),
    }
}

/// Streams of one group that get a label of their own; later streams'
/// lines carry the group's name (a Lambda group can have thousands).
const MAX_STREAM_LABELS: usize = 200;
/// Wait after a failure before reading again (the follow resumes where it was).
const RESTART_AFTER: Duration = Duration::from_secs(10);
/// Restarts after failures in one run (~3 h of a group that keeps failing).
const MAX_RESTARTS: u32 = 1_000;
/// How often retry counters are looked at for the status bar.
const WATCH_EVERY: Duration = Duration::from_millis(300);

/// Starts following `group` as source `index`.
pub fn spawn(
    context: &CloudwatchContext,
    group: String,
    index: SourceIndex,
    tx: Sender<SourceEvent>,
) {
    let context = context.clone();
    tokio::spawn(async move {
        let logs = context.logs.with_own_retry_state();
        let retrying = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicBool::new(false));
        tokio::spawn(watch_retries(
            logs.retry_state(),
            index,
            tx.clone(),
            Arc::clone(&retrying),
            Arc::clone(&done),
        ));
        let reader = AuditedReader::new(logs, &group, context.audit.clone(), false);
        let mut follower = Follower::new(reader, None, Some(context.since_ms));
        let mut feed = EngineFeed {
            group_index: index,
            tx: tx.clone(),
            ids: Arc::clone(&context.ids),
            streams: HashMap::new(),
            phase: SourceState::Live,
            last_sent: None,
            retrying,
        };
        for _restart in 0..MAX_RESTARTS {
            feed.report(SourceState::Starting).await;
            feed.phase = SourceState::Live;
            match follower.run(&mut feed, true, context.live).await {
                Ok(()) => break,
                Err(err) => {
                    feed.report(SourceState::Failed(one_line(&err.to_string())))
                        .await;
                    if tx.is_closed() {
                        break;
                    }
                    tokio::time::sleep(RESTART_AFTER).await;
                }
            }
        }
        done.store(true, Ordering::Relaxed);
    });
}

/// Turns read events into engine lines and follow progress into source states.
struct EngineFeed {
    group_index: SourceIndex,
    tx: Sender<SourceEvent>,
    ids: Arc<SourceIds>,
    streams: HashMap<String, SourceIndex>,
    /// Live while the initial pull runs, Idle (following) after it.
    phase: SourceState,
    last_sent: Option<SourceState>,
    /// Set by the retry watcher when it showed "retrying": the next
    /// successful read puts the phase back.
    retrying: Arc<AtomicBool>,
}

impl EngineFeed {
    /// Sends a state when it changed (or a retry notice replaced it).
    async fn report(&mut self, state: SourceState) {
        let stale = self.retrying.swap(false, Ordering::Relaxed);
        if stale || self.last_sent.as_ref() != Some(&state) {
            self.last_sent = Some(state.clone());
            let _ = self
                .tx
                .send(SourceEvent::State {
                    source: self.group_index,
                    state,
                })
                .await;
        }
    }

    /// The source index that labels `stream`'s lines (registered on first use).
    async fn label(&mut self, stream: &str) -> SourceIndex {
        if let Some(index) = self.streams.get(stream) {
            return *index;
        }
        if self.streams.len() >= MAX_STREAM_LABELS || stream.is_empty() {
            return self.group_index;
        }
        let Some(index) = self.ids.next() else {
            return self.group_index;
        };
        let info = SourceInfo {
            kind: LABEL_KIND.to_string(),
            name: stream.to_string(),
        };
        let _ = self
            .tx
            .send(SourceEvent::Added {
                source: index,
                info,
            })
            .await;
        self.streams.insert(stream.to_string(), index);
        index
    }
}

impl Consumer for EngineFeed {
    async fn deliver(&mut self, events: Vec<LogEvent>) -> anyhow::Result<bool> {
        // Consecutive events of one stream and millisecond go as one batch,
        // in order, "arriving" at their CloudWatch time: a line without a
        // timestamp of its own then still sits at its event's time.
        let mut at = 0;
        while at < events.len() {
            let (stream, time_ms) = (events[at].stream.clone(), events[at].timestamp_ms);
            let run = events[at..]
                .iter()
                .take_while(|e| e.stream == stream && e.timestamp_ms == time_ms)
                .count();
            let source = self.label(&stream).await;
            // A message may hold a stack trace: its lines go in as lines, so
            // the engine joins them into one record as it does for files.
            let lines: Vec<Vec<u8>> = events[at..at + run]
                .iter()
                .flat_map(|e| e.message.trim_end_matches('\n').split('\n'))
                .map(|line| line.trim_end_matches('\r').as_bytes().to_vec())
                .collect();
            at += run;
            let batch = SourceEvent::Lines {
                source,
                lines,
                arrival_ms: if time_ms > 0 { time_ms } else { now_ms() },
            };
            if self.tx.send(batch).await.is_err() {
                return Ok(false);
            }
        }
        let phase = self.phase.clone();
        self.report(phase).await;
        Ok(!self.tx.is_closed())
    }

    async fn progress(&mut self, progress: Progress) {
        match progress {
            Progress::CaughtUp | Progress::LiveTail | Progress::Polling { .. } => {
                self.phase = SourceState::Idle;
                self.report(SourceState::Idle).await;
            }
            Progress::Interrupted(err) => {
                self.report(SourceState::Retrying(format!(
                    "live tail interrupted, reopening: {}",
                    one_line(&err)
                )))
                .await;
                self.retrying.store(true, Ordering::Relaxed);
            }
            // The status bar has no room for it; the audit records `sampled`.
            Progress::Sampled => {}
        }
    }

    fn finished(&self) -> bool {
        self.tx.is_closed()
    }

    fn until(&self) -> Option<Instant> {
        None
    }
}

/// Shows retries while a call is still being retried: the follow itself is
/// blocked inside the call then. Ends with the source (or the screen).
async fn watch_retries(
    retry: Arc<RetryState>,
    index: SourceIndex,
    tx: Sender<SourceEvent>,
    retrying: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
) {
    let mut seen = (0, 0);
    let mut tick = tokio::time::interval(WATCH_EVERY);
    while !done.load(Ordering::Relaxed) && !tx.is_closed() {
        tick.tick().await;
        let now = (retry.retried(), retry.throttled());
        if now != seen {
            seen = now;
            let counters = SourceEvent::Retries {
                source: index,
                retried: now.0,
                throttled: now.1,
            };
            if tx.send(counters).await.is_err() {
                return;
            }
        }
        if let Some(notice) = retry.take_notices().pop() {
            retrying.store(true, Ordering::Relaxed);
            let state = SourceEvent::State {
                source: index,
                state: SourceState::Retrying(short_notice(&notice)),
            };
            if tx.send(state).await.is_err() {
                return;
            }
        }
    }
}

/// `cloudwatch: FilterLogEvents on /g throttled, retrying (attempt 2 of 5, in 400 ms)`
/// → `FilterLogEvents throttled, retrying (attempt 2 of 5, in 400 ms)`: the
/// group is already named beside it in the status bar.
fn short_notice(notice: &str) -> String {
    let text = notice.strip_prefix("cloudwatch: ").unwrap_or(notice);
    match text.split_once(" on ") {
        Some((operation, rest)) => match rest.split_once(' ') {
            Some((_target, why)) => format!("{operation} {why}"),
            None => text.to_string(),
        },
        None => text.to_string(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_notices_lose_the_prefix_and_the_group() {
        assert_eq!(
            short_notice("cloudwatch: FilterLogEvents on /prod/api throttled, retrying (attempt 2 of 5, in 400 ms)"),
            "FilterLogEvents throttled, retrying (attempt 2 of 5, in 400 ms)"
        );
        assert_eq!(short_notice("odd"), "odd");
    }
}
