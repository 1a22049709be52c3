//! Telling "the request is longer than the model's context window" apart from
//! other refusals, so the draft flow can retry once with a smaller evidence
//! pack instead of falling back to the offline analyst without a reason.
//!
//! Servers say it in their own words, always as a client error (400, or 413
//! from some gateways): OpenAI `context_length_exceeded` / "maximum context
//! length", vLLM "This model's maximum context length is …", llama.cpp
//! `exceed_context_size_error` / "exceeds the available context size",
//! llama-cpp-python "Requested tokens (2361) exceed context window of 2048".

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
}
