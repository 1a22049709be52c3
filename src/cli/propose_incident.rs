//! `lookout propose --from-incident`: the fix is drafted from the incident
//! (`llm::fix`: the LLM's diff with one repair round, else the analyst's
//! in-memory revert of the top suspect commit), then shown with its risk and
//! staged exactly like `--patch`: at Level 1, on `y` or `--yes`, never blocked.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::incident_input::{self};
use super::output::BadInput;
use super::propose::{confirmed, report, Args};
use super::GlobalArgs;
use crate::incident::{EvidencePack, PackInput, SuspectChange};
use crate::llm::fix::{self, Fix, FixContext};
use crate::propose;

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let settings = crate::config::load(&global.overrides())?;
    let config = &settings.config;
    let incident_input::Opened {
        loaded,
        folder,
        mut audit,
    } = incident_input::open(
        &args.incident,
        global.service.as_deref(),
        config,
        settings.level,
    )?;
    let Some(repo) = loaded.repo.clone() else {
        return Err(BadInput(
            "give --repo PATH (or --service NAME with a repo in the config)".into(),
        )
        .into());
    };
    let (ranking, pack_suspects, suspects) = match read_suspects(args.suspects.as_deref())? {
        Some(given) => (None, Some(given.clone()), Some(given)),
        None => {
            let report = incident_input::rank_history(&repo, &loaded, &mut audit)?;
            eprintln!("{}", report.verdict);
            let (ranked, explaining) = (report.suspect_changes(), report.explaining_changes());
            (Some(report), Some(ranked), Some(explaining))
        }
    };
    let llm = incident_input::llm_config(
        config,
        args.llm_base_url.as_deref(),
        args.llm_model.as_deref(),
    );
    let values = serde_json::json!({
        "context": "", "incident": loaded.id, "service": loaded.service, "code": "", "repair": "",
    });
    let budget = crate::llm::prompts::request_budget("propose", &llm, &values)?;
    let pack = EvidencePack::build(
        &loaded.engine,
        &PackInput {
            budget_tokens: budget.pack_tokens(),
            ..loaded.pack_input(ranking.as_ref(), pack_suspects.as_deref())
        },
    );
    let ctx = FixContext {
        repo: &repo,
        pack: &pack,
        suspects: suspects.as_deref().unwrap_or_default(),
        incident: &loaded.id,
        service: &loaded.service,
        level: settings.level,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let fixed = fix::draft_fix(
        &ctx,
        &llm,
        &config.propose,
        loaded.engine.redactor(),
        &mut audit,
        &folder,
        |request| runtime.block_on(crate::llm::client::stream(&llm, request, |_| {})),
    )?;
    let drafted = match fixed {
        Fix::Nothing { reason } => {
            if args.json {
                super::output::print_json_pretty(
                    &serde_json::json!({"fix": null, "reason": reason}),
                )?;
            } else {
                println!("nothing to propose: {reason}");
            }
            return Ok(ExitCode::SUCCESS);
        }
        Fix::Proposed(drafted) => drafted,
    };
    let prepared = &drafted.prepared;
    let about = serde_json::json!({
        "producer": drafted.producer, "note": drafted.note, "requests": drafted.requests,
        "title": prepared.title, "branch": prepared.branch, "summary": prepared.texts.summary,
        "files": prepared.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
        "citations": drafted.citations.as_ref().map(crate::llm::draft::counts),
    });
    if !args.json {
        let mut err = std::io::stderr().lock();
        writeln!(err, "fix by {}: {}", drafted.producer, prepared.title)?;
        if let Some(note) = &drafted.note {
            writeln!(err, "  ({note})")?;
        }
        if let Some(citations) = &drafted.citations {
            writeln!(err, "  {citations}")?;
        }
        writeln!(err, "  {}", prepared.texts.summary)?;
    }
    let assessment = &prepared.assessment;
    if assessment.blocked {
        report(&args, assessment, None, None, Some(about))?;
        return Ok(ExitCode::from(30));
    }
    if let Err(err) = settings.level.ensure_may_stage() {
        report(&args, assessment, None, None, Some(about))?;
        eprintln!("lookout: not staged: {err}");
        return Ok(ExitCode::from(1));
    }
    if !confirmed(&args, prepared)? {
        report(&args, assessment, None, None, Some(about))?;
        eprintln!("lookout: not staged: staging needs confirmation (answer y, or pass --yes)");
        return Ok(ExitCode::from(1));
    }
    let staged = propose::stage_with_pr_draft(prepared, &folder, &mut audit)?;
    report(
        &args,
        assessment,
        Some(&staged.staged),
        Some(&staged.pr_draft),
        Some(about),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The ranked suspects from `--suspects FILE` (the JSON `lookout changes
/// --json` prints, or a bare array). None: rank the repository's history.
fn read_suspects(file: Option<&Path>) -> anyhow::Result<Option<Vec<SuspectChange>>> {
    let Some(file) = file else {
        return Ok(None);
    };
    let name = file.display();
    let text =
        std::fs::read_to_string(file).map_err(|e| BadInput(format!("cannot read {name}: {e}")))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| BadInput(format!("{name}: not JSON: {e}")))?;
    let list = match value.get("suspects") {
        Some(list) => list.clone(),
        None => value,
    };
    let suspects: Vec<SuspectChange> = serde_json::from_value(list).map_err(|e| {
        BadInput(format!(
            "{name}: not a list of suspects ({{id, subject, time_ms, files, score, reasons}}): {e}"
        ))
    })?;
    if let Some(bad) = suspects
        .iter()
        .find(|s| SuspectChange::id_for(s.id.trim_start_matches('C')) != s.id)
    {
        return Err(BadInput(format!(
            "{name}: suspect id {:?} is not `C` and 7 lowercase hex digits",
            bad.id
        ))
        .into());
    }
    Ok(Some(suspects))
}
