//! `lookout check PLAN.json|PATCH`: policy and risk for a Terraform plan or a diff.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::audit::entry::PolicyCheck;
use crate::audit::Details;
use crate::incident::folder::new_incident_id;
use crate::propose::{self, policy, risk};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 low risk, 10 medium, 20 high, 30 blocked by a deny policy, 2 bad input."
)]
pub struct Args {
    /// A Terraform plan (`terraform show -json` output) or a unified diff.
    #[arg(value_name = "PLAN.json|PATCH")]
    pub input: PathBuf,
    /// Print JSON: {"risk", "rules", "findings", "blocked", "denies", "two_person"}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::config::load(&global.overrides())?;
    let text = std::fs::read_to_string(&args.input)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", args.input.display())))?;
    let name = args.input.display().to_string();
    let incident = loaded
        .config
        .incident
        .id
        .clone()
        .unwrap_or_else(new_incident_id);
    let input = propose::policy_input_for_file(&name, &text, &incident, loaded.level)
        .map_err(|e| BadInput(e.to_string()))?;
    let evaluation = policy::evaluate(&input, &loaded.config.propose.policy_dirs)?;
    let assessment = risk::assess(evaluation);
    // Audited before the result is shown, like every decision lookout makes.
    let (_folder, mut audit) =
        super::common::open_incident(&loaded.config, &incident, loaded.level)?;
    audit.append(
        PolicyCheck {
            risk: assessment.risk.as_str().to_string(),
            rules: assessment.rules.clone(),
            blocked: assessment.blocked,
            two_person: assessment.two_person,
            denies: assessment.denies.len(),
            findings: assessment.findings.len(),
        }
        .entry(name.clone()),
    )?;
    if args.json {
        print_json_pretty(&assessment)?;
    } else {
        let mut out = std::io::stdout().lock();
        let badge = if assessment.blocked {
            "BLOCKED".to_string()
        } else {
            assessment.risk.as_str().to_uppercase()
        };
        writeln!(
            out,
            "RISK: {badge}   two-person review: {}   rules: {}",
            if assessment.two_person {
                "required"
            } else {
                "no"
            },
            if assessment.rules.is_empty() {
                "none".into()
            } else {
                assessment.rules.join(", ")
            }
        )?;
        for deny in &assessment.denies {
            writeln!(
                out,
                "  DENY   {:<28} {}  {}",
                deny.rule, deny.resource, deny.message
            )?;
        }
        for finding in &assessment.findings {
            writeln!(
                out,
                "  {:<6} {:<28} {}  {}",
                finding.severity, finding.rule, finding.resource, finding.message
            )?;
        }
    }
    Ok(ExitCode::from(assessment.exit_code()))
}
