//! `lookout` with no subcommand: the workbench for the configured sources.

use std::process::ExitCode;

use super::GlobalArgs;

pub fn run(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let _ = global;
    anyhow::bail!("the workbench is not built yet")
}
