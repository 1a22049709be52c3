//! Token arithmetic for the evidence pack: an estimate of how many tokens a
//! text costs, and how many tokens a pack may use so that the system prompt,
//! the pack and the answer all fit in the model's context window.
//!
//! No tokenizer ships with lookout (models differ), so the estimate follows
//! how byte-pair tokenizers split text and leans high: a run of letters costs
//! one token per 4 letters, every digit one token (Llama-family, Mistral,
//! Qwen and SmolLM tokenizers split numbers into single digits; GPT-style ones
//! group up to 3, which this over-counts), every punctuation mark or symbol is a
//! token of its own, a newline is one token, and a non-ASCII character costs
//! one token per UTF-8 byte pair. Spaces are free (they merge into the next
//! word). Log lines are dense in punctuation, which is why a flat
//! "4 characters per token" under-counts them. Checked against a real
//! tokenizer (tests/data/tokens: SmolLM2's counts 4,270 and 5,853; one digit
//! per 3 under-counted them by up to 13 %). When a server still says the
//! request is too long, the caller shrinks the pack once (`EvidencePack::shrink`).

/// Tokens a chat request costs beyond its text: role markers and message
/// separators of the chat template (two messages, a few tokens each).
pub const CHAT_OVERHEAD_TOKENS: usize = 16;

/// An upper-leaning estimate of the tokens `text` costs.
pub fn estimate(text: &str) -> usize {
    let mut tokens = 0;
    let mut letters = 0usize;
    let mut digits = 0usize;
    let flush = |tokens: &mut usize, letters: &mut usize, digits: &mut usize| {
        *tokens += letters.div_ceil(4) + *digits;
        *letters = 0;
        *digits = 0;
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            if digits > 0 {
                flush(&mut tokens, &mut letters, &mut digits);
            }
            letters += 1;
        } else if c.is_ascii_digit() {
            if letters > 0 {
                flush(&mut tokens, &mut letters, &mut digits);
            }
            digits += 1;
        } else {
            flush(&mut tokens, &mut letters, &mut digits);
            if c == '\n' || !c.is_whitespace() {
                tokens += if c.is_ascii() {
                    1
                } else {
                    c.len_utf8().div_ceil(2)
                };
            }
        }
    }
    flush(&mut tokens, &mut letters, &mut digits);
    tokens
}

/// How many tokens the evidence pack may use for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestBudget {
    /// `llm.context_tokens`: the most evidence a prompt carries.
    pub context_tokens: usize,
    /// `llm.context_window`: the model's whole window, if known.
    pub context_window: Option<usize>,
    /// Room kept for the answer (the request's `max_tokens`).
    pub answer_tokens: usize,
    /// The rest of the prompt: system prompt and the task template without the pack.
    pub prompt_tokens: usize,
}

impl RequestBudget {
    /// The pack's budget: `context_tokens`, lowered so that prompt + pack +
    /// answer room fit in the window. Zero when even the prompt and the answer
    /// room do not fit (the pack then carries only its header).
    pub fn pack_tokens(&self) -> usize {
        match self.context_window {
            Some(window) => {
                let used = self.prompt_tokens + self.answer_tokens + CHAT_OVERHEAD_TOKENS;
                self.context_tokens.min(window.saturating_sub(used))
            }
            None => self.context_tokens,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_heavy_log_lines_cost_more_than_prose_of_the_same_length() {
        let prose = "the payment service could not reach the database pool again";
        let log = r#"{"ts":"2024-11-01T03:04:30Z","lvl":"error","msg":"pool=12/12"}"#;
        assert!(estimate(log) > estimate(prose));
        assert!(estimate(&prose[..log.len().min(prose.len())]) >= prose.len() / 6);
    }

    #[test]
    fn real_prompts_are_not_under_counted() {
        // SmolLM2's tokenizer on these prompts (tests/data/tokens/README.md).
        for (text, real) in [
            (
                include_str!("../../tests/data/tokens/demo-summary-prompt.md"),
                4_270,
            ),
            (
                include_str!("../../tests/data/tokens/retry-storm-summary-prompt.md"),
                5_853,
            ),
        ] {
            let estimated = estimate(text);
            assert!(estimated >= real, "estimated {estimated} < real {real}");
            assert!(
                estimated <= real * 5 / 4,
                "estimated {estimated}: far too high"
            );
        }
    }

    #[test]
    fn runs_are_split_by_class() {
        assert_eq!(estimate(""), 0);
        assert_eq!(estimate("word"), 1);
        assert_eq!(estimate("words"), 2);
        assert_eq!(estimate("1234"), 4);
        assert_eq!(estimate("a1"), 2);
        assert_eq!(estimate("[S3]"), 4);
        assert_eq!(estimate("a\nb"), 3);
        assert_eq!(estimate("a   b"), 2);
        assert_eq!(estimate("→"), 2);
    }

    #[test]
    fn the_window_keeps_room_for_the_prompt_and_the_answer() {
        let budget = RequestBudget {
            context_tokens: 8_000,
            context_window: Some(2_048),
            answer_tokens: 512,
            prompt_tokens: 300,
        };
        assert_eq!(
            budget.pack_tokens(),
            2_048 - 300 - 512 - CHAT_OVERHEAD_TOKENS
        );
        let unknown = RequestBudget {
            context_window: None,
            ..budget
        };
        assert_eq!(unknown.pack_tokens(), 8_000);
        let tiny = RequestBudget {
            context_window: Some(600),
            ..budget
        };
        assert_eq!(tiny.pack_tokens(), 0);
        let large = RequestBudget {
            context_window: Some(128_000),
            ..budget
        };
        assert_eq!(large.pack_tokens(), 8_000);
    }
}
