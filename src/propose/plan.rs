//! Terraform plan JSON (`terraform show -json`, format 0.1–1.2, and mocks that
//! wrap the plan) → a flat list of resource changes for the policy input.
//! Hostile input gets a clear error, never a panic.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    #[error("{source_name}: not JSON: {message}")]
    Json {
        source_name: String,
        message: String,
    },
    #[error("{source_name}: not a Terraform plan: {message}")]
    Shape {
        source_name: String,
        message: String,
    },
}

/// One resource change, flattened: what the policies read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceChange {
    pub address: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub name: String,
    pub module: Option<String>,
    pub actions: Vec<String>,
    pub before: Value,
    pub after: Value,
}

/// Caps that keep a hostile plan from exhausting memory or time.
const MAX_RESOURCE_CHANGES: usize = 200_000;

/// Parses plan JSON text; `source_name` names it in errors.
pub fn parse(source_name: &str, text: &str) -> Result<Vec<ResourceChange>, PlanError> {
    let value: Value = serde_json::from_str(text).map_err(|e| PlanError::Json {
        source_name: source_name.to_string(),
        message: e.to_string(),
    })?;
    let shape = |message: &str| PlanError::Shape {
        source_name: source_name.to_string(),
        message: message.to_string(),
    };
    let plan = find_plan(&value).ok_or_else(|| {
        shape("no `resource_changes` array found (expected `terraform show -json` output)")
    })?;
    let changes = plan
        .get("resource_changes")
        .and_then(Value::as_array)
        .ok_or_else(|| shape("`resource_changes` is not an array"))?;
    if changes.len() > MAX_RESOURCE_CHANGES {
        return Err(shape(&format!(
            "{} resource changes is more than the {MAX_RESOURCE_CHANGES} lookout checks",
            changes.len()
        )));
    }
    changes
        .iter()
        .enumerate()
        .map(|(index, rc)| {
            let text = |key: &str| rc.get(key).and_then(Value::as_str).map(str::to_string);
            let change = rc
                .get("change")
                .ok_or_else(|| shape(&format!("resource_changes[{index}] has no `change`")))?;
            let actions = change
                .get("actions")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    shape(&format!(
                        "resource_changes[{index}].change.actions is missing"
                    ))
                })?
                .iter()
                .map(|a| {
                    a.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| a.to_string())
                })
                .collect();
            Ok(ResourceChange {
                address: text("address").unwrap_or_else(|| format!("resource_changes[{index}]")),
                resource_type: text("type").unwrap_or_default(),
                name: text("name").unwrap_or_default(),
                module: text("module_address"),
                actions,
                before: change.get("before").cloned().unwrap_or(Value::Null),
                after: change.get("after").cloned().unwrap_or(Value::Null),
            })
        })
        .collect()
}

/// The plan object: the document itself, or one nested in a mock wrapper
/// (`{"mock": {"case": {"tfplan": {...}}}}`, `{"plan": {...}}`), depth-limited.
fn find_plan(value: &Value) -> Option<&Value> {
    fn walk(value: &Value, depth: usize) -> Option<&Value> {
        let object = value.as_object()?;
        if object.get("resource_changes").is_some_and(Value::is_array) {
            return Some(value);
        }
        if depth == 0 {
            return None;
        }
        object.values().find_map(|v| walk(v, depth - 1))
    }
    walk(value, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_plans_are_clear_errors() {
        assert!(matches!(parse("p.json", "{"), Err(PlanError::Json { .. })));
        assert!(parse("p.json", "[]")
            .unwrap_err()
            .to_string()
            .contains("p.json: not a Terraform plan"));
        assert!(
            parse("p.json", r#"{"resource_changes": [{"address": "x"}]}"#)
                .unwrap_err()
                .to_string()
                .contains("has no `change`")
        );
        let ok = parse("p.json", r#"{"mock": {"a": {"tfplan": {"resource_changes": [{"address": "a.b", "type": "a", "name": "b", "change": {"actions": ["create"], "after": {}}}]}}}}"#).unwrap();
        assert_eq!(ok[0].actions, vec!["create"]);
    }
}
