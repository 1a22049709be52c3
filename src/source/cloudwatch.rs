//! CloudWatch Logs, read-only. `ReadOnlyLogs` is the only place lookout touches
//! the SDK client, and it exposes only read operations (DescribeLogGroups,
//! DescribeLogStreams, FilterLogEvents; the SDK's write calls are unreachable
//! from the rest of the code). Follow mode polls FilterLogEvents with
//! de-duplication by event id; throttling and timeouts are retried with backoff.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;

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
    client: Client,
}

const MAX_RETRIES: u32 = 5;

impl ReadOnlyLogs {
    pub async fn connect(connection: &Connection) -> ReadOnlyLogs {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(profile) = &connection.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &connection.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(url) = &connection.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        ReadOnlyLogs {
            client: Client::new(&config),
        }
    }

    /// DescribeLogGroups (all pages): group names, for the group browser.
    pub async fn list_groups(&self, prefix: Option<&str>) -> Result<Vec<String>, CloudwatchError> {
        let mut names = Vec::new();
        let mut token = None;
        loop {
            let page = with_retries("DescribeLogGroups", prefix.unwrap_or("*"), || {
                self.client
                    .describe_log_groups()
                    .set_log_group_name_prefix(prefix.map(str::to_string))
                    .set_next_token(token.clone())
                    .send()
            })
            .await?;
            names.extend(
                page.log_groups()
                    .iter()
                    .filter_map(|g| g.log_group_name().map(str::to_string)),
            );
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(names);
            }
        }
    }

    /// One FilterLogEvents page; returns the events and the next token.
    pub async fn filter_page(
        &self,
        filter: &Filter,
        token: Option<String>,
    ) -> Result<(Vec<LogEvent>, Option<String>), CloudwatchError> {
        let page = with_retries("FilterLogEvents", &filter.group, || {
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

/// Retries throttling, timeouts and 5xx with exponential backoff.
async fn with_retries<T, E, F, Fut>(
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
                let retryable = code.contains("Throttl")
                    || code == "ServiceUnavailableException"
                    || matches!(
                        err,
                        aws_sdk_cloudwatchlogs::error::SdkError::TimeoutError(_)
                            | aws_sdk_cloudwatchlogs::error::SdkError::DispatchFailure(_)
                    )
                    || err
                        .raw_response()
                        .is_some_and(|r| r.status().as_u16() >= 500 || r.status().as_u16() == 429);
                if !retryable || attempt >= MAX_RETRIES {
                    let message =
                        aws_sdk_cloudwatchlogs::error::DisplayErrorContext(&err).to_string();
                    return Err(CloudwatchError::Call {
                        operation,
                        target: target.to_string(),
                        message,
                        retryable,
                    });
                }
                tokio::time::sleep(Duration::from_millis(200 * (1 << attempt))).await;
            }
        }
    }
}

/// Remembers recently seen event ids so polling never emits one twice (bounded).
#[derive(Debug, Default)]
pub struct Dedup {
    seen: HashSet<String>,
    order: VecDeque<String>,
}

const DEDUP_CAPACITY: usize = 100_000;

impl Dedup {
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
