//! What the integration tests share: the one way to run the lookout binary
//! (`lookout`), and the real servers they talk to on 127.0.0.1 (moto,
//! Prometheus, the scripted OpenAI-compatible server, the AWS stand-in, the
//! fault-injecting proxy). benches/ include some of these files by path, so
//! the server modules stay free of `crate::` references.

pub mod aws_standin;
pub mod fault_proxy;
pub mod history;
pub mod moto;
pub mod openai_server;
pub mod prometheus;
pub mod workbench;

use std::path::Path;
use std::process::Command;

/// The lookout binary, run in `dir` as on a machine that has never seen
/// lookout or AWS: HOME is `dir`, and none of the developer's `LOOKOUT_*`,
/// `AWS_*`, `XDG_CONFIG_HOME` or `NO_COLOR` variables reach it — a test
/// passes or fails the same on every machine, and never reads real
/// credentials. AWS config files point into `dir` (absent unless the test
/// writes them); instance metadata is off. Tests add what they need.
pub fn lookout(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lookout"));
    clear_developer_environment(&mut command);
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("AWS_CONFIG_FILE", dir.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
    command
}

/// Removes what lookout (or the AWS SDK it uses) would read from the
/// developer's environment; also for commands that start lookout indirectly
/// (tmux, setpriv).
pub fn clear_developer_environment(command: &mut Command) {
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        if name.starts_with("LOOKOUT_") || name.starts_with("AWS_") {
            command.env_remove(name);
        }
    }
    command.env_remove("XDG_CONFIG_HOME").env_remove("NO_COLOR");
}
