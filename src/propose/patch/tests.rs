use super::*;

const DEMO_FIX: &str = include_str!("../../../tests/data/patches/restore-db-pool.patch");

#[test]
fn the_demo_fix_parses_and_applies() {
    let patch = parse(DEMO_FIX).unwrap();
    assert_eq!(patch.files.len(), 2);
    validate(&patch, &ProposeConfig::default()).unwrap();
    let bad = include_str!("../../../demo/infra/config/checkout-api.toml");
    let fixed = apply(&patch.files[0], Some(bad)).unwrap();
    assert_eq!(
        fixed,
        include_str!("../../../demo/infra/config/checkout-api.toml.good")
    );
}

#[test]
fn hostile_paths_and_modes_are_rejected_with_reasons() {
    let cases = [
        ("diff --git a/../etc/passwd b/../etc/passwd\n--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1 +1 @@\n-a\n+b\n", "`..` leads outside"),
        ("--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n", "absolute paths"),
        ("diff --git a/.git/hooks/pre-commit b/.git/hooks/pre-commit\nnew file mode 100644\n--- /dev/null\n+++ b/.git/hooks/pre-commit\n@@ -0,0 +1 @@\n+rm -rf /\n", "under .git/"),
        ("diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+/etc/shadow\n", "symlinks"),
        ("diff --git a/sub b/sub\nnew file mode 160000\n--- /dev/null\n+++ b/sub\n@@ -0,0 +1 @@\n+Subproject commit abc\n", "submodules"),
        ("diff --git a/x.bin b/x.bin\nnew file mode 100644\nGIT binary patch\nliteral 3\nabc\n", "binary"),
        ("diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n", "executable-bit"),
    ];
    for (diff, reason) in cases {
        let error = parse(diff)
            .and_then(|p| validate(&p, &ProposeConfig::default()))
            .unwrap_err();
        assert!(error.to_string().contains(reason), "{diff:?}: {error}");
    }
    let huge: String = std::iter::once("--- a/big\n+++ b/big\n@@ -0,0 +1,6000 @@\n".to_string())
        .chain((0..6000).map(|i| format!("+line {i}\n")))
        .collect();
    assert!(validate(&parse(&huge).unwrap(), &ProposeConfig::default())
        .unwrap_err()
        .to_string()
        .contains("cap"));
    assert!(parse("just prose, no diff").is_err());
    assert!(matches!(
        parse("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n-a\n"),
        Err(PatchError::Malformed { .. })
    ));
}

#[test]
fn hunks_that_do_not_match_head_do_not_apply() {
    let patch = parse("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-expected\n+new\n").unwrap();
    let error = apply(&patch.files[0], Some("something else\n")).unwrap_err();
    assert!(
        error.to_string().contains("hunk 1 does not apply"),
        "{error}"
    );
}

#[test]
fn fenced_llm_answers_yield_their_diff() {
    let answer = format!("Here is the fix:\n```diff\n{DEMO_FIX}```\nRollback: revert the commit.");
    assert_eq!(parse(&extract_diff(&answer)).unwrap().files.len(), 2);
}
