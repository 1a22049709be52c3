//! The co-pilot: OpenAI-compatible streaming client, prompt templates, and the
//! offline analyst used when no LLM is configured or reachable.

pub mod ask;
pub mod client;
pub mod draft;
pub mod fix;
pub mod offline;
pub mod prompts;
pub mod sse;
pub mod too_long;

use serde::{Deserialize, Serialize};

/// The `[llm]` section of the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LlmConfig {
    /// e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`. None → offline analyst.
    pub base_url: Option<String>,
    pub model: String,
    /// The NAME of the environment variable holding the API key (never the key).
    pub api_key_env: Option<String>,
    pub timeout_secs: u64,
    pub max_tokens: u32,
    pub temperature: f64,
    /// A directory of user prompt templates laid over the shipped ones.
    pub prompt_dir: Option<std::path::PathBuf>,
    /// The most tokens of evidence a prompt carries (the evidence pack's budget).
    pub context_tokens: usize,
    /// The model's context window in tokens, if known: the pack is shrunk so
    /// that system prompt + pack + answer room fit in it (`answer_tokens`).
    pub context_window: Option<usize>,
}

impl LlmConfig {
    /// The answer room a request asks for (`max_tokens`). With a known window
    /// at most a quarter of it: the default 1,200 would leave a 2,048-token
    /// local model about a hundred tokens of evidence, and an answer without
    /// evidence is worth less than a shorter one with it.
    pub fn answer_tokens(&self) -> u32 {
        match self.context_window {
            Some(window) => self
                .max_tokens
                .min(u32::try_from(window / 4).unwrap_or(u32::MAX)),
            None => self.max_tokens,
        }
    }
}

impl Default for LlmConfig {
    fn default() -> Self {
        LlmConfig {
            base_url: None,
            model: "gpt-4o-mini".to_string(),
            api_key_env: Some("OPENAI_API_KEY".to_string()),
            timeout_secs: 60,
            max_tokens: 1200,
            temperature: 0.2,
            prompt_dir: None,
            context_tokens: crate::incident::pack::DEFAULT_CONTEXT_TOKENS,
            context_window: None,
        }
    }
}
