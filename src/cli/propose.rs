//! `lookout propose`: validate a diff, check it against policy, and — at Level 1,
//! after explicit confirmation — stage it as a commit on a new local branch with
//! a PR draft. Nothing is pushed; lookout never runs git push, gh or terraform.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::audit::{AuditEntry, AuditLog};
use crate::incident::{folder::new_incident_id, IncidentFolder};
use crate::propose::pr_draft::{self, Proposal};
use crate::propose::{patch, plan, policy, risk, stage};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 staged (or checked at Level 0), 1 refused, 2 bad input (malformed or rejected diff), 30 blocked by policy."
)]
pub struct Args {
    /// The target repository (default: the --service's repo from the config).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// The unified diff (an LLM answer with ```diff blocks works too).
    #[arg(long, value_name = "FILE")]
    pub patch: PathBuf,
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
    let loaded = crate::config::load(global)?;
    let config = &loaded.config;
    let repo = match args.repo.clone().or_else(|| service_repo(global, config)) {
        Some(repo) => repo,
        None => {
            return Err(BadInput(
                "give --repo PATH (or --service NAME with a repo in the config)".into(),
            )
            .into())
        }
    };
    let text = std::fs::read_to_string(&args.patch)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", args.patch.display())))?;
    let diff = patch::extract_diff(&text);
    let parsed =
        patch::parse(&diff).map_err(|e| BadInput(format!("{}: {e}", args.patch.display())))?;
    let incident = config.incident.id.clone().unwrap_or_else(new_incident_id);
    let folder = IncidentFolder::open(&config.incident.base_dir, &incident)?;
    let mut audit = AuditLog::open(&folder.audit_path(), loaded.level)?;
    let slug = args.slug.clone().unwrap_or_else(|| args.title.clone());
    let branch = stage::branch_name(&incident, &slug);
    if let Err(err) = patch::validate(&parsed, &config.propose) {
        audit.append(
            AuditEntry::new("user", "proposal.reject", branch.clone())
                .with_details(serde_json::json!({"proposal": branch, "reason": err.to_string()})),
        )?;
        return Err(BadInput(format!("{}: rejected: {err}", args.patch.display())).into());
    }
    let changes = match &args.plan {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
            plan::parse(&path.display().to_string(), &text).map_err(|e| BadInput(e.to_string()))?
        }
        None => Vec::new(),
    };
    let input = serde_json::json!({"incident": incident, "level": loaded.level.number(), "resource_changes": changes, "files": parsed.policy_files()});
    let assessment = risk::assess(policy::evaluate(&input, &config.propose.policy_dirs)?);
    audit.append(AuditEntry::new("user", "proposal.check", branch.clone()).with_details(serde_json::json!({
        "proposal": branch, "risk": assessment.risk.as_str(), "rules": assessment.rules, "blocked": assessment.blocked,
        "two_person": assessment.two_person, "files": parsed.files.iter().map(|f| f.path()).collect::<Vec<_>>(),
    })))?;
    if assessment.blocked {
        audit.append(
            AuditEntry::new("lookout", "proposal.block", branch.clone())
                .with_details(serde_json::json!({"proposal": branch, "denies": assessment.denies})),
        )?;
        report(&args, &assessment, None, None)?;
        return Ok(ExitCode::from(30));
    }
    if let Err(err) = loaded.level.ensure_may_stage() {
        report(&args, &assessment, None, None)?;
        eprintln!("lookout: not staged: {err}");
        return Ok(ExitCode::from(1));
    }
    if !confirmed(&args, &branch, &parsed)? {
        report(&args, &assessment, None, None)?;
        eprintln!("lookout: not staged: staging needs confirmation (answer y, or pass --yes)");
        return Ok(ExitCode::from(1));
    }
    let files: Vec<String> = parsed.files.iter().map(|f| f.path().to_string()).collect();
    let summary = format!("Proposed fix for incident {incident}: {}.", args.title);
    let proposal = Proposal {
        title: &args.title,
        summary: &summary,
        incident: &incident,
        branch: &branch,
        files: &files,
        assessment: &assessment,
        rollback: "Revert the commit (`git revert <commit>`) and redeploy the previous version.",
        test_plan:
            "Apply in staging first; watch the incident's signals and error rate for 15 minutes.",
    };
    let staged = stage::stage(
        &repo,
        &parsed,
        &branch,
        &pr_draft::commit_message(&proposal),
    )?;
    let draft_name = format!(
        "pr-{}.md",
        staged.branch.rsplit('/').next().unwrap_or("proposal")
    );
    let draft_path = folder.path().join(&draft_name);
    let final_proposal = Proposal {
        branch: &staged.branch,
        ..proposal
    };
    let draft = pr_draft::render(&final_proposal, &draft_path.display().to_string());
    audit.append(AuditEntry::new("user", "proposal.stage", staged.branch.clone()).with_details(serde_json::json!({
        "proposal": branch, "branch": staged.branch, "commit": staged.commit, "risk": assessment.risk.as_str(),
        "two_person": assessment.two_person, "repo": repo.display().to_string(), "pr_draft": draft_path,
    })))?;
    folder.write_draft(&draft_name, &draft)?;
    report(&args, &assessment, Some(&staged), Some(&draft_path))?;
    Ok(ExitCode::SUCCESS)
}

fn service_repo(global: &GlobalArgs, config: &crate::config::Config) -> Option<PathBuf> {
    let name = global.service.as_deref()?;
    config
        .services
        .iter()
        .find(|s| s.name == name)?
        .repo
        .clone()
}

/// `--yes`, or a y/N answer on a terminal; never assumed.
fn confirmed(args: &Args, branch: &str, parsed: &patch::Patch) -> anyhow::Result<bool> {
    if args.yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "Stage as local branch {branch} ({} file(s))? Nothing is pushed. [y/N] ",
        parsed.files.len()
    )?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

fn report(
    args: &Args,
    assessment: &risk::Assessment,
    staged: Option<&stage::Staged>,
    draft: Option<&PathBuf>,
) -> anyhow::Result<()> {
    if args.json {
        return print_json_pretty(
            &serde_json::json!({"assessment": assessment, "staged": staged, "pr_draft": draft}),
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
