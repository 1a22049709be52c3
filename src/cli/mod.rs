//! The command line: one file per subcommand, all calling the same library
//! functions the TUI uses. Only `cli/` prints.

pub mod ask;
pub mod audit;
pub mod changes;
pub mod check;
pub mod common;
pub mod config;
pub mod copilot;
pub mod demo;
pub mod doctor;
pub mod eval;
pub mod incident_input;
pub mod metrics;
pub mod output;
pub mod prompts;
pub mod propose;
pub mod propose_incident;
pub mod redact;
pub mod scoreboard;
pub mod signals;
pub mod tail;
pub mod tail_cloudwatch;
pub mod tail_summary;
pub mod templates;
pub mod workbench;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::level::Level;

/// lookout — an incident workbench that reads, explains and proposes, and cannot change production.
///
/// With no subcommand, opens the workbench for the configured sources
/// (`lookout.toml`, or `--service NAME`). Try `lookout demo` first.
#[derive(Debug, Parser)]
#[command(name = "lookout", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub workbench: workbench::WorkbenchArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every subcommand accepts.
#[derive(Debug, Clone, clap::Args, Default)]
pub struct GlobalArgs {
    /// Config file to use instead of ./lookout.toml (still layered over ~/.config/lookout/config.toml).
    #[arg(long, global = true, value_name = "PATH", env = "LOOKOUT_CONFIG")]
    pub config: Option<PathBuf>,
    /// Autonomy level: 0 read-only (default), 1 propose. 2 and 3 are refused.
    #[arg(long, global = true, value_name = "0|1")]
    pub level: Option<Level>,
    /// Theme: default, light, high-contrast, or a path to a theme .toml.
    #[arg(long, global = true, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Open the workbench of this [[service]] from the config.
    #[arg(long, global = true, value_name = "NAME")]
    pub service: Option<String>,
    /// Incident id (folder .lookout/incidents/<ID>/); default: one from the start time.
    #[arg(long, global = true, value_name = "ID")]
    pub incident: Option<String>,
    /// Start even when the credential guard cannot run its permission
    /// simulation (iam:SimulatePrincipalPolicy denied); the status bar then
    /// says "credentials unverified". Never overrides credentials that can write.
    #[arg(long, global = true)]
    pub unverified_credentials: bool,
}

impl GlobalArgs {
    /// The flags that override the config files and the environment.
    pub fn overrides(&self) -> crate::config::Overrides {
        crate::config::Overrides {
            config: self.config.clone(),
            level: self.level,
            theme: self.theme.clone(),
            incident: self.incident.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Replay the embedded demo incident (no network, no API key).
    Demo(demo::Args),
    /// Follow files, directories, globs, stdin (-) or a CloudWatch log group.
    Tail(tail::Args),
    /// Mine log templates from files (Drain-style) and print them.
    Templates(templates::Args),
    /// Detect signals (new/bursting templates, error surges) in files.
    Signals(signals::Args),
    /// Redact secrets from a file or stdin.
    Redact(redact::Args),
    /// Rank the repo's recent commits as suspects of the incident (what changed).
    Changes(changes::Args),
    /// Score the co-pilot on incident scenarios (culprit, root cause, fix files, tokens).
    Eval(eval::Args),
    /// Draft an incident summary (LLM, or the offline analyst).
    Summarize(copilot::Args),
    /// Draft a runbook (LLM, or the offline analyst).
    Runbook(copilot::Args),
    /// Draft a no-blame postmortem (LLM, or the offline analyst).
    Postmortem(copilot::Args),
    /// Ask a question about an incident; the answer cites the evidence and is checked.
    Ask(ask::Args),
    /// List the prompt templates, or print one.
    Prompts(prompts::Args),
    /// Evaluate a Terraform plan JSON or a patch against policy; print its risk.
    Check(check::Args),
    /// Validate, check and (Level 1, confirmed) stage a patch as a local branch.
    Propose(propose::Args),
    /// Verify or show an incident's audit log.
    Audit(audit::Args),
    /// Totals from every incident's audit log.
    Scoreboard(scoreboard::Args),
    /// Query a Prometheus-compatible API.
    Metrics(metrics::Args),
    /// Check that the AWS credentials can only read (the credential guard).
    #[command(after_help = doctor::EXIT_CODES)]
    Doctor(doctor::Args),
    /// Print the effective configuration and where each value came from.
    Config(config::Args),
}

/// Entry point used by `main.rs`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => workbench::run(&cli.global, &cli.workbench),
        Some(Command::Demo(args)) => demo::run(args, &cli.global),
        Some(Command::Tail(args)) => tail::run(args, &cli.global),
        Some(Command::Templates(args)) => templates::run(args, &cli.global),
        Some(Command::Signals(args)) => signals::run(args, &cli.global),
        Some(Command::Redact(args)) => redact::run(args, &cli.global),
        Some(Command::Changes(args)) => changes::run(args, &cli.global),
        Some(Command::Eval(args)) => eval::run(args, &cli.global),
        Some(Command::Summarize(args)) => {
            copilot::run(crate::llm::draft::DraftKind::Summary, args, &cli.global)
        }
        Some(Command::Runbook(args)) => {
            copilot::run(crate::llm::draft::DraftKind::Runbook, args, &cli.global)
        }
        Some(Command::Postmortem(args)) => {
            copilot::run(crate::llm::draft::DraftKind::Postmortem, args, &cli.global)
        }
        Some(Command::Ask(args)) => ask::run(args, &cli.global),
        Some(Command::Prompts(args)) => prompts::run(args, &cli.global),
        Some(Command::Check(args)) => check::run(args, &cli.global),
        Some(Command::Propose(args)) => propose::run(args, &cli.global),
        Some(Command::Audit(args)) => audit::run(args, &cli.global),
        Some(Command::Scoreboard(args)) => scoreboard::run(args, &cli.global),
        Some(Command::Metrics(args)) => metrics::run(args, &cli.global),
        Some(Command::Doctor(args)) => doctor::run(args, &cli.global),
        Some(Command::Config(args)) => config::run(args, &cli.global),
    };
    output::finish(result)
}
