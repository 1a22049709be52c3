//! Configuration layering (user file < repo file < env < flags), `lookout config`
//! origins, and a folder of invalid configs each failing with its own message.

use std::path::Path;
use std::process::Output;

/// lookout in `cwd` with its user config under `home`, and `env` added to an
/// environment without the developer's LOOKOUT_* (the layering must not see them).
fn run(cwd: &Path, home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = crate::support::lookout(cwd);
    command.env("HOME", home);
    for (key, value) in env {
        command.env(key, value);
    }
    command.args(args).output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn files_env_and_flags_layer_in_order_and_origins_are_shown() {
    let home = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let user_dir = home.path().join(".config/lookout");
    std::fs::create_dir_all(&user_dir).unwrap();
    std::fs::write(
        user_dir.join("config.toml"),
        "[llm]\nmodel = \"from-user\"\nmax_tokens = 99\n[ui]\ntheme = \"light\"\n",
    )
    .unwrap();
    std::fs::write(
        repo.path().join("lookout.toml"),
        "[llm]\nmodel = \"from-repo\"\n",
    )
    .unwrap();
    let sub = repo.path().join("sub/dir");
    std::fs::create_dir_all(&sub).unwrap();

    let out = run(&sub, home.path(), &["config", "--json"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["config"]["llm"]["model"], "from-repo",
        "repo file wins over the user file"
    );
    assert_eq!(
        json["config"]["llm"]["max_tokens"], 99,
        "the user file still supplies what the repo file leaves out"
    );
    assert!(json["origins"]["llm.model"]
        .as_str()
        .unwrap()
        .ends_with("lookout.toml"));
    assert!(json["origins"]["llm.max_tokens"]
        .as_str()
        .unwrap()
        .ends_with("config.toml"));

    let out = run(
        &sub,
        home.path(),
        &["config", "--json", "--level", "1"],
        &[("LOOKOUT_LLM_MODEL", "from-env"), ("LOOKOUT_LEVEL", "0")],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["config"]["llm"]["model"], "from-env");
    assert_eq!(json["origins"]["llm.model"], "env LOOKOUT_LLM_MODEL");
    assert_eq!(json["level"], 1, "the flag wins over the env");
    assert_eq!(json["origins"]["level"], "flag --level");

    let human = text(&run(&sub, home.path(), &["config"], &[]));
    assert!(
        human.contains("llm.model = \"from-repo\"  # ") && human.contains("# default"),
        "{human}"
    );
}

#[test]
fn every_invalid_config_fails_with_its_message() {
    let home = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let body = std::fs::read_to_string(&path).unwrap();
        let expect = body
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("first line: # expect: …");
        let out = run(
            home.path(),
            home.path(),
            &["--config", path.to_str().unwrap(), "config"],
            &[],
        );
        let message = text(&out);
        assert_eq!(out.status.code(), Some(1), "{}: {message}", path.display());
        assert!(
            message.contains(expect),
            "{}: expected {expect:?} in {message:?}",
            path.display()
        );
        assert!(
            message.contains(path.file_name().unwrap().to_str().unwrap()),
            "error names the file: {message}"
        );
        checked += 1;
    }
    assert!(checked >= 8);
}

#[test]
fn a_refused_level_from_the_environment_is_explained() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        home.path(),
        home.path(),
        &["config"],
        &[("LOOKOUT_LEVEL", "2")],
    );
    let message = text(&out);
    assert!(!out.status.success());
    assert!(
        message.contains("env LOOKOUT_LEVEL") && message.contains("never executes changes"),
        "{message}"
    );
}

#[test]
fn the_shipped_example_config_is_valid() {
    let home = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("lookout.example.toml");
    let out = run(
        home.path(),
        home.path(),
        &["--config", example.to_str().unwrap(), "config", "--json"],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["config"]["service"][0]["name"], "checkout-api");
}

#[test]
fn the_workbench_names_unknown_and_missing_services() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("lookout.toml"),
        "[[service]]\nname = \"payments\"\nfiles = [\"app.log\"]\n",
    )
    .unwrap();
    let out = run(home.path(), home.path(), &["--service", "checkout"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("no [[service]] named \"checkout\" in the config (known: payments)"),
        "{}",
        text(&out)
    );
    let out = run(home.path(), home.path(), &["--service", "payments"], &[]);
    assert!(
        text(&out).contains("app.log: no such file"),
        "{}",
        text(&out)
    );
}
