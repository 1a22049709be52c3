//! `lookout propose`: validate a diff, check it against policy, and — at Level 1,
//! after explicit confirmation — stage it as a commit on a new local branch with
//! a PR draft (the `propose::flow` the workbench runs too). Nothing is pushed;
//! lookout never runs git push, gh or terraform. `--from-incident` drafts the
//! diff instead of reading one (`propose_incident.rs`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::incident::folder::new_incident_id;
use crate::propose::flow::PrepareError;
use crate::propose::{self, risk, stage, Prepared, ProposalInput};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 staged (or checked at Level 0, or --from-incident found no change to propose), 1 refused, 2 bad input (malformed or rejected diff), 30 blocked by policy."
)]
pub struct Args {
    /// The unified diff (an LLM answer with ```diff blocks works too).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "from_incident",
        conflicts_with = "from_incident"
    )]
    pub patch: Option<PathBuf>,
    /// Draft the fix from the incident instead (LLM, else a revert of the top suspect commit).
    #[arg(long)]
    pub from_incident: bool,
    /// The incident (with --from-incident) and the target repository.
    #[command(flatten)]
    pub incident: super::incident_input::IncidentArgs,
    /// With --from-incident: ranked suspect changes as JSON (an array, or an object with
    /// "suspects"), each {id: "C1a2b3c", subject, time_ms, files, score, reasons}.
    #[arg(long, value_name = "FILE", requires = "from_incident")]
    pub suspects: Option<PathBuf>,
    /// With --from-incident: OpenAI-compatible endpoint (overrides llm.base_url).
    #[arg(long, value_name = "URL", requires = "from_incident")]
    pub llm_base_url: Option<String>,
    /// With --from-incident: model name (overrides llm.model).
    #[arg(long, value_name = "MODEL", requires = "from_incident")]
    pub llm_model: Option<String>,
    /// A Terraform plan (`terraform show -json`) for the same change.
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    /// Title of the commit and PR.
    #[arg(long, default_value = "lookout proposal")]
    pub title: String,
    /// Branch slug (default: from the title).
    #[arg(long)]
    pub slug: Option<String>,
    /// Confirm staging without a prompt (needed without a terminal).
    #[arg(long)]
    pub yes: bool,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    if args.from_incident {
        return super::propose_incident::run(args, global);
    }
    if args.incident.names_an_incident() {
        return Err(BadInput(
            "log files, --demo, --onset, --since, --line-format and --metrics-file go with --from-incident"
                .into(),
        )
        .into());
    }
    let Some(patch) = args.patch.clone() else {
        return Err(BadInput("give --patch FILE, or --from-incident".into()).into());
    };
    let loaded = crate::config::load(&global.overrides())?;
    let config = &loaded.config;
    let repo = match args
        .incident
        .repo
        .clone()
        .or_else(|| service_repo(global, config))
    {
        Some(repo) => repo,
        None => {
            return Err(BadInput(
                "give --repo PATH (or --service NAME with a repo in the config)".into(),
            )
            .into())
        }
    };
    let text = std::fs::read_to_string(&patch)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", patch.display())))?;
    let plan = match &args.plan {
        Some(path) => Some((
            path.display().to_string(),
            std::fs::read_to_string(path)
                .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?,
        )),
        None => None,
    };
    let incident = config.incident.id.clone().unwrap_or_else(new_incident_id);
    let (folder, mut audit) = super::common::open_incident(config, &incident, loaded.level)?;
    let input = ProposalInput {
        repo: &repo,
        diff: &text,
        plan: plan
            .as_ref()
            .map(|(name, text)| (name.as_str(), text.as_str())),
        title: &args.title,
        slug: args.slug.as_deref(),
        incident: &incident,
        level: loaded.level,
        texts: None,
    };
    let patch_name = patch.display();
    let prepared = match propose::prepare(&input, &config.propose, &mut audit) {
        Ok(prepared) => prepared,
        Err(PrepareError::Diff(message)) => {
            return Err(BadInput(format!("{patch_name}: {message}")).into())
        }
        Err(err @ PrepareError::Rejected(_)) => {
            return Err(BadInput(format!("{patch_name}: {err}")).into())
        }
        Err(PrepareError::Plan(message)) => return Err(BadInput(message).into()),
        Err(other) => return Err(other.into()),
    };
    let assessment = &prepared.assessment;
    if assessment.blocked {
        report(&args, assessment, None, None, None)?;
        return Ok(ExitCode::from(30));
    }
    if let Err(err) = loaded.level.ensure_may_stage() {
        report(&args, assessment, None, None, None)?;
        eprintln!("lookout: not staged: {err}");
        return Ok(ExitCode::from(1));
    }
    if !confirmed(&args, &prepared)? {
        report(&args, assessment, None, None, None)?;
        eprintln!("lookout: not staged: staging needs confirmation (answer y, or pass --yes)");
        return Ok(ExitCode::from(1));
    }
    let staged = propose::stage_with_pr_draft(&prepared, &folder, &mut audit)?;
    report(
        &args,
        assessment,
        Some(&staged.staged),
        Some(&staged.pr_draft),
        None,
    )?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn service_repo(global: &GlobalArgs, config: &crate::config::Config) -> Option<PathBuf> {
    let name = global.service.as_deref()?;
    config
        .services
        .iter()
        .find(|s| s.name == name)?
        .repo
        .clone()
}

/// `--yes`, or a y/N answer on a terminal; never assumed.
pub(super) fn confirmed(args: &Args, prepared: &Prepared) -> anyhow::Result<bool> {
    if args.yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "Stage as local branch {} ({} file(s))? Nothing is pushed. [y/N] ",
        prepared.branch,
        prepared.files.len()
    )?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// Prints the assessment, what was staged, and (`fix`) how a drafted fix came about.
pub(super) fn report(
    args: &Args,
    assessment: &risk::Assessment,
    staged: Option<&stage::Staged>,
    draft: Option<&PathBuf>,
    fix: Option<serde_json::Value>,
) -> anyhow::Result<()> {
    if args.json {
        return print_json_pretty(
            &serde_json::json!({"assessment": assessment, "staged": staged, "pr_draft": draft, "fix": fix}),
        );
    }
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
            "none".to_string()
        } else {
            assessment.rules.join(", ")
        }
    )?;
    for deny in &assessment.denies {
        writeln!(
            out,
            "  DENY {}: {} ({})",
            deny.rule, deny.message, deny.resource
        )?;
    }
    for finding in &assessment.findings {
        writeln!(
            out,
            "  {} {}: {} ({})",
            finding.severity, finding.rule, finding.message, finding.resource
        )?;
    }
    if let Some(staged) = staged {
        writeln!(
            out,
            "staged: branch {} commit {} ({} file(s)); nothing was pushed",
            staged.branch,
            &staged.commit[..12.min(staged.commit.len())],
            staged.files.len()
        )?;
    }
    if let Some(draft) = draft {
        writeln!(out, "PR draft: {}", draft.display())?;
    }
    Ok(())
}
