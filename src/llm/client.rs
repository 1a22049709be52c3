//! Streaming chat completions from any OpenAI-compatible endpoint.
//!
//! The request is built with async-openai's types, serialized, and the FINAL
//! body is run through the redactor right before it is sent (safety invariant
//! 3). Streaming (SSE) is read with reqwest so lookout sees every status and
//! header: 429/5xx and connection failures before the first token are retried
//! with exponential backoff and jitter, honouring `Retry-After`; a failure after
//! text has arrived keeps the partial text and is reported, never retried (the
//! text would repeat). One overall deadline bounds everything.

use std::time::{Duration, Instant};

use async_openai::types::chat::{
    ChatCompletionRequestSystemMessageArgs, ChatCompletionRequestUserMessageArgs,
    ChatCompletionStreamOptions, CreateChatCompletionRequestArgs,
};
use futures::StreamExt;
use sha2::{Digest, Sha256};

use super::sse::{SseDecoder, SseEvent};
use super::LlmConfig;
use crate::ingest::redact::{Placeholders, RedactionCounts, Redactor};

const MAX_ATTEMPTS: u32 = 4;
const BASE_BACKOFF_MS: u64 = 250;
const MAX_RETRY_AFTER_SECS: u64 = 30;

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum LlmError {
    #[error("no LLM endpoint configured (set llm.base_url or --llm-base-url)")]
    NotConfigured,
    #[error("could not build the request: {0}")]
    Request(String),
    #[error("{endpoint} answered HTTP {status}: {body}")]
    Http {
        endpoint: String,
        status: u16,
        body: String,
    },
    #[error("cannot reach {endpoint}: {detail}")]
    Connection { endpoint: String, detail: String },
    /// HTTP 200, then the stream closed without a single event: how
    /// llama-cpp-python refuses a request longer than its context window
    /// (it raises only after the response has started).
    #[error("{endpoint} accepted the request but ended the stream before any data")]
    EmptyStream { endpoint: String },
    #[error("{endpoint} did not finish within {seconds} s")]
    Timeout { endpoint: String, seconds: u64 },
    #[error("malformed stream data from {endpoint}: {detail}")]
    Malformed { endpoint: String, detail: String },
    #[error("cancelled")]
    Cancelled,
}

/// A finished (or failed) call, for the pane, the draft and the audit record.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub text: String,
    pub error: Option<LlmError>,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    /// Whether the server reported token usage (some, e.g. llama-cpp-python's,
    /// ignore `stream_options.include_usage`): 0 tokens then means unknown.
    pub usage_reported: bool,
    pub latency_ms: u64,
    pub first_token_ms: Option<u64>,
    pub attempts: u32,
}

/// The request exactly as it will be sent, and what redaction did to it.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedRequest {
    pub endpoint: String,
    pub model: String,
    pub body: String,
    pub sha256: String,
    pub redactions: RedactionCounts,
}

/// Builds the streaming request and redacts the final body.
pub fn prepare(
    config: &LlmConfig,
    system: &str,
    user: &str,
    redactor: &Redactor,
    placeholders: &mut Placeholders,
) -> Result<PreparedRequest, LlmError> {
    let base = config.base_url.as_deref().ok_or(LlmError::NotConfigured)?;
    let request_error = |e: async_openai::error::OpenAIError| LlmError::Request(e.to_string());
    let messages = vec![
        ChatCompletionRequestSystemMessageArgs::default()
            .content(system)
            .build()
            .map_err(request_error)?
            .into(),
        ChatCompletionRequestUserMessageArgs::default()
            .content(user)
            .build()
            .map_err(request_error)?
            .into(),
    ];
    #[allow(deprecated)]
    // llama.cpp and older gateways read `max_tokens`, OpenAI reads the new name.
    let request = CreateChatCompletionRequestArgs::default()
        .model(config.model.clone())
        .messages(messages)
        .max_completion_tokens(config.answer_tokens())
        .max_tokens(config.answer_tokens())
        .temperature(config.temperature as f32)
        .stream(true)
        .stream_options(ChatCompletionStreamOptions {
            include_usage: Some(true),
            ..Default::default()
        })
        .build()
        .map_err(request_error)?;
    let raw = serde_json::to_string(&request).map_err(|e| LlmError::Request(e.to_string()))?;
    let mut redactions = RedactionCounts::default();
    // The boundary: whatever reached this point, no secret leaves the machine.
    let body = redactor.redact_stable(&raw, placeholders, &mut redactions);
    let sha256 = hex::encode(Sha256::digest(body.as_bytes()));
    Ok(PreparedRequest {
        endpoint: format!("{}/chat/completions", base.trim_end_matches('/')),
        model: config.model.clone(),
        body,
        sha256,
        redactions,
    })
}

/// Sends a prepared request and streams text chunks to `on_chunk`.
pub async fn stream(
    config: &LlmConfig,
    request: &PreparedRequest,
    mut on_chunk: impl FnMut(&str),
) -> Outcome {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(config.timeout_secs.max(1));
    let mut outcome = Outcome {
        text: String::new(),
        error: None,
        prompt_tokens: 0,
        completion_tokens: 0,
        usage_reported: false,
        latency_ms: 0,
        first_token_ms: None,
        attempts: 0,
    };
    let client = match reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            outcome.error = Some(LlmError::Request(e.to_string()));
            return outcome;
        }
    };
    let api_key = config
        .api_key_env
        .as_deref()
        .and_then(|name| std::env::var(name).ok());
    loop {
        outcome.attempts += 1;
        let result = tokio::time::timeout_at(
            deadline.into(),
            attempt(
                &client,
                request,
                api_key.as_deref(),
                &mut outcome,
                started,
                &mut on_chunk,
            ),
        )
        .await;
        let error = match result {
            Ok(Ok(())) => break,
            Ok(Err(Failure { error, retry_after })) => {
                let retryable = outcome.text.is_empty()
                    && outcome.attempts < MAX_ATTEMPTS
                    && is_retryable(&error);
                if retryable {
                    let wait = backoff(outcome.attempts, retry_after);
                    if Instant::now() + wait < deadline {
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                }
                error
            }
            Err(_) => LlmError::Timeout {
                endpoint: request.endpoint.clone(),
                seconds: config.timeout_secs,
            },
        };
        outcome.error = Some(error);
        break;
    }
    outcome.latency_ms = started.elapsed().as_millis() as u64;
    outcome
}

struct Failure {
    error: LlmError,
    retry_after: Option<Duration>,
}

fn is_retryable(error: &LlmError) -> bool {
    match error {
        LlmError::Http { status, .. } => *status == 429 || *status >= 500,
        LlmError::Connection { .. } => true,
        _ => false,
    }
}

/// Exponential backoff with jitter; a server's `Retry-After` wins (capped).
fn backoff(attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(wait) = retry_after {
        return wait.min(Duration::from_secs(MAX_RETRY_AFTER_SECS));
    }
    let base = BASE_BACKOFF_MS.saturating_mul(1 << attempt.min(6));
    // The clock's sub-second part is jitter enough to spread retries apart.
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::from(d.subsec_millis()));
    let jitter = millis * base / 4000;
    Duration::from_millis(base + jitter)
}

async fn attempt(
    client: &reqwest::Client,
    request: &PreparedRequest,
    api_key: Option<&str>,
    outcome: &mut Outcome,
    started: Instant,
    on_chunk: &mut impl FnMut(&str),
) -> Result<(), Failure> {
    let endpoint = request.endpoint.clone();
    let fail = |error: LlmError| Failure {
        error,
        retry_after: None,
    };
    let mut builder = client
        .post(&request.endpoint)
        .header("content-type", "application/json")
        .header("accept", "text/event-stream")
        .body(request.body.clone());
    if let Some(key) = api_key {
        builder = builder.bearer_auth(key);
    }
    let response = builder.send().await.map_err(|e| {
        fail(LlmError::Connection {
            endpoint: endpoint.clone(),
            detail: e.to_string(),
        })
    })?;
    let status = response.status();
    if !status.is_success() {
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body: String = response
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        return Err(Failure {
            error: LlmError::Http {
                endpoint,
                status: status.as_u16(),
                body,
            },
            retry_after,
        });
    }
    let mut bytes = response.bytes_stream();
    let mut decoder = SseDecoder::default();
    while let Some(chunk) = bytes.next().await {
        let chunk = chunk.map_err(|e| {
            fail(LlmError::Connection {
                endpoint: endpoint.clone(),
                detail: format!("stream broke: {e}"),
            })
        })?;
        let mut events = Vec::new();
        let decoded = decoder.push(&chunk, &mut events);
        for event in events {
            match event {
                SseEvent::Done => return Ok(()),
                SseEvent::Usage { prompt, completion } => {
                    outcome.prompt_tokens = prompt;
                    outcome.completion_tokens = completion;
                    outcome.usage_reported = true;
                }
                SseEvent::Content(content) => {
                    outcome
                        .first_token_ms
                        .get_or_insert(started.elapsed().as_millis() as u64);
                    outcome.text.push_str(&content);
                    on_chunk(&content);
                }
            }
        }
        decoded.map_err(|e| {
            fail(LlmError::Malformed {
                endpoint: endpoint.clone(),
                detail: e.to_string(),
            })
        })?;
    }
    if outcome.text.is_empty() {
        return Err(fail(LlmError::EmptyStream { endpoint }));
    }
    Err(fail(LlmError::Connection {
        endpoint,
        detail: "the stream ended without [DONE]".into(),
    }))
}
