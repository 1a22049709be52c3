//! Decoding the OpenAI chat-completions stream (server-sent events): bytes in
//! any chunking → content deltas, token usage, the end marker. Pure, so the
//! fuzzer can feed it anything; the client only moves bytes.

use async_openai::types::chat::CreateChatCompletionStreamResponse;

/// A longer line is refused: no honest stream sends one, and it bounds memory.
pub const MAX_SSE_LINE_BYTES: usize = 1 << 20;

/// What one `data:` line said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseEvent {
    Content(String),
    Usage { prompt: u32, completion: u32 },
    Done,
}

/// Why the stream cannot be read any further.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SseError {
    #[error("an SSE line over 1 MiB")]
    LineTooLong,
    #[error("{error} in {excerpt}")]
    BadChunk { error: String, excerpt: String },
}

/// Splits bytes into lines (a line may span chunks) and decodes `data:` lines.
#[derive(Debug, Default)]
pub struct SseDecoder {
    line: Vec<u8>,
}

impl SseDecoder {
    /// Feeds one chunk; appends the events it completes to `events`, in order —
    /// also those before a bad line, so partial text is never lost. After
    /// `Done` the rest is ignored; after an error the stream is unusable.
    pub fn push(&mut self, chunk: &[u8], events: &mut Vec<SseEvent>) -> Result<(), SseError> {
        for &byte in chunk {
            if byte != b'\n' {
                self.line.push(byte);
                if self.line.len() > MAX_SSE_LINE_BYTES {
                    return Err(SseError::LineTooLong);
                }
                continue;
            }
            let line = std::mem::take(&mut self.line);
            let text = String::from_utf8_lossy(&line);
            let Some(data) = text.trim_end_matches('\r').strip_prefix("data:") else {
                continue; // comments, `event:`/`id:` fields, blank separators
            };
            let data = data.trim();
            if data == "[DONE]" {
                events.push(SseEvent::Done);
                return Ok(());
            }
            let event: CreateChatCompletionStreamResponse =
                serde_json::from_str(data).map_err(|e| SseError::BadChunk {
                    error: e.to_string(),
                    excerpt: data.chars().take(80).collect(),
                })?;
            if let Some(usage) = &event.usage {
                events.push(SseEvent::Usage {
                    prompt: usage.prompt_tokens,
                    completion: usage.completion_tokens,
                });
            }
            for choice in &event.choices {
                if let Some(content) = choice.delta.content.as_deref().filter(|c| !c.is_empty()) {
                    events.push(SseEvent::Content(content.to_string()));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHUNK: &str = r#"data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"#;

    #[test]
    fn lines_split_across_chunks_decode_once() {
        let stream = format!("{CHUNK}\r\n\n: keep-alive\n{CHUNK}\ndata: [DONE]\n");
        let mut decoder = SseDecoder::default();
        let mut events = Vec::new();
        for piece in stream.as_bytes().chunks(7) {
            decoder.push(piece, &mut events).unwrap();
        }
        let hel = SseEvent::Content("Hel".into());
        assert_eq!(events, vec![hel.clone(), hel, SseEvent::Done]);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let mut events = Vec::new();
        let stream = format!("{CHUNK}\ndata: {{oops\n");
        let err = SseDecoder::default()
            .push(stream.as_bytes(), &mut events)
            .unwrap_err();
        assert!(err.to_string().contains("in {oops"), "{err}");
        assert_eq!(events, vec![SseEvent::Content("Hel".into())], "kept");
        let long = vec![b'x'; MAX_SSE_LINE_BYTES + 1];
        assert_eq!(
            SseDecoder::default().push(&long, &mut events),
            Err(SseError::LineTooLong)
        );
    }
}
