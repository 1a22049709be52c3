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
    let changes = input
        .get("resource_changes")
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    let parts = parallelism().clamp(1, (changes / MIN_CHUNK).max(1));
    evaluate_in_parts(input, extra_dirs, parts)
}

/// [`evaluate`] with the plan split into `parts` chunks (ignored when user
/// policies are loaded); public so tests can show chunking changes nothing.
pub fn evaluate_in_parts(
    input: &serde_json::Value,
    extra_dirs: &[std::path::PathBuf],
    parts: usize,
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
    // The shipped rules judge each resource change and each file on its own, so
    // a large plan is split into chunks evaluated side by side (`tests/it/policy.rs`
    // checks chunked == whole on every shared plan). A user's policies may
    // relate resources to each other: with any loaded, the input stays whole.
    let chunks = if extra_dirs.is_empty() {
        input_chunks(input, parts)
    } else {
        vec![input.clone()]
    };
    let results: Vec<Result<(regorus::Value, regorus::Value), PolicyError>> =
        std::thread::scope(|scope| {
            let workers: Vec<_> = chunks
                .iter()
                .map(|chunk| {
                    let mut engine = engine.clone();
                    scope.spawn(move || {
                        let input = <regorus::Value as serde::Deserialize>::deserialize(chunk)
                            .map_err(|e| PolicyError::Eval(e.to_string()))?;
                        Ok((
                            evaluate_rule(&mut engine, FINDINGS, &input)?,
                            evaluate_rule(&mut engine, DENY, &input)?,
                        ))
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| {
                    worker.join().unwrap_or_else(|_| {
                        Err(PolicyError::Eval("a policy evaluation panicked".into()))
                    })
                })
                .collect()
        });
    let mut findings = Vec::new();
    let mut denies = Vec::new();
    for result in results {
        let (chunk_findings, chunk_denies) = result?;
        findings.extend(to_findings(FINDINGS, chunk_findings)?);
        denies.extend(to_findings(DENY, chunk_denies)?);
    }
    findings.sort();
    findings.dedup();
    denies.sort();
    denies.dedup();
    for deny in &mut denies {
        deny.severity = "deny".to_string();
    }
    Ok(Evaluation { findings, denies })
}

/// Resource changes below this count are evaluated in one piece: threads cost
/// more than they save on small plans.
const MIN_CHUNK: usize = 500;

fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Splits `input.resource_changes` into up to `parts` chunks, each a complete
/// input document; the first keeps `files` (the diff), the others get none.
fn input_chunks(input: &serde_json::Value, parts: usize) -> Vec<serde_json::Value> {
    let changes = input
        .get("resource_changes")
        .and_then(serde_json::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let parts = parts.clamp(1, changes.len().max(1));
    if parts == 1 {
        return vec![input.clone()];
    }
    let size = changes.len().div_ceil(parts);
    changes
        .chunks(size)
        .enumerate()
        .map(|(index, slice)| {
            let mut chunk = serde_json::Map::new();
            for (key, value) in input.as_object().into_iter().flatten() {
                if key != "resource_changes" && (key != "files" || index == 0) {
                    chunk.insert(key.clone(), value.clone());
                }
            }
            chunk.insert("resource_changes".into(), slice.to_vec().into());
            if index > 0 {
                chunk.insert("files".into(), serde_json::Value::Array(Vec::new()));
            }
            serde_json::Value::Object(chunk)
        })
        .collect()
}

const FINDINGS: &str = "data.lookout.findings";
const DENY: &str = "data.lookout.deny";

/// Bounds one evaluation on hostile input; the shipped rules on a 9,000-change
/// plan use a few million instructions.
const MAX_VM_INSTRUCTIONS: usize = 2_000_000_000;

/// Evaluates `rule` on regorus's compiled VM (RVM) — several times faster than
/// the tree-walking interpreter on large plans — and falls back to the
/// interpreter when a (user) policy uses something the compiler does not
/// support, so a policy that loads is always evaluated.
fn evaluate_rule(
    engine: &mut regorus::Engine,
    rule: &str,
    input: &regorus::Value,
) -> Result<regorus::Value, PolicyError> {
    match evaluate_compiled(engine, rule, input) {
        Ok(value) => Ok(value),
        Err(_unsupported_by_the_vm) => {
            engine.set_input(input.clone());
            engine
                .eval_rule(rule.to_string())
                .map_err(|e| PolicyError::Eval(e.to_string()))
        }
    }
}

fn evaluate_compiled(
    engine: &mut regorus::Engine,
    rule: &str,
    input: &regorus::Value,
) -> anyhow::Result<regorus::Value> {
    let compiled = engine.compile_with_entrypoint(&regorus::Rc::from(rule))?;
    let program =
        regorus::languages::rego::compiler::Compiler::compile_from_policy(&compiled, &[rule])?;
    let mut vm = regorus::rvm::RegoVM::new();
    vm.load_program(program);
    vm.set_max_instructions(MAX_VM_INSTRUCTIONS);
    vm.set_data(regorus::Value::new_object())?;
    vm.set_input(input.clone());
    Ok(vm.execute()?)
}

fn to_findings(rule: &str, value: regorus::Value) -> Result<Vec<Finding>, PolicyError> {
    if value == regorus::Value::Undefined {
        return Ok(Vec::new());
    }
    let json = value
        .to_json_str()
        .map_err(|e| PolicyError::Eval(e.to_string()))?;
    serde_json::from_str(&json)
        .map_err(|e| PolicyError::Eval(format!("{rule} is not a set of findings: {e}")))
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
