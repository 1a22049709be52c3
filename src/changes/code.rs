//! What the failing code depends on. A stack frame or an error line names the
//! file where something broke (`/app/src/routes/home.js:9`), but the change
//! that broke it is often elsewhere: in a module that file imports, or in the
//! version of a package that module imports, which a dependency bump changes
//! without touching the failing file. So the import lines of every repository
//! file the incident names, and of the repository files those lines import,
//! become clue words, discounted by a half per import hop. Only import lines
//! are read: the failing file's other lines are what a change to that file
//! would share anyway, and they would favour any edit of it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::history::TreeVocabulary;
use super::tokens::tokens_into;

/// Weight kept per import hop: a file the failing code imports is one step
/// removed from the evidence, its own imports two.
pub const HOP_WEIGHT: f64 = 0.5;
/// Paths collected from the incident's lines at most.
pub const MAX_CODE_PATHS: usize = 256;
/// Bytes of a named or imported file read for its import lines.
const MAX_FILE_BYTES: usize = 64 * 1024;
/// Repository files followed from the named ones at most.
const MAX_IMPORTED_FILES: usize = 64;

/// Path-like words of a log line with a file name and an extension
/// (`/app/src/routes/home.js:9:24` → `/app/src/routes/home.js`).
pub fn paths_in(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "()[]{}<>\"'`,;=".contains(c))
        .filter_map(|word| {
            // Drop `:line:col` and a trailing full stop.
            let word = word.split(':').find(|part| part.contains('/'))?;
            let word = word.trim_end_matches('.');
            let file = word.rsplit('/').next()?;
            let (stem, extension) = file.rsplit_once('.')?;
            let is_file = !stem.is_empty()
                && (1..=5).contains(&extension.len())
                && extension.chars().all(|c| c.is_ascii_alphanumeric())
                && extension.chars().any(|c| c.is_ascii_alphabetic());
            is_file.then(|| word.to_string())
        })
        .collect()
}

/// Clue words from the import lines of the repository files `named` (path
/// seen in the incident → weight of its line) and of the files they import,
/// read from the tree at the onset.
pub fn imported_words(
    repo_path: &Path,
    tree: &TreeVocabulary,
    named: &BTreeMap<String, f64>,
) -> BTreeMap<String, f64> {
    match TreeReader::open(repo_path, tree, named) {
        Some(reader) => reader.imported_words(tree, named),
        None => BTreeMap::new(),
    }
}

/// `imported_words` of each named path on its own (which path gave which
/// words), with the repository opened once.
pub fn imported_words_each(
    repo_path: &Path,
    tree: &TreeVocabulary,
    named: &BTreeMap<String, f64>,
) -> Vec<(String, BTreeMap<String, f64>)> {
    let Some(reader) = TreeReader::open(repo_path, tree, named) else {
        return Vec::new();
    };
    named
        .iter()
        .map(|(path, weight)| {
            let single = BTreeMap::from([(path.clone(), *weight)]);
            (path.clone(), reader.imported_words(tree, &single))
        })
        .collect()
}

/// The repository's tree at the onset, for reading files from it.
struct TreeReader {
    repo: git2::Repository,
    tree: git2::Oid,
}

impl TreeReader {
    fn open(
        repo_path: &Path,
        tree: &TreeVocabulary,
        named: &BTreeMap<String, f64>,
    ) -> Option<TreeReader> {
        let (Some(commit), false) = (&tree.commit, named.is_empty()) else {
            return None;
        };
        let repo = git2::Repository::open(repo_path).ok()?;
        let tree = git2::Oid::from_str(commit)
            .and_then(|oid| repo.find_commit(oid))
            .and_then(|c| c.tree())
            .ok()?
            .id();
        Some(TreeReader { repo, tree })
    }

    fn read(&self, path: &str) -> Option<String> {
        let tree = self.repo.find_tree(self.tree).ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        let content = &blob.content()[..blob.content().len().min(MAX_FILE_BYTES)];
        (!content.contains(&0)).then(|| String::from_utf8_lossy(content).into_owned())
    }

    fn imported_words(
        &self,
        tree: &TreeVocabulary,
        named: &BTreeMap<String, f64>,
    ) -> BTreeMap<String, f64> {
        let mut words: BTreeMap<String, f64> = BTreeMap::new();
        let mut followed: BTreeSet<&str> = BTreeSet::new();
        for (seen, weight) in named {
            for file in resolve(seen, &tree.paths) {
                let Some(content) = self.read(file) else {
                    continue;
                };
                let imports = import_lines(&content);
                add_words(&mut words, &imports, weight * HOP_WEIGHT);
                for imported in imported_files(&imports, file, &tree.paths) {
                    if followed.len() >= MAX_IMPORTED_FILES || !followed.insert(imported) {
                        continue;
                    }
                    if let Some(content) = self.read(imported) {
                        let second = import_lines(&content);
                        add_words(&mut words, &second, weight * HOP_WEIGHT * HOP_WEIGHT);
                    }
                }
            }
        }
        words
    }
}

/// Clue words of the repository files `named` themselves (path seen in the
/// incident → weight of its line): their paths in the tree, at the line's
/// weight. A line that shows the path gives its words anyway; this gives
/// them when the format keeps the path out of the template (a stack in a
/// JSON field, a frame the parser did not fold), so that a change to the
/// failing file shares its name with the failure whatever the format.
pub fn named_file_words(
    tree: &TreeVocabulary,
    named: &BTreeMap<String, f64>,
) -> BTreeMap<String, f64> {
    let mut words: BTreeMap<String, f64> = BTreeMap::new();
    for (seen, weight) in named {
        for file in resolve(seen, &tree.paths) {
            add_words(&mut words, &file.replace('/', " "), *weight);
        }
    }
    words
}

fn add_words(words: &mut BTreeMap<String, f64>, text: &str, weight: f64) {
    let mut found = BTreeSet::new();
    tokens_into(text, &mut found);
    for word in found {
        let entry = words.entry(word).or_default();
        *entry = entry.max(weight);
    }
}

/// The tree files a path from a log line names: those with its file name
/// whose trailing path components match it furthest (`/app/src/x.js` →
/// `src/x.js`). A file name no tree file has names nothing.
fn resolve<'a>(seen: &str, paths: &'a [String]) -> Vec<&'a str> {
    let seen: Vec<&str> = seen.split('/').filter(|c| !c.is_empty()).collect();
    let mut best = 0;
    let mut found = Vec::new();
    for path in paths {
        let common = path
            .split('/')
            .rev()
            .zip(seen.iter().rev())
            .take_while(|(a, b)| a == *b)
            .count();
        if common == 0 {
            continue;
        }
        if common > best {
            best = common;
            found.clear();
        }
        if common == best {
            found.push(path.as_str());
        }
    }
    found
}

/// The lines of a source file that import something, in the forms common
/// languages write them: `import …`, `from … import`, `use …;`,
/// `require(…)`, `#include`, Go's import blocks.
fn import_lines(content: &str) -> String {
    let mut out = String::new();
    let mut in_go_block = false;
    for line in content.lines() {
        let trimmed = line.trim_start();
        if in_go_block {
            if trimmed.starts_with(')') {
                in_go_block = false;
            } else {
                out.push_str(trimmed);
                out.push('\n');
            }
            continue;
        }
        if trimmed.starts_with("import (") {
            in_go_block = true;
            continue;
        }
        let imports = ["import ", "from ", "use ", "#include", "require "]
            .iter()
            .any(|p| trimmed.starts_with(p))
            || trimmed.contains("require(")
            || trimmed.contains("import(");
        if imports {
            out.push_str(trimmed);
            out.push('\n');
        }
    }
    out
}

/// Repository files the import lines of `file` name: a file whose path
/// without its extension, at least its directory and name, appears in them
/// with `/` or `.` between the parts (`../clients/catalog`,
/// `from catalog.db import`, `github.com/x/svc/internal/customers`).
fn imported_files<'a>(imports: &str, file: &str, paths: &'a [String]) -> Vec<&'a str> {
    let normalized = imports.replace(['.', '\\'], "/");
    paths
        .iter()
        .filter(|path| path.as_str() != file)
        .filter(|path| {
            let without_extension = path.rsplit_once('.').map_or(path.as_str(), |(p, _)| p);
            let parts: Vec<&str> = without_extension.rsplit('/').take(3).collect();
            // The file itself (`clients/catalog`), or its directory when the
            // language imports packages (`internal/customers`).
            let mut keys = Vec::new();
            if parts.len() >= 2 {
                keys.push(format!("{}/{}", parts[1], parts[0]));
            }
            if parts.len() >= 3 {
                keys.push(format!("{}/{}", parts[2], parts[1]));
            }
            keys.iter().any(|key| {
                normalized.match_indices(key.as_str()).any(|(at, _)| {
                    let before = normalized[..at].chars().next_back();
                    let after = normalized[at + key.len()..].chars().next();
                    let boundary = |c: char| !(c.is_alphanumeric() || c == '_' || c == '-');
                    before.is_none_or(boundary) && after.is_none_or(boundary)
                })
            })
        })
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_from_frames_and_error_lines() {
        assert_eq!(
            paths_in("    at home (/app/src/routes/home.js:9:24)"),
            ["/app/src/routes/home.js"]
        );
        assert_eq!(
            paths_in(r#"  File "/app/catalog/cache.py", line 17, in product"#),
            ["/app/catalog/cache.py"]
        );
        assert!(paths_in("GET /v1/products/123 failed 10.0.0.1").is_empty());
        assert!(paths_in("node:internal/process/task_queues:95:5").is_empty());
    }

    #[test]
    fn a_named_file_resolves_by_its_trailing_components_and_its_imports_are_followed() {
        let paths: Vec<String> = [
            "src/routes/home.js",
            "src/clients/catalog.js",
            "test/home.test.js",
            "catalog/db.py",
            "internal/customers/customer.go",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        assert_eq!(
            resolve("/app/src/routes/home.js", &paths),
            ["src/routes/home.js"]
        );
        assert!(resolve("/srv/other/main.go", &paths).is_empty());
        let js = "'use strict';\nconst catalog = require('../clients/catalog');\n\nfunction x() { return catalog.products(); }\n";
        let imports = import_lines(js);
        assert!(imports.contains("../clients/catalog") && !imports.contains("products()"));
        assert_eq!(
            imported_files(&imports, "src/routes/home.js", &paths),
            ["src/clients/catalog.js"]
        );
        let py = import_lines("import json\nfrom catalog.db import load\n\nx = 1\n");
        assert_eq!(
            imported_files(&py, "catalog/cache.py", &paths),
            ["catalog/db.py"]
        );
        let go = import_lines(
            "package a\n\nimport (\n\t\"fmt\"\n\t\"github.com/x/svc/internal/customers\"\n)\n",
        );
        assert_eq!(
            imported_files(&go, "main.go", &paths),
            ["internal/customers/customer.go"],
            "a Go import path names the package's directory"
        );
    }

    #[test]
    fn a_named_file_lends_the_words_of_its_tree_path_at_its_line_weight() {
        let tree = TreeVocabulary {
            paths: vec!["src/validate.js".into(), "src/server.js".into()],
            ..TreeVocabulary::default()
        };
        let named: BTreeMap<String, f64> = [
            ("/app/src/validate.js".to_string(), 0.5),
            ("/usr/lib/node/internal.js".to_string(), 1.0),
        ]
        .into_iter()
        .collect();
        let words = named_file_words(&tree, &named);
        assert_eq!(words.get("validate.js"), Some(&0.5), "{words:?}");
        assert_eq!(words.get("validate"), Some(&0.5), "{words:?}");
        // A path no tree file has names nothing; the others are not named.
        assert!(!words.contains_key("internal") && !words.contains_key("server"));
    }
}
