//! What a changed config value sets. In a structured config file a changed
//! line often holds only a value: a Kubernetes env entry changes
//! `value: "20"` under `- name: GUNICORN_TIMEOUT`, a nested YAML key changes
//! `size: 5` under `pool:`. The value alone names nothing the incident could
//! mention; the keys it sits under say what was changed, and an operator
//! reads them as part of the change. So for each changed line of a config
//! file, the line that encloses it (the nearest line above it that is less
//! indented: the key a list entry's value belongs to, or the section a
//! `key: value` line sits in) joins the commit's words. Code is left alone: the function around a changed line of code is
//! what any edit of that function shares, not what this one changed.

/// File extensions of structured configuration, where indentation nests keys.
const CONFIG_EXTENSIONS: &[&str] = &[
    "yaml",
    "yml",
    "json",
    "toml",
    "ini",
    "cfg",
    "conf",
    "properties",
    "hcl",
    "tf",
    "tfvars",
];
/// Enclosing lines taken per changed line: one. A `key: value` line names its
/// key itself and the line above names its section; a list entry's value
/// (`value: "20"`) is named by the entry's first line (`- name: …`). Further
/// up is the file's structure (the container, `spec:`, `template:`), which
/// every change of the file shares.
pub const ENCLOSING_LEVELS: usize = 1;

/// Whether `path` is a structured config file (by extension, or `.env`).
pub fn is_config(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name == ".env" || name.starts_with(".env.") {
        return true;
    }
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| CONFIG_EXTENSIONS.contains(&ext))
}

/// The lines enclosing line `line_no` (1-based) of `text`: walking up, each
/// nearest non-blank, non-comment line less indented than the last one
/// found, at most `ENCLOSING_LEVELS` of them. A YAML list item's dash counts
/// as its indentation, so `- name: X` encloses the `value:` under it.
pub fn enclosing_lines(text: &str, line_no: usize) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(index) = line_no.checked_sub(1).filter(|i| *i < lines.len()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut indent = indentation(lines[index]);
    for line in lines[..index].iter().rev() {
        if found.len() >= ENCLOSING_LEVELS || indent == 0 {
            break;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        let own = indentation(line);
        if own < indent {
            found.push(trimmed);
            indent = own;
        }
    }
    found
}

/// The setting a changed config line makes, as `(key, value)` normalised
/// (`normalize_key`, value unquoted and lowercased): the line's own key
/// (`key: value`, `key = value`, `KEY=value`), or, for a bare `value:` of a
/// list entry, the `name` of the entry that encloses it (`- name: LOG_LEVEL`).
/// A service that reports its settings at start-up names them the same way,
/// so the two can be compared (score.rs: the running service's echo).
pub fn setting(line: &str, enclosing: &[&str]) -> Option<(String, String)> {
    let (key, value) = key_value(line)?;
    let key = if key.eq_ignore_ascii_case("value") {
        let (name_key, name) = key_value(enclosing.first()?)?;
        if !name_key.eq_ignore_ascii_case("name") {
            return None;
        }
        name
    } else {
        key
    };
    let key = normalize_key(key);
    let value = value.to_lowercase();
    (!key.is_empty() && !value.is_empty()).then_some((key, value))
}

/// `key: value`, `key = value` or `KEY=value`, with a list dash, quotes and
/// a trailing comma removed.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let line = line.trim().trim_start_matches("- ").trim();
    let split = line.find([':', '='])?;
    let key = line[..split].trim().trim_matches(['"', '\'']);
    let value = line[split + 1..]
        .trim()
        .trim_end_matches(',')
        .trim()
        .trim_matches(['"', '\'']);
    let plain = |t: &str| !t.is_empty() && !t.contains(char::is_whitespace);
    (plain(key) && plain(value)).then_some((key, value))
}

/// `LOG_LEVEL`, `logLevel`, `log-level` and `log.level` → `log_level`.
pub fn normalize_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower {
                out.push('_');
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The settings a log line reports about the running service: a JSON
/// line's top-level scalar fields, or a text line's `key=value` words, keys
/// normalised as `setting` does. The fields that describe the record itself
/// (its time, level and message) are not settings.
pub fn reported_settings(line: &str) -> Vec<(String, String)> {
    use crate::ingest::parse::envelope::{LEVEL_KEYS, MESSAGE_KEYS, TIME_KEYS};
    let envelope = |key: &str| {
        TIME_KEYS
            .iter()
            .chain(&LEVEL_KEYS)
            .chain(&MESSAGE_KEYS)
            .any(|k| k.eq_ignore_ascii_case(key))
    };
    let mut out = Vec::new();
    let trimmed = line.trim();
    if trimmed.starts_with('{') {
        if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(trimmed) {
            for (key, value) in fields.iter().filter(|(k, _)| !envelope(k)) {
                let value = match value {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    _ => continue,
                };
                out.push((normalize_key(key), value.to_lowercase()));
            }
        }
        return out;
    }
    for word in trimmed.split_whitespace() {
        if let Some((key, value)) = word.split_once('=') {
            let value = value.trim_matches(['"', '\'', ',']);
            if !key.is_empty() && !value.is_empty() && !envelope(key) {
                out.push((normalize_key(key), value.to_lowercase()));
            }
        }
    }
    out
}

fn indentation(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "spec:\n  containers:\n    - name: api\n      env:\n        - name: GUNICORN_TIMEOUT\n          value: \"20\"\n\n        # workers\n        - name: GUNICORN_WORKERS\n          value: \"8\"\n";

    #[test]
    fn a_changed_value_is_enclosed_by_its_key_or_section() {
        assert_eq!(enclosing_lines(MANIFEST, 6), ["- name: GUNICORN_TIMEOUT"]);
        // Blank lines and comments are skipped; a sibling item is not a parent.
        assert_eq!(enclosing_lines(MANIFEST, 10), ["- name: GUNICORN_WORKERS"]);
        assert_eq!(enclosing_lines("pool:\n  size: 5\n", 2), ["pool:"]);
    }

    #[test]
    fn top_level_lines_and_out_of_range_lines_have_no_enclosing_keys() {
        assert!(enclosing_lines("LOG_LEVEL=debug\nPORT=80\n", 2).is_empty());
        assert!(enclosing_lines(MANIFEST, 0).is_empty());
        assert!(enclosing_lines(MANIFEST, 99).is_empty());
    }

    #[test]
    fn a_changed_line_sets_its_own_key_or_its_entry_names_it() {
        let own = |line: &str| setting(line, &[]);
        assert_eq!(
            own("LOG_LEVEL=debug"),
            Some(("log_level".into(), "debug".into()))
        );
        assert_eq!(
            own("  logLevel: \"DEBUG\","),
            Some(("log_level".into(), "debug".into()))
        );
        assert_eq!(
            own("pool.max-size = 40"),
            Some(("pool_max_size".into(), "40".into()))
        );
        assert_eq!(
            setting("          value: \"debug\"", &["- name: LOG_LEVEL"]),
            Some(("log_level".into(), "debug".into()))
        );
        // A value with no entry name, a section header and prose set nothing.
        assert_eq!(setting("value: \"debug\"", &["env:"]), None);
        assert_eq!(own("pool:"), None);
        assert_eq!(own("# raise this: it is too low"), None);
    }

    #[test]
    fn a_start_up_line_reports_its_settings_but_not_its_envelope() {
        let json = r#"{"level":"info","ts":1.5,"msg":"starting","version":"61725f5","log_level":"debug","workers":8,"tags":["a"]}"#;
        let reported = reported_settings(json);
        assert!(reported.contains(&("log_level".into(), "debug".into())));
        assert!(reported.contains(&("workers".into(), "8".into())));
        assert!(!reported
            .iter()
            .any(|(k, _)| k == "level" || k == "msg" || k == "tags"));
        let text = reported_settings("level=info msg=\"starting\" log-level=DEBUG pool.size=40");
        assert_eq!(
            text,
            [
                ("log_level".to_string(), "debug".to_string()),
                ("pool_size".to_string(), "40".to_string())
            ]
        );
    }

    #[test]
    fn config_files_are_told_by_their_extension() {
        assert!(is_config("k8s/deployment.yaml"));
        assert!(is_config("config/app.TOML"));
        assert!(is_config("deploy/.env.production"));
        assert!(!is_config("src/server.js"));
        assert!(!is_config("Makefile"));
    }
}
