//! Can a change reach the running service? A commit that touches only
//! documentation, tests or CI configuration changes nothing that is built,
//! deployed or read at run time, so it rarely explains an incident; anything
//! else (code, config, manifests, infrastructure, dependencies) can.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    /// Code, config, manifests, infrastructure, dependency locks: reaches the service.
    Runtime,
    Docs,
    Tests,
    Ci,
}

impl FileRole {
    pub fn reaches_service(self) -> bool {
        self == FileRole::Runtime
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FileRole::Runtime => "runtime",
            FileRole::Docs => "docs",
            FileRole::Tests => "tests",
            FileRole::Ci => "ci",
        }
    }
}

const DOC_EXTENSIONS: &[&str] = &["md", "markdown", "rst", "adoc", "txt", "org"];
const DOC_NAMES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "changelog",
    "changes",
    "authors",
    "contributing",
    "codeowners",
    "notice",
    "copying",
    "security",
];
const DOC_DIRS: &[&str] = &["docs", "doc", "documentation", "adr", "adrs", "runbooks"];
const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "spec",
    "specs",
    "__tests__",
    "testdata",
    "test-data",
    "fixtures",
    "e2e",
];
const CI_DIRS: &[&str] = &[
    ".github",
    ".circleci",
    ".gitlab",
    ".buildkite",
    ".woodpecker",
];
const CI_FILES: &[&str] = &[
    ".gitlab-ci.yml",
    ".travis.yml",
    "jenkinsfile",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    ".drone.yml",
    "cloudbuild.yaml",
    ".pre-commit-config.yaml",
    ".editorconfig",
    ".gitignore",
    ".gitattributes",
    ".mailmap",
];

/// The role of one path in the repository.
pub fn classify(path: &str) -> FileRole {
    let lower = path.to_ascii_lowercase();
    let components: Vec<&str> = lower.split('/').collect();
    let file = components.last().copied().unwrap_or("");
    let dirs = &components[..components.len().saturating_sub(1)];
    if dirs.iter().any(|d| CI_DIRS.contains(d)) || CI_FILES.contains(&file) {
        return FileRole::Ci;
    }
    if dirs.iter().any(|d| TEST_DIRS.contains(d)) || is_test_file(file) {
        return FileRole::Tests;
    }
    let (stem, extension) = match file.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, extension),
        _ => (file, ""),
    };
    if dirs.iter().any(|d| DOC_DIRS.contains(d))
        || DOC_EXTENSIONS.contains(&extension)
        || DOC_NAMES.contains(&stem)
    {
        return FileRole::Docs;
    }
    FileRole::Runtime
}

/// Release notes: what they say restates the commits they list (`release
/// 3.8.0` adds each released change's subject to `CHANGELOG.md`), so their
/// lines are not words of the commit that writes them
/// (Keep a Changelog's and GNU's file names).
pub fn is_changelog(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let (stem, extension) = file.split_once('.').unwrap_or((file, ""));
    // A text file, not code that happens to be named so (`src/changes.rs`).
    (extension.is_empty() || DOC_EXTENSIONS.contains(&extension))
        && matches!(
            stem,
            "changelog"
                | "changes"
                | "history"
                | "news"
                | "release-notes"
                | "release_notes"
                | "releasenotes"
        )
}

/// `foo_test.go`, `test_foo.py`, `foo.test.ts`, `foo_spec.rb` (Java tests live under `test/`).
fn is_test_file(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or(file);
    stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_spec")
        || file.contains(".test.")
        || file.contains(".spec.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_notes_are_told_by_their_conventional_names() {
        for path in [
            "CHANGELOG.md",
            "docs/CHANGES.rst",
            "HISTORY",
            "NEWS",
            "release-notes.md",
        ] {
            assert!(is_changelog(path), "{path}");
        }
        for path in [
            "src/changes.rs",
            "src/history/store.go",
            "README.md",
            "package.json",
        ] {
            assert!(!is_changelog(path), "{path}");
        }
    }

    #[test]
    fn docs_tests_and_ci_are_told_from_what_runs() {
        for (path, role) in [
            ("README.md", FileRole::Docs),
            ("docs/runbook.yaml", FileRole::Docs),
            ("LICENSE", FileRole::Docs),
            ("tests/test_pool.py", FileRole::Tests),
            ("pkg/pool/pool_test.go", FileRole::Tests),
            ("web/src/cart.spec.ts", FileRole::Tests),
            ("src/test/java/PoolTest.java", FileRole::Tests),
            (".github/workflows/ci.yml", FileRole::Ci),
            (".gitlab-ci.yml", FileRole::Ci),
            ("config/checkout-api.toml", FileRole::Runtime),
            ("k8s/deployment.yaml", FileRole::Runtime),
            ("src/pool.rs", FileRole::Runtime),
            ("Dockerfile", FileRole::Runtime),
            ("go.sum", FileRole::Runtime),
        ] {
            assert_eq!(classify(path), role, "{path}");
        }
    }
}
