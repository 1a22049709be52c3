//! Policy as code: the shipped Rego policies (embedded) plus the user's policy
//! directories, evaluated with regorus over the proposal's input document.

use std::path::Path;

use serde::{Deserialize, Serialize};

const SHIPPED: [(&str, &str); 3] = [
    (
        "policies/plan_rules.rego",
        include_str!("../../policies/plan_rules.rego"),
    ),
    (
        "policies/deny.rego",
        include_str!("../../policies/deny.rego"),
    ),
    (
        "policies/diff_rules.rego",
        include_str!("../../policies/diff_rules.rego"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("policy {path}: {message}")]
    Load { path: String, message: String },
    #[error("evaluating policy: {0}")]
    Eval(String),
}

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    /// `high`, `medium` or `low` for findings; `deny` for deny rules.
    #[serde(default)]
    pub severity: String,
    pub resource: String,
    pub message: String,
}

/// What the policies said about one input document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    pub denies: Vec<Finding>,
}

/// Evaluates the shipped policies and every `*.rego` in `extra_dirs` over `input`.
pub fn evaluate(
    input: &serde_json::Value,
    extra_dirs: &[std::path::PathBuf],
) -> Result<Evaluation, PolicyError> {
    let mut engine = regorus::Engine::new();
    for (path, text) in SHIPPED {
        engine
            .add_policy(path.to_string(), text.to_string())
            .map_err(|e| PolicyError::Load {
                path: path.to_string(),
                message: e.to_string(),
            })?;
    }
    for dir in extra_dirs {
        for path in rego_files(dir)? {
            let text = std::fs::read_to_string(&path).map_err(|e| PolicyError::Load {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            engine
                .add_policy(path.display().to_string(), text)
                .map_err(|e| PolicyError::Load {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })?;
        }
    }
    let input = regorus::Value::from_json_str(&input.to_string())
        .map_err(|e| PolicyError::Eval(e.to_string()))?;
    engine.set_input(input);
    let findings = collect(&mut engine, "data.lookout.findings")?;
    let mut denies = collect(&mut engine, "data.lookout.deny")?;
    for deny in &mut denies {
        deny.severity = "deny".to_string();
    }
    Ok(Evaluation { findings, denies })
}

fn collect(engine: &mut regorus::Engine, rule: &str) -> Result<Vec<Finding>, PolicyError> {
    let value = engine
        .eval_rule(rule.to_string())
        .map_err(|e| PolicyError::Eval(e.to_string()))?;
    if value == regorus::Value::Undefined {
        return Ok(Vec::new());
    }
    let json = value
        .to_json_str()
        .map_err(|e| PolicyError::Eval(e.to_string()))?;
    let mut findings: Vec<Finding> = serde_json::from_str(&json)
        .map_err(|e| PolicyError::Eval(format!("{rule} is not a set of findings: {e}")))?;
    findings.sort();
    findings.dedup();
    Ok(findings)
}

fn rego_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, PolicyError> {
    let entries = std::fs::read_dir(dir).map_err(|e| PolicyError::Load {
        path: dir.display().to_string(),
        message: e.to_string(),
    })?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rego"))
        .collect();
    files.sort();
    Ok(files)
}
