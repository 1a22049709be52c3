//! Reading and following one CloudWatch Logs group, shared by the headless
//! `lookout tail --cloudwatch` (which prints) and the workbench (which feeds
//! the engine): the initial FilterLogEvents pull, then StartLiveTail sessions
//! or polling, de-duplicated, with every remote read audited before its data
//! is handed on. What happens to the events and the progress messages is the
//! [`Consumer`]'s business, so both callers run exactly the same reads.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::client::{Dedup, Filter, LogEvent, ReadOnlyLogs, RetryState};
use super::live_tail::{content_key, LiveTailMessage};
use crate::audit::entry::SourceRead;
use crate::audit::Details;

pub use crate::audit::shared::AuditWriter;

/// The reader plus its audit log: every remote call goes through `record`,
/// which writes the audit entry (and, headless, prints pending retry notices).
pub struct AuditedReader {
    pub logs: ReadOnlyLogs,
    pub group: String,
    audit: AuditWriter,
    retry: Arc<RetryState>,
    retries_seen: u64,
    /// Headless runs print retry notices on stderr; in the workbench stderr
    /// is the screen, so the notices stay queued for the status bar instead.
    notices_to_stderr: bool,
    /// Calls per operation, for the summary's report and the benchmark.
    pub requests: BTreeMap<&'static str, u64>,
}

impl AuditedReader {
    pub fn new(
        logs: ReadOnlyLogs,
        group: &str,
        audit: AuditWriter,
        notices_to_stderr: bool,
    ) -> Self {
        let retry = logs.retry_state();
        AuditedReader {
            logs,
            group: group.to_string(),
            audit,
            retry,
            retries_seen: 0,
            notices_to_stderr,
            requests: BTreeMap::new(),
        }
    }

    /// Audits one completed remote read (before its data is shown).
    pub async fn record(
        &mut self,
        operation: &'static str,
        mut details: serde_json::Value,
    ) -> anyhow::Result<()> {
        *self.requests.entry(operation).or_default() += 1;
        let retried = self.retry.retried();
        self.flush_notices();
        if let Some(map) = details.as_object_mut() {
            map.insert("group".into(), self.group.clone().into());
            map.insert(
                "retries".into(),
                retried.saturating_sub(self.retries_seen).into(),
            );
        }
        self.retries_seen = retried;
        self.audit
            .append_async(
                SourceRead::new(operation, details).entry(format!("cloudwatch:{}", self.group)),
            )
            .await?;
        Ok(())
    }

    /// Prints retry notices (headless only; a failed call is not audited as a read).
    pub fn flush_notices(&self) {
        if self.notices_to_stderr {
            for notice in self.retry.take_notices() {
                eprintln!("{notice}");
            }
        }
    }

    /// Calls retried and calls throttled so far.
    pub fn retry_totals(&self) -> (u64, u64) {
        (self.retry.retried(), self.retry.throttled())
    }
}

/// How a follow is going, for the consumer to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// The initial pull reached the present.
    CaughtUp,
    /// Following via StartLiveTail.
    LiveTail,
    /// Following by polling FilterLogEvents; the reason live tail is not used,
    /// when it was wanted.
    Polling { live_tail_failed: Option<String> },
    /// A live tail stream broke; it is being reopened.
    Interrupted(String),
    /// Live tail is sampling: some events are not delivered.
    Sampled,
}

/// What a follow hands its events and progress to.
pub trait Consumer {
    /// Fresh events, in order (possibly none: a read happened). Ok(false)
    /// when the consumer wants no more.
    fn deliver(
        &mut self,
        events: Vec<LogEvent>,
    ) -> impl Future<Output = anyhow::Result<bool>> + Send;
    fn progress(&mut self, progress: Progress) -> impl Future<Output = ()> + Send;
    /// True once the consumer wants to stop (bounds reached, screen closed).
    fn finished(&self) -> bool;
    /// A deadline for waiting on live tail, if the run has one.
    fn until(&self) -> Option<Instant>;
}

/// How long polling waits between passes, and live tail between sessions.
pub const POLL_EVERY: Duration = Duration::from_secs(2);
const LIVE_TAIL_RESTART_AFTER: Duration = Duration::from_secs(1);
/// Live tail sessions opened in one run (each lasts up to 3 h at AWS).
const MAX_LIVE_TAIL_SESSIONS: u32 = 10_000;
/// Messages read from one live tail session (AWS sends about one a second).
const MAX_MESSAGES_PER_SESSION: u32 = 12_000;

/// One group being read: the reader, what was seen, and where reading stands.
/// Kept across failures, so a follow restarted after an error neither
/// re-reads from the start nor repeats events.
pub struct Follower {
    pub reader: AuditedReader,
    pub filter: Filter,
    pub dedup: Dedup,
    /// Live tail events have no id: then everything is keyed by content.
    by_content: bool,
    /// Live tail has been tried in this follower (and failed: polling took over).
    live_tail_failed: bool,
}

impl Follower {
    pub fn new(reader: AuditedReader, pattern: Option<String>, start_ms: Option<i64>) -> Self {
        let filter = Filter {
            group: reader.group.clone(),
            pattern,
            start_ms,
            end_ms: None,
        };
        Follower {
            reader,
            filter,
            dedup: Dedup::default(),
            by_content: false,
            live_tail_failed: false,
        }
    }

    /// The events not seen before, in order.
    fn fresh(&mut self, events: Vec<LogEvent>) -> Vec<LogEvent> {
        events
            .into_iter()
            .filter(|e| {
                let key = if self.by_content {
                    content_key(e)
                } else {
                    e.event_id.clone()
                };
                self.dedup.insert(&key)
            })
            .collect()
    }

    /// The initial pull; then, with `follow`, live tail (when `live`) or
    /// polling until the consumer is finished.
    pub async fn run<C: Consumer>(
        &mut self,
        consumer: &mut C,
        follow: bool,
        live: bool,
    ) -> anyhow::Result<()> {
        // Ids and content keys never mix in one run: decided once, up front.
        self.by_content = follow && live;
        if !self.pull_all(consumer).await? || !follow {
            return Ok(());
        }
        consumer.progress(Progress::CaughtUp).await;
        if live && !self.live_tail_failed {
            match self.live_tail(consumer).await? {
                LiveOutcome::Done => return Ok(()),
                LiveOutcome::Unavailable(reason) => {
                    self.live_tail_failed = true;
                    consumer
                        .progress(Progress::Polling {
                            live_tail_failed: Some(reason),
                        })
                        .await;
                }
            }
        } else {
            consumer
                .progress(Progress::Polling {
                    live_tail_failed: None,
                })
                .await;
        }
        loop {
            if consumer.finished() {
                return Ok(());
            }
            tokio::time::sleep(POLL_EVERY).await;
            if !self.pull_all(consumer).await? {
                return Ok(());
            }
        }
    }

    /// Pages FilterLogEvents from `filter.start_ms` to now, delivering new
    /// events; moves `filter.start_ms` to the newest event seen (inclusive:
    /// the de-dup drops repeats). False when the consumer is finished.
    async fn pull_all<C: Consumer>(&mut self, consumer: &mut C) -> anyhow::Result<bool> {
        let mut token = None;
        let mut latest_ms = self.filter.start_ms;
        // Paging ends when the token does; the page cap only guards a server
        // that keeps handing out tokens (10M events at 10k a page).
        for _page in 0..1_000 {
            let (events, next) = self.reader.logs.filter_page(&self.filter, token).await?;
            let fresh = self.fresh(events);
            self.reader.record(
                "FilterLogEvents",
                serde_json::json!({"start_ms": self.filter.start_ms, "pattern": self.filter.pattern, "events": fresh.len()}),
            ).await?;
            for event in &fresh {
                latest_ms = Some(latest_ms.unwrap_or(0).max(event.timestamp_ms));
            }
            if !consumer.deliver(fresh).await? {
                return Ok(false);
            }
            token = next;
            if token.is_none() {
                break;
            }
        }
        self.filter.start_ms = latest_ms;
        Ok(true)
    }

    /// Follows with StartLiveTail sessions (reopened when the service ends one).
    /// After the first session opens, one FilterLogEvents pass closes the gap
    /// between the initial pull and the session start.
    async fn live_tail<C: Consumer>(&mut self, consumer: &mut C) -> anyhow::Result<LiveOutcome> {
        let group = self.reader.group.clone();
        let arn = match self.reader.logs.group_arn(&group).await {
            Ok(Some(arn)) => arn,
            Ok(None) => return Ok(LiveOutcome::Unavailable(format!("no log group {group:?}"))),
            Err(err) => return Ok(LiveOutcome::Unavailable(err.to_string())),
        };
        self.reader
            .record("DescribeLogGroups", serde_json::json!({"arn": arn}))
            .await?;
        let mut announced = false;
        for session in 0..MAX_LIVE_TAIL_SESSIONS {
            let mut tail = match self
                .reader
                .logs
                .start_live_tail(&group, &arn, self.filter.pattern.as_deref())
                .await
            {
                Ok(tail) => tail,
                Err(err) if session == 0 => return Ok(LiveOutcome::Unavailable(err.to_string())),
                Err(err) => return Err(err.into()),
            };
            for _message in 0..MAX_MESSAGES_PER_SESSION {
                let next = match consumer.until() {
                    Some(until) => {
                        let left = until.saturating_duration_since(Instant::now());
                        match tokio::time::timeout(left, tail.next()).await {
                            Ok(next) => next,
                            Err(_elapsed) => return Ok(LiveOutcome::Done),
                        }
                    }
                    None => tail.next().await,
                };
                let message = match next {
                    Ok(Some(message)) => message,
                    Ok(None) => break,
                    // A broken stream: reopen (the de-dup covers any overlap).
                    Err(err) => {
                        consumer
                            .progress(Progress::Interrupted(err.to_string()))
                            .await;
                        break;
                    }
                };
                match message {
                    LiveTailMessage::Started { session_id } => {
                        self.reader.record(
                            "StartLiveTail",
                            serde_json::json!({"session": session_id, "pattern": self.filter.pattern}),
                        ).await?;
                        if !announced {
                            consumer.progress(Progress::LiveTail).await;
                            announced = true;
                            if !self.pull_all(consumer).await? {
                                return Ok(LiveOutcome::Done);
                            }
                        }
                    }
                    LiveTailMessage::Update { events, sampled } => {
                        let fresh = self.fresh(events);
                        self.reader.record(
                            "StartLiveTail",
                            serde_json::json!({"update": true, "events": fresh.len(), "sampled": sampled}),
                        ).await?;
                        if sampled {
                            consumer.progress(Progress::Sampled).await;
                        }
                        if !consumer.deliver(fresh).await? {
                            return Ok(LiveOutcome::Done);
                        }
                    }
                }
                if consumer.finished() {
                    return Ok(LiveOutcome::Done);
                }
            }
            if consumer.finished() {
                return Ok(LiveOutcome::Done);
            }
            tokio::time::sleep(LIVE_TAIL_RESTART_AFTER).await;
        }
        Ok(LiveOutcome::Done)
    }
}

enum LiveOutcome {
    /// The consumer is finished (or the session budget is spent).
    Done,
    /// Live tail could not start: the reason (polling takes over).
    Unavailable(String),
}
