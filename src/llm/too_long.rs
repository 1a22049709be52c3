//! Telling "the request is longer than the model's context window" apart from
//! other refusals, so the draft flow can retry once with a smaller evidence
//! pack instead of falling back to the offline analyst without a reason.
//!
//! Servers say it in their own words, always as a client error (400, or 413
//! from some gateways): OpenAI `context_length_exceeded` / "maximum context
//! length", vLLM "This model's maximum context length is …", llama.cpp
//! `exceed_context_size_error` / "exceeds the available context size",
//! llama-cpp-python "Requested tokens (2361) exceed context window of 2048"
//! — but only from its non-streaming endpoint: a STREAMED request that is too
//! long gets HTTP 200 and a stream that closes before any event (the server
//! raises after the response started). An empty stream is no answer at all,
//! so it gets the same one retry with a smaller pack, said as what it most
//! likely is; a server that is merely flaky gets a second request either way.

use super::client::LlmError;

/// Lowercase phrases that only a context-length refusal uses.
const WORDINGS: [&str; 8] = [
    "context_length_exceeded",
    "maximum context length",
    "exceed_context_size",
    "exceeds the available context",
    "exceed context window",
    "context window of",
    "prompt is too long",
    "too many tokens",
];

/// The server refused the request because it does not fit the model's window.
pub fn is_too_long(error: &LlmError) -> bool {
    match error {
        LlmError::Http { status, body, .. } if *status == 400 || *status == 413 => {
            let body = body.to_lowercase();
            WORDINGS.iter().any(|wording| body.contains(wording))
        }
        _ => false,
    }
}

/// What a too-long refusal says in numbers, when it does: the model's window
/// and the tokens the request needed (prompt and answer room).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow {
    pub window: usize,
    pub requested: usize,
}

impl Overflow {
    pub fn excess(&self) -> usize {
        self.requested.saturating_sub(self.window)
    }
}

/// The window and the request's size, from the refusal's own words
/// ("Requested tokens (2361) exceed context window of 2048", "maximum context
/// length is 2048 tokens. However, you requested 2361 tokens", "… resulted
/// in 9000 tokens"). `None` when the refusal gives no numbers.
pub fn stated_overflow(error: &LlmError) -> Option<Overflow> {
    let LlmError::Http { body, .. } = error else {
        return None;
    };
    if !is_too_long(error) {
        return None;
    }
    let body = body.to_lowercase();
    let window = number_after(&body, &["context window of", "context length is"])?;
    let requested = number_after(
        &body,
        &["requested tokens (", "you requested", "resulted in"],
    )?;
    (requested > window).then_some(Overflow { window, requested })
}

/// The first whole number after the first of `markers` found in `text`.
fn number_after(text: &str, markers: &[&str]) -> Option<usize> {
    markers.iter().find_map(|marker| {
        let rest = &text[text.find(marker)? + marker.len()..];
        let digits: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        digits.parse().ok()
    })
}

/// Why a failed first request deserves one retry with a smaller pack, in
/// words for the user; `None` when a smaller pack would not help.
pub fn retry_reason(error: &LlmError) -> Option<&'static str> {
    if is_too_long(error) {
        return Some("the server rejected the request as too long for the model's context window");
    }
    match error {
        LlmError::EmptyStream { .. } => Some(
            "the server ended the stream before any data (llama-cpp-python's way of refusing a request longer than its context window: set llm.context_window to the model's window so the pack fits from the start)",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, body: &str) -> LlmError {
        LlmError::Http {
            endpoint: "http://127.0.0.1:9/v1/chat/completions".into(),
            status,
            body: body.into(),
        }
    }

    #[test]
    fn each_servers_wording_is_recognised_and_other_refusals_are_not() {
        for body in [
            r#"{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.","code":"context_length_exceeded"}}"#,
            r#"{"object":"error","message":"This model's maximum context length is 2048 tokens. However, you requested 2361 tokens (1849 in the messages, 512 in the completion).","code":400}"#,
            r#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}"#,
            r#"{"error":{"message":"Requested tokens (2361) exceed context window of 2048","type":"internal_server_error"}}"#,
        ] {
            assert!(is_too_long(&http(400, body)), "{body}");
        }
        assert!(!is_too_long(&http(400, r#"{"error":"model not found"}"#)));
        assert!(!is_too_long(&http(500, "maximum context length")));
        assert!(!is_too_long(&LlmError::Timeout {
            endpoint: "x".into(),
            seconds: 1
        }));
    }

    #[test]
    fn the_numbers_a_refusal_states_are_read() {
        let llama = http(
            400,
            r#"{"error":{"message":"Requested tokens (2361) exceed context window of 2048"}}"#,
        );
        assert_eq!(
            stated_overflow(&llama),
            Some(Overflow {
                window: 2048,
                requested: 2361
            })
        );
        let vllm = http(400, "This model's maximum context length is 2048 tokens. However, you requested 2361 tokens (1849 in the messages, 512 in the completion).");
        assert_eq!(stated_overflow(&vllm).map(|o| o.excess()), Some(313));
        let openai = http(400, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.");
        assert_eq!(stated_overflow(&openai).map(|o| o.excess()), Some(808));
        let wordless = http(400, "the request exceeds the available context size");
        assert_eq!(stated_overflow(&wordless), None);
    }

    #[test]
    fn an_empty_stream_is_retried_smaller_and_a_timeout_is_not() {
        let empty = LlmError::EmptyStream {
            endpoint: "http://127.0.0.1:9/v1/chat/completions".into(),
        };
        assert!(retry_reason(&empty).is_some_and(|r| r.contains("before any data")));
        assert!(retry_reason(&http(400, "maximum context length")).is_some());
        assert!(retry_reason(&http(400, r#"{"error":"model not found"}"#)).is_none());
        let timeout = LlmError::Timeout {
            endpoint: "x".into(),
            seconds: 1,
        };
        assert!(retry_reason(&timeout).is_none());
    }
}
