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
    /// that system prompt + pack + `max_tokens` of answer fit in it.
    pub context_window: Option<usize>,
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
