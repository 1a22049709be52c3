//! `lookout tail --cloudwatch GROUP …` (placeholder: owned by the CloudWatch work).

use std::process::ExitCode;

use super::GlobalArgs;

/// CloudWatch flags of `lookout tail`, flattened into its arguments.
#[derive(Debug, Clone, clap::Args, Default)]
pub struct CloudwatchArgs {
    /// Read this CloudWatch Logs group instead of files.
    #[arg(long, value_name = "GROUP")]
    pub cloudwatch: Option<String>,
}

pub fn run(args: CloudwatchArgs, json: bool, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let _ = (args, json, global);
    anyhow::bail!("`lookout tail --cloudwatch` is not built yet")
}
