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
    /// Derived facts, computed once here so that each policy rule need not
    /// recompute them per resource (policy time dominates `check` on big plans):
    /// some action other than no-op/read/forget;
    pub active: bool,
    /// a delete or replace among the actions;
    pub removes: bool,
    /// the resource's names: address, name, name-like fields and tag values of
    /// its state (after, or before for deletes).
    pub names: Vec<String>,
}

impl ResourceChange {
    fn new(
        address: String,
        resource_type: String,
        name: String,
        module: Option<String>,
        actions: Vec<String>,
        before: Value,
        after: Value,
    ) -> ResourceChange {
        let active = actions
            .iter()
            .any(|a| !matches!(a.as_str(), "no-op" | "read" | "forget"));
        let removes = actions
            .iter()
            .any(|a| matches!(a.as_str(), "delete" | "replace"));
        let state = if after.is_null() { &before } else { &after };
        let mut names = vec![address.clone(), name.clone()];
        for key in NAME_KEYS {
            if let Some(Value::String(value)) = state.get(key) {
                names.push(value.clone());
            }
        }
        for key in TAG_KEYS {
            if let Some(Value::Object(tags)) = state.get(key) {
                names.extend(tags.values().map(|v| match v {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                }));
            }
        }
        ResourceChange {
            address,
            resource_type,
            name,
            module,
            actions,
            before,
            after,
            active,
            removes,
            names,
        }
    }
}

/// Attributes that name a resource, and maps whose values do (tags, labels).
const NAME_KEYS: [&str; 7] = [
    "name",
    "identifier",
    "bucket",
    "cluster_identifier",
    "function_name",
    "cluster_name",
    "environment",
];
const TAG_KEYS: [&str; 3] = ["tags", "tags_all", "labels"];

/// Caps that keep a hostile plan from exhausting memory or time.
const MAX_RESOURCE_CHANGES: usize = 200_000;

/// `terraform show -json` output as lookout reads it: only `resource_changes`;
/// serde skips the (usually much larger) prior state, configuration and planned
/// values without building them.
#[derive(serde::Deserialize)]
struct PlanDocument {
    resource_changes: Vec<RawChange>,
}

#[derive(serde::Deserialize)]
struct RawChange {
    address: Option<String>,
    #[serde(rename = "type")]
    resource_type: Option<String>,
    name: Option<String>,
    module_address: Option<String>,
    change: RawChangeBody,
}

#[derive(serde::Deserialize)]
struct RawChangeBody {
    actions: Vec<String>,
    #[serde(default)]
    before: Value,
    #[serde(default)]
    after: Value,
}

/// Parses plan JSON text; `source_name` names it in errors.
pub fn parse(source_name: &str, text: &str) -> Result<Vec<ResourceChange>, PlanError> {
    // The fast path covers plain `terraform show -json` output; wrapped plans
    // and every malformed shape go the general way, which says what is wrong.
    if let Ok(document) = serde_json::from_str::<PlanDocument>(text) {
        if document.resource_changes.len() <= MAX_RESOURCE_CHANGES {
            return Ok(document
                .resource_changes
                .into_iter()
                .enumerate()
                .map(|(index, raw)| {
                    ResourceChange::new(
                        raw.address
                            .unwrap_or_else(|| format!("resource_changes[{index}]")),
                        raw.resource_type.unwrap_or_default(),
                        raw.name.unwrap_or_default(),
                        raw.module_address,
                        raw.change.actions,
                        raw.change.before,
                        raw.change.after,
                    )
                })
                .collect());
        }
    }
    parse_general(source_name, text)
}

fn parse_general(source_name: &str, text: &str) -> Result<Vec<ResourceChange>, PlanError> {
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
            Ok(ResourceChange::new(
                text("address").unwrap_or_else(|| format!("resource_changes[{index}]")),
                text("type").unwrap_or_default(),
                text("name").unwrap_or_default(),
                text("module_address"),
                actions,
                change.get("before").cloned().unwrap_or(Value::Null),
                change.get("after").cloned().unwrap_or(Value::Null),
            ))
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
