//! `lookout copilot` (placeholder: owned by the issue that builds it).

use std::process::ExitCode;

use super::GlobalArgs;

#[derive(Debug, clap::Args)]
pub struct Args {}

/// Which draft to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    Summary,
    Runbook,
    Postmortem,
}

pub fn run(draft: Draft, args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let _ = (draft, args, global);
    anyhow::bail!("`lookout copilot` is not built yet")
}
