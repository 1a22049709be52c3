//! StartLiveTail for follow mode: a read-only event stream of new log events.
//! The SDK sends this one operation to a `stream-` prefixed host; against a
//! custom endpoint (a local emulator on 127.0.0.1) that host cannot resolve,
//! so [`StripHostPrefix`] takes the prefix off again before the request is
//! signed. Live tail events carry no event id, so they are de-duplicated by
//! [`content_key`] instead.

use aws_sdk_cloudwatchlogs::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_cloudwatchlogs::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use sha2::{Digest, Sha256};

use super::client::{with_retries, CloudwatchError, LogEvent, ReadOnlyLogs};

/// The host prefix the SDK adds for StartLiveTail.
const STREAM_PREFIX: &str = "stream-";

/// Removes the `stream-` host prefix (installed only for custom endpoints).
#[derive(Debug)]
pub(super) struct StripHostPrefix;

impl Intercept for StripHostPrefix {
    fn name(&self) -> &'static str {
        "lookout::StripHostPrefix"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let request = context.request_mut();
        if let Some(stripped) = strip_stream_prefix(request.uri()) {
            request.set_uri(stripped)?;
        }
        Ok(())
    }
}

/// `http://stream-127.0.0.1:5000/` → `http://127.0.0.1:5000/`; None when the
/// host has no such prefix.
pub fn strip_stream_prefix(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once("://")?;
    let host = rest.strip_prefix(STREAM_PREFIX)?;
    Some(format!("{scheme}://{host}"))
}

/// A stable key for an event without an id: stream, time and message hash.
/// Two identical lines in one stream in the same millisecond count as one.
pub fn content_key(event: &LogEvent) -> String {
    let mut hash = Sha256::new();
    hash.update(event.stream.as_bytes());
    hash.update([0]);
    hash.update(event.timestamp_ms.to_le_bytes());
    hash.update(event.message.as_bytes());
    let digest = hash.finalize();
    format!("live-{}", hex::encode(&digest[..12]))
}

/// What one live tail message carried.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveTailMessage {
    /// The session is open (sessionStart).
    Started { session_id: String },
    /// A batch of events (sessionUpdate); `sampled` when the service dropped
    /// some because the group logs faster than live tail delivers.
    Update {
        events: Vec<LogEvent>,
        sampled: bool,
    },
}

/// An open live tail session.
pub struct LiveTail {
    group: String,
    output: aws_sdk_cloudwatchlogs::operation::start_live_tail::StartLiveTailOutput,
}

impl ReadOnlyLogs {
    /// StartLiveTail on one group (by ARN, as the API requires).
    pub async fn start_live_tail(
        &self,
        group: &str,
        group_arn: &str,
        pattern: Option<&str>,
    ) -> Result<LiveTail, CloudwatchError> {
        let state = self.retry_state();
        let output = with_retries(&state, "StartLiveTail", group, || {
            self.client
                .start_live_tail()
                .log_group_identifiers(group_arn)
                .set_log_event_filter_pattern(pattern.map(str::to_string))
                .send()
        })
        .await?;
        Ok(LiveTail {
            group: group.to_string(),
            output,
        })
    }
}

impl LiveTail {
    /// The next message; None when the service ended the session.
    pub async fn next(&mut self) -> Result<Option<LiveTailMessage>, CloudwatchError> {
        loop {
            let message =
                self.output
                    .response_stream
                    .recv()
                    .await
                    .map_err(|err| CloudwatchError::Call {
                        operation: "StartLiveTail",
                        target: self.group.clone(),
                        message: aws_sdk_cloudwatchlogs::error::DisplayErrorContext(&err)
                            .to_string(),
                        retryable: true,
                    })?;
            let Some(message) = message else {
                return Ok(None);
            };
            match message {
                StartLiveTailResponseStream::SessionStart(start) => {
                    return Ok(Some(LiveTailMessage::Started {
                        session_id: start.session_id().unwrap_or_default().to_string(),
                    }))
                }
                StartLiveTailResponseStream::SessionUpdate(update) => {
                    let events = update
                        .session_results()
                        .iter()
                        .map(|e| {
                            let mut event = LogEvent {
                                event_id: String::new(),
                                timestamp_ms: e.timestamp().unwrap_or_default(),
                                stream: e.log_stream_name().unwrap_or_default().to_string(),
                                message: e.message().unwrap_or_default().to_string(),
                            };
                            event.event_id = content_key(&event);
                            event
                        })
                        .collect();
                    let sampled = update.session_metadata().is_some_and(|m| m.sampled());
                    return Ok(Some(LiveTailMessage::Update { events, sampled }));
                }
                // A variant added by a newer service model: nothing to show.
                _ => continue,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_prefix_comes_off_a_custom_endpoint_only_once() {
        assert_eq!(
            strip_stream_prefix("http://stream-127.0.0.1:5000/").as_deref(),
            Some("http://127.0.0.1:5000/")
        );
        assert_eq!(strip_stream_prefix("http://127.0.0.1:5000/"), None);
        assert_eq!(strip_stream_prefix("no scheme"), None);
    }

    #[test]
    fn content_keys_differ_by_stream_time_and_message() {
        let event = |stream: &str, t: i64, m: &str| LogEvent {
            event_id: String::new(),
            timestamp_ms: t,
            stream: stream.into(),
            message: m.into(),
        };
        let a = content_key(&event("s", 1, "m"));
        assert_eq!(a, content_key(&event("s", 1, "m")));
        assert_ne!(a, content_key(&event("t", 1, "m")));
        assert_ne!(a, content_key(&event("s", 2, "m")));
        assert_ne!(a, content_key(&event("s", 1, "n")));
    }
}
