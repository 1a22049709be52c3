//! `lookout prompts [NAME]`: list the prompt templates (and which file each
//! comes from), or print one.

use std::io::Write;
use std::process::ExitCode;

use super::output::BadInput;
use super::GlobalArgs;
use crate::llm::prompts::{template, SHIPPED};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A prompt to print: system, summary, runbook, postmortem, propose.
    pub name: Option<String>,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::config::load(&global.overrides())?;
    let dir = loaded.config.llm.prompt_dir.as_deref();
    let mut out = std::io::stdout().lock();
    match args.name {
        Some(name) => {
            let (text, origin) = template(&name, dir).map_err(|e| BadInput(e.to_string()))?;
            writeln!(out, "{{# {origin} #}}\n{text}")?;
        }
        None => {
            for (name, _) in SHIPPED {
                let (_, origin) = template(name, dir)?;
                writeln!(out, "{name:<11} {origin}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
