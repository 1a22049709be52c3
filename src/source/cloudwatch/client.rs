//! CloudWatch Logs, read-only. `ReadOnlyLogs` is the only place lookout touches
//! the SDK client, and it exposes only read operations (DescribeLogGroups,
//! FilterLogEvents, StartQuery, GetQueryResults, StopQuery, StartLiveTail; the
//! SDK's write calls are unreachable from the rest of the code). Follow mode
//! polls FilterLogEvents with de-duplication by event id (or uses live tail,
//! see `live_tail.rs`); throttling, timeouts and broken connections are retried
//! here with backoff — the SDK's own retries are off so every retry is counted
//! in [`RetryState`], which the status bar and headless stderr read.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_cloudwatchlogs::types::QueryStatus;
use aws_sdk_cloudwatchlogs::Client;

use super::insights::{ResultField, ResultRow};

/// Where and as whom to read.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// One log event as lookout keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEvent {
    pub event_id: String,
    pub timestamp_ms: i64,
    pub stream: String,
    pub message: String,
}

/// What a FilterLogEvents read asks for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub group: String,
    pub pattern: Option<String>,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum CloudwatchError {
    #[error("CloudWatch Logs {operation} on {target}: {message}")]
    Call {
        operation: &'static str,
        target: String,
        message: String,
        retryable: bool,
    },
}

/// Read operations only.
#[derive(Debug, Clone)]
pub struct ReadOnlyLogs {
    pub(super) client: Client,
    retry: Arc<RetryState>,
}

const MAX_RETRIES: u32 = 5;
/// Most retry notices kept for a reader that is not draining them.
const MAX_NOTICES: usize = 64;

/// Throttling and retry counters shared by every clone of a [`ReadOnlyLogs`]:
/// the TUI status bar shows them, the headless path prints the notices.
#[derive(Debug, Default)]
pub struct RetryState {
    throttled: AtomicU64,
    retried: AtomicU64,
    notices: Mutex<VecDeque<String>>,
}

impl RetryState {
    /// Calls answered with a throttling error so far.
    pub fn throttled(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }

    /// Calls retried so far (throttling, timeouts, broken connections, 5xx).
    pub fn retried(&self) -> u64 {
        self.retried.load(Ordering::Relaxed)
    }

    /// The retry notices since the last call, oldest first.
    pub fn take_notices(&self) -> Vec<String> {
        match self.notices.lock() {
            Ok(mut notices) => notices.drain(..).collect(),
            Err(_) => Vec::new(),
        }
    }

    fn record(&self, notice: String, throttled: bool) {
        self.retried.fetch_add(1, Ordering::Relaxed);
        if throttled {
            self.throttled.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut notices) = self.notices.lock() {
            if notices.len() == MAX_NOTICES {
                notices.pop_front();
            }
            notices.push_back(notice);
        }
    }
}

/// Where a Logs Insights query stands (GetQueryResults `status`).
#[derive(Debug, Clone, PartialEq)]
pub enum QueryState {
    Scheduled,
    Running,
    Complete,
    Failed,
    Cancelled,
    Timeout,
    Other(String),
}

impl QueryState {
    /// True once polling can stop (whatever the outcome).
    pub fn is_final(&self) -> bool {
        !matches!(self, QueryState::Scheduled | QueryState::Running)
    }

    pub fn as_str(&self) -> &str {
        match self {
            QueryState::Scheduled => "Scheduled",
            QueryState::Running => "Running",
            QueryState::Complete => "Complete",
            QueryState::Failed => "Failed",
            QueryState::Cancelled => "Cancelled",
            QueryState::Timeout => "Timeout",
            QueryState::Other(other) => other,
        }
    }
}

/// One GetQueryResults answer.
#[derive(Debug, Clone)]
pub struct QueryResults {
    pub state: QueryState,
    pub rows: Vec<ResultRow>,
    pub records_matched: Option<f64>,
    pub bytes_scanned: Option<f64>,
}

impl ReadOnlyLogs {
    pub async fn connect(connection: &Connection) -> ReadOnlyLogs {
        // The one loader, so the guard checked exactly these credentials.
        let config = crate::source::aws::sdk_config(connection).await;
        let mut builder = aws_sdk_cloudwatchlogs::config::Builder::from(&config)
            // lookout retries itself (with_retries) so that every retry is counted.
            .retry_config(aws_sdk_cloudwatchlogs::config::retry::RetryConfig::disabled())
            .timeout_config(
                aws_sdk_cloudwatchlogs::config::timeout::TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(30))
                    .build(),
            );
        if connection.endpoint_url.is_some() {
            // A local emulator cannot resolve StartLiveTail's `stream-` host.
            builder = builder.interceptor(super::live_tail::StripHostPrefix);
        }
        ReadOnlyLogs {
            client: Client::from_conf(builder.build()),
            retry: Arc::default(),
        }
    }

    /// The same client with counters of its own: each workbench source shows
    /// its own retries, not every group's.
    pub fn with_own_retry_state(&self) -> ReadOnlyLogs {
        ReadOnlyLogs {
            client: self.client.clone(),
            retry: Arc::default(),
        }
    }

    /// The shared throttling/retry counters of this reader.
    pub fn retry_state(&self) -> Arc<RetryState> {
        Arc::clone(&self.retry)
    }

    /// DescribeLogGroups: the ARN of exactly `group` (without the `:*` suffix
    /// some answers carry), or None when no such group exists.
    pub async fn group_arn(&self, group: &str) -> Result<Option<String>, CloudwatchError> {
        let mut token = None;
        for _page in 0..MAX_DESCRIBE_PAGES {
            let page = with_retries(&self.retry, "DescribeLogGroups", group, || {
                self.client
                    .describe_log_groups()
                    .log_group_name_prefix(group)
                    .set_next_token(token.clone())
                    .send()
            })
            .await?;
            if let Some(found) = page
                .log_groups()
                .iter()
                .find(|g| g.log_group_name() == Some(group))
            {
                let arn = found
                    .log_group_arn()
                    .or(found.arn())
                    .map(|arn| arn.trim_end_matches(":*").to_string());
                return Ok(arn);
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        Ok(None)
    }

    /// StartQuery over one group and time range (ms; Insights takes seconds).
    pub async fn start_query(
        &self,
        group: &str,
        query: &str,
        start_ms: i64,
        end_ms: i64,
    ) -> Result<String, CloudwatchError> {
        let answer = with_retries(&self.retry, "StartQuery", group, || {
            self.client
                .start_query()
                .log_group_name(group)
                .query_string(query)
                .start_time(start_ms.div_euclid(1000))
                .end_time((end_ms + 999).div_euclid(1000))
                .send()
        })
        .await?;
        answer
            .query_id()
            .map(str::to_string)
            .ok_or_else(|| CloudwatchError::Call {
                operation: "StartQuery",
                target: group.to_string(),
                message: "the answer carried no queryId".into(),
                retryable: false,
            })
    }

    /// One GetQueryResults call (the caller polls, bounded).
    pub async fn get_query_results(&self, query_id: &str) -> Result<QueryResults, CloudwatchError> {
        let answer = with_retries(&self.retry, "GetQueryResults", query_id, || {
            self.client.get_query_results().query_id(query_id).send()
        })
        .await?;
        let state = match answer.status() {
            Some(QueryStatus::Scheduled) => QueryState::Scheduled,
            Some(QueryStatus::Running) => QueryState::Running,
            Some(QueryStatus::Complete) => QueryState::Complete,
            Some(QueryStatus::Failed) => QueryState::Failed,
            Some(QueryStatus::Cancelled) => QueryState::Cancelled,
            Some(QueryStatus::Timeout) => QueryState::Timeout,
            Some(other) => QueryState::Other(other.as_str().to_string()),
            None => QueryState::Other("(none)".into()),
        };
        let rows = answer
            .results()
            .iter()
            .map(|row| {
                row.iter()
                    .map(|f| ResultField {
                        field: f.field().unwrap_or_default().to_string(),
                        value: f.value().map(str::to_string),
                    })
                    .collect()
            })
            .collect();
        Ok(QueryResults {
            state,
            rows,
            records_matched: answer.statistics().map(|s| s.records_matched()),
            bytes_scanned: answer.statistics().map(|s| s.bytes_scanned()),
        })
    }

    /// StopQuery, for a query lookout gave up waiting for. Best effort: the
    /// query stops by itself after its timeout anyway.
    pub async fn stop_query(&self, query_id: &str) -> Result<bool, CloudwatchError> {
        let answer = with_retries(&self.retry, "StopQuery", query_id, || {
            self.client.stop_query().query_id(query_id).send()
        })
        .await?;
        Ok(answer.success())
    }

    /// DescribeLogGroups: group names, for the group browser — at most
    /// [`MAX_DESCRIBE_PAGES`] pages (a prefix narrows a bigger account).
    pub async fn list_groups(&self, prefix: Option<&str>) -> Result<Vec<String>, CloudwatchError> {
        let mut names = Vec::new();
        let mut token = None;
        for _page in 0..MAX_DESCRIBE_PAGES {
            let page = with_retries(
                &self.retry,
                "DescribeLogGroups",
                prefix.unwrap_or("*"),
                || {
                    self.client
                        .describe_log_groups()
                        .set_log_group_name_prefix(prefix.map(str::to_string))
                        .set_next_token(token.clone())
                        .send()
                },
            )
            .await?;
            names.extend(
                page.log_groups()
                    .iter()
                    .filter_map(|g| g.log_group_name().map(str::to_string)),
            );
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        Ok(names)
    }

    /// One FilterLogEvents page; returns the events and the next token.
    pub async fn filter_page(
        &self,
        filter: &Filter,
        token: Option<String>,
    ) -> Result<(Vec<LogEvent>, Option<String>), CloudwatchError> {
        let page = with_retries(&self.retry, "FilterLogEvents", &filter.group, || {
            self.client
                .filter_log_events()
                .log_group_name(&filter.group)
                .set_filter_pattern(filter.pattern.clone())
                .set_start_time(filter.start_ms)
                .set_end_time(filter.end_ms)
                .set_next_token(token.clone())
                .send()
        })
        .await?;
        let events = page
            .events()
            .iter()
            .map(|e| LogEvent {
                event_id: e.event_id().unwrap_or_default().to_string(),
                timestamp_ms: e.timestamp().unwrap_or_default(),
                stream: e.log_stream_name().unwrap_or_default().to_string(),
                message: e.message().unwrap_or_default().to_string(),
            })
            .collect();
        Ok((events, page.next_token().map(str::to_string)))
    }
}

/// Pages of DescribeLogGroups read while looking for one group.
const MAX_DESCRIBE_PAGES: usize = 50;

/// Retries throttling, timeouts, broken connections and 5xx with exponential
/// backoff; every retry is counted in `state` with a notice naming the call.
/// Safe because every operation here is a read.
pub(super) async fn with_retries<T, E, F, Fut>(
    state: &RetryState,
    operation: &'static str,
    target: &str,
    mut call: F,
) -> Result<T, CloudwatchError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, aws_sdk_cloudwatchlogs::error::SdkError<E>>>,
    E: std::error::Error + aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata + 'static,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match call().await {
            Ok(value) => return Ok(value),
            Err(err) => {
                let code = aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata::code(&err)
                    .unwrap_or("")
                    .to_string();
                let throttled = code.contains("Throttl");
                let retryable = throttled
                    || code == "ServiceUnavailableException"
                    || matches!(
                        err,
                        aws_sdk_cloudwatchlogs::error::SdkError::TimeoutError(_)
                            | aws_sdk_cloudwatchlogs::error::SdkError::DispatchFailure(_)
                            | aws_sdk_cloudwatchlogs::error::SdkError::ResponseError(_)
                    )
                    || err
                        .raw_response()
                        .is_some_and(|r| r.status().as_u16() >= 500 || r.status().as_u16() == 429);
                if !retryable || attempt >= MAX_RETRIES {
                    let message = describe(&err);
                    return Err(CloudwatchError::Call {
                        operation,
                        target: target.to_string(),
                        message,
                        retryable,
                    });
                }
                let wait = Duration::from_millis(200 * (1 << attempt));
                let why = if throttled {
                    "throttled".to_string()
                } else if code.is_empty() {
                    short_reason(&err)
                } else {
                    code
                };
                state.record(
                    format!(
                        "cloudwatch: {operation} on {target} {why}, retrying (attempt {} of {MAX_RETRIES}, in {} ms)",
                        attempt + 1,
                        wait.as_millis()
                    ),
                    throttled,
                );
                tokio::time::sleep(wait).await;
            }
        }
    }
}

/// The error in one readable line: the AWS code and message when the answer
/// had them, else the kind of failure with the start of the SDK's context
/// (an emulator's HTML error page is not worth printing whole).
fn describe<E>(err: &aws_sdk_cloudwatchlogs::error::SdkError<E>) -> String
where
    E: std::error::Error + aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata + 'static,
{
    use aws_sdk_cloudwatchlogs::error::{ProvideErrorMetadata, SdkError};
    if let Some(code) = ProvideErrorMetadata::code(err) {
        let message = ProvideErrorMetadata::message(err).unwrap_or("");
        return format!("{code}: {message}");
    }
    if let SdkError::ServiceError(_) = err {
        return format!("{} without an AWS error code", short_reason(err));
    }
    let context = aws_sdk_cloudwatchlogs::error::DisplayErrorContext(err).to_string();
    let mut detail: String = context.chars().take(200).collect();
    if detail.len() < context.len() {
        detail.push('…');
    }
    format!("{}: {detail}", short_reason(err))
}

/// A few words for a retry notice: which kind of transport failure it was.
fn short_reason<E>(err: &aws_sdk_cloudwatchlogs::error::SdkError<E>) -> String {
    use aws_sdk_cloudwatchlogs::error::SdkError;
    match err {
        SdkError::TimeoutError(_) => "timed out".into(),
        SdkError::DispatchFailure(_) => "connection failed".into(),
        SdkError::ResponseError(_) => "answer broken off".into(),
        _ => match err.raw_response() {
            Some(raw) => format!("HTTP {}", raw.status().as_u16()),
            None => "failed".into(),
        },
    }
}

/// Remembers recently seen event ids so polling never emits one twice (bounded).
#[derive(Debug, Default)]
pub struct Dedup {
    seen: HashSet<String>,
    order: VecDeque<String>,
}

/// Ids remembered by [`Dedup`]: memory stays bounded however long a follow runs.
pub const DEDUP_CAPACITY: usize = 100_000;

impl Dedup {
    /// Ids currently remembered (never more than [`DEDUP_CAPACITY`]).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// True when `id` is new (and remembers it).
    pub fn insert(&mut self, id: &str) -> bool {
        if self.seen.contains(id) {
            return false;
        }
        if self.order.len() == DEDUP_CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        self.seen.insert(id.to_string());
        self.order.push_back(id.to_string());
        true
    }
}
