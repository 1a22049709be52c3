//! Prompt templates: `prompts/*.md`, embedded as defaults; a file of the same
//! name in the user's prompt directory replaces the shipped one. Rendered with
//! minijinja (`{{ context }}`, `{{ incident }}`, `{{ service }}`; `ask` also
//! `{{ question }}` and `{{ history }}`; `propose` also `{{ code }}` and `{{ repair }}`).

use std::path::Path;

use crate::incident::tokens::{self, RequestBudget};

pub const SHIPPED: [(&str, &str); 6] = [
    ("system", include_str!("../../prompts/system.md")),
    ("summary", include_str!("../../prompts/summary.md")),
    ("runbook", include_str!("../../prompts/runbook.md")),
    ("postmortem", include_str!("../../prompts/postmortem.md")),
    ("propose", include_str!("../../prompts/propose.md")),
    ("ask", include_str!("../../prompts/ask.md")),
];

#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("no prompt named {0:?} (known: system, summary, runbook, postmortem, propose, ask)")]
    Unknown(String),
    #[error("prompt file {path}: {message}")]
    File { path: String, message: String },
    #[error("prompt {name}: {message}")]
    Render { name: String, message: String },
}

/// The template text of `name`, the user's copy if there is one; and where it came from.
pub fn template(name: &str, user_dir: Option<&Path>) -> Result<(String, String), PromptError> {
    let shipped = SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| PromptError::Unknown(name.to_string()))?;
    if let Some(dir) = user_dir {
        let path = dir.join(format!("{name}.md"));
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|e| PromptError::File {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            return Ok((text, path.display().to_string()));
        }
    }
    Ok((
        shipped.1.to_string(),
        format!("prompts/{name}.md (shipped)"),
    ))
}

/// Renders `name` with the given values.
pub fn render(
    name: &str,
    user_dir: Option<&Path>,
    values: &serde_json::Value,
) -> Result<String, PromptError> {
    let (text, _) = template(name, user_dir)?;
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let error = |e: minijinja::Error| PromptError::Render {
        name: name.to_string(),
        message: e.to_string(),
    };
    env.add_template_owned(name.to_string(), text)
        .map_err(error)?;
    env.get_template(name)
        .and_then(|t| t.render(minijinja::value::Serde(values)))
        .map_err(error)
}

/// The token budget of a request for prompt `name`: the rest of the prompt
/// (system prompt and `name` rendered with `values` and an empty `context`) is
/// measured, so the evidence pack can be fitted into `llm.context_window`.
pub fn request_budget(
    name: &str,
    config: &super::LlmConfig,
    values: &serde_json::Value,
) -> Result<RequestBudget, PromptError> {
    let mut values = values.clone();
    if let Some(map) = values.as_object_mut() {
        map.insert(
            "context".to_string(),
            serde_json::Value::String(String::new()),
        );
    }
    let dir = config.prompt_dir.as_deref();
    let system = render("system", dir, &values)?;
    let user = render(name, dir, &values)?;
    Ok(RequestBudget {
        context_tokens: config.context_tokens,
        context_window: config.context_window,
        answer_tokens: config.answer_tokens() as usize,
        prompt_tokens: tokens::estimate(&system) + tokens::estimate(&user),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_budget_measures_the_prompt_around_an_empty_pack() {
        let values =
            serde_json::json!({"context": "IGNORED", "incident": "inc-1", "service": "svc"});
        let config = super::super::LlmConfig {
            context_window: Some(2_048),
            max_tokens: 512,
            ..Default::default()
        };
        let budget = request_budget("summary", &config, &values).unwrap();
        let system = render("system", None, &values).unwrap();
        assert!(budget.prompt_tokens > tokens::estimate(&system));
        assert_eq!(budget.answer_tokens, 512);
        assert_eq!(budget.context_tokens, 8_000);
        let pack = budget.pack_tokens();
        assert!(
            pack > 0 && pack + budget.prompt_tokens + 512 <= 2_048,
            "{budget:?}"
        );
    }

    #[test]
    fn every_shipped_prompt_renders_and_user_files_override() {
        let values = serde_json::json!({"context": "CTX", "incident": "inc-1", "service": "svc",
            "question": "why?", "history": "", "code": "", "repair": ""});
        for (name, _) in SHIPPED {
            let text = render(name, None, &values).unwrap();
            assert!(name == "system" || text.contains("CTX"), "{name}");
            // Each prompt asks for citations, labelled hypotheses and "unknown" over guesses.
            assert!(
                text.contains("[S3]") && text.contains("[M1]") && text.contains("[C1a2b3c]"),
                "{name}"
            );
            assert!(
                text.contains("Hypothesis:") && text.contains("unknown"),
                "{name}"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("summary.md"), "mine: {{ incident }}").unwrap();
        assert_eq!(
            render("summary", Some(dir.path()), &values).unwrap(),
            "mine: inc-1"
        );
        std::fs::write(dir.path().join("runbook.md"), "{{ nope }}").unwrap();
        assert!(render("runbook", Some(dir.path()), &values).is_err());
    }
}
