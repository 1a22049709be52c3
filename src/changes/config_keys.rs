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
    fn config_files_are_told_by_their_extension() {
        assert!(is_config("k8s/deployment.yaml"));
        assert!(is_config("config/app.TOML"));
        assert!(is_config("deploy/.env.production"));
        assert!(!is_config("src/server.js"));
        assert!(!is_config("Makefile"));
    }
}
