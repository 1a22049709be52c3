//! `lookout eval DIR…`: the incident benchmark. Each scenario folder is
//! replayed headless and scored; prints a line per scenario and the totals
//! (docs/eval.md describes the folder format and every figure).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json_pretty, BadInput};
use super::GlobalArgs;
use crate::audit::AuditSink;
use crate::eval::{self, ScenarioResult, Totals};
use crate::incident::IncidentFolder;
use crate::ingest::redact::Placeholders;
use crate::llm::draft;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "A scenario is a folder: incident.toml, logs/*.log, optional metrics/*.json and repo.bundle, answer.toml (see docs/eval.md).\n\nExit codes: 0 every scenario ran (whatever it scored), 1 failure, 2 a scenario is malformed (the file and key are named)."
)]
pub struct Args {
    /// Scenario folders, or folders of them (e.g. benches/incidents).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Print JSON: {"scenarios": [...], "totals": {...}}.
    #[arg(long)]
    pub json: bool,
    /// Let an OpenAI-compatible endpoint write each scenario's summary (redacted
    /// and audited like `lookout summarize`); default: `[llm]` of the config, else offline.
    #[arg(long, value_name = "URL")]
    pub llm_base_url: Option<String>,
    /// The model at --llm-base-url.
    #[arg(long, value_name = "M")]
    pub llm_model: Option<String>,
    /// Also write each scenario's evidence pack, as it would be sent, to
    /// DIR/<scenario>.md: to see why a root cause was left out of the budget.
    #[arg(long, value_name = "DIR")]
    pub packs: Option<PathBuf>,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let folders = eval::discover(&args.dirs).map_err(|e| BadInput(e.to_string()))?;
    // Every scenario is checked before any runs: a typo fails fast, named.
    let scenarios = folders
        .iter()
        .map(|dir| eval::load(dir))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| BadInput(e.to_string()))?;
    let settings = crate::config::load(&global.overrides())?;
    let mut llm = settings.config.llm.clone();
    if let Some(url) = &args.llm_base_url {
        llm.base_url = Some(url.clone());
    }
    if let Some(model) = &args.llm_model {
        llm.model = model.clone();
    }
    if let Some(dir) = &args.packs {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create --packs {}: {e}", dir.display()))?;
    }
    let mut progress = Progress::new(scenarios.len());
    let mut results = Vec::new();
    if llm.base_url.is_none() {
        for scenario in &scenarios {
            progress.starting(&scenario.incident.name);
            let result = eval::run_with(scenario, llm.context_tokens, |_, pack, name| {
                save_pack(args.packs.as_deref(), name, pack)?;
                Ok(eval::analyst_draft(pack, name))
            });
            results.push(result.map_err(|e| BadInput(e.to_string()))?);
        }
    } else {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        for scenario in &scenarios {
            progress.starting(&scenario.incident.name);
            let id = format!("eval-{}", slug(&scenario.incident.name));
            let (folder, mut audit) =
                super::common::open_incident(&settings.config, &id, settings.level)?;
            let result = eval::run_with(scenario, llm.context_tokens, |engine, pack, name| {
                save_pack(args.packs.as_deref(), name, pack)?;
                // The LLM reads the pack the recall is scored on, cut (whole items,
                // same ids) to what fits the model's window.
                let input = draft::DraftInput::from_pack(
                    draft::DraftKind::Summary,
                    name,
                    &scenario.incident.service,
                    pack,
                    &llm,
                )
                .map_err(|e| e.to_string())?;
                llm_draft(&runtime, engine, input, &llm, &folder, &mut audit)
            });
            results.push(result.map_err(|e| BadInput(e.to_string()))?);
        }
    }
    progress.done();
    let totals = eval::totals(&results);
    if args.json {
        print_json_pretty(&serde_json::json!({"scenarios": results, "totals": totals}))?;
    } else {
        print_table(&results, &totals)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The LLM's summary of one scenario through the co-pilot's one draft flow
/// (redacted, audited, saved), with its time to first token and prompt tokens.
fn llm_draft(
    runtime: &tokio::runtime::Runtime,
    engine: &crate::ingest::Engine,
    input: draft::DraftInput,
    config: &crate::llm::LlmConfig,
    folder: &IncidentFolder,
    audit: &mut dyn AuditSink,
) -> Result<eval::Drafted, String> {
    let pending = draft::prepare(
        input,
        config,
        engine.redactor(),
        &mut Placeholders::default(),
        audit,
    )
    .map_err(|e| e.to_string())?;
    let outcome = pending
        .request
        .as_ref()
        .map(|request| runtime.block_on(crate::llm::client::stream(config, request, |_| {})));
    let first_token_ms = outcome.as_ref().and_then(|o| o.first_token_ms);
    let prompt_tokens = outcome
        .as_ref()
        .filter(|o| o.usage_reported)
        .map(|o| u64::from(o.prompt_tokens));
    let produced = draft::finish(pending, outcome, folder, audit).map_err(|e| e.to_string())?;
    Ok(eval::Drafted {
        text: produced.text,
        producer: produced.producer,
        first_token_ms,
        prompt_tokens,
    })
}

/// Writes the pack of scenario `name` to `dir/<slug>.md` when `--packs` is given.
fn save_pack(
    dir: Option<&std::path::Path>,
    name: &str,
    pack: &crate::incident::pack::EvidencePack,
) -> Result<(), String> {
    let Some(dir) = dir else {
        return Ok(());
    };
    let path = dir.join(format!("{}.md", slug(name)));
    std::fs::write(&path, &pack.text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `eval: 12/90 disk-full` on stderr while scenarios run, when stderr is a
/// terminal: a run with an LLM takes minutes, and a pipe or CI log wants
/// only the results.
struct Progress {
    total: usize,
    shown: bool,
    started: usize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            shown: std::io::stderr().is_terminal(),
            started: 0,
        }
    }

    fn starting(&mut self, name: &str) {
        self.started += 1;
        if self.shown {
            eprint!("\r\x1b[2Keval: {}/{} {name}", self.started, self.total);
        }
    }

    fn done(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}

/// `cache-ttl` → an incident id part: letters, digits and dashes.
fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn mark(hit: bool) -> &'static str {
    if hit {
        "✔"
    } else {
        "✖"
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{:.0} %", 100.0 * part as f64 / whole as f64)
    }
}

fn print_table(results: &[ScenarioResult], totals: &Totals) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<32} {:<9} {:>4} {:>4} {:>10} {:>7} {:>9} {:>7}",
        "scenario", "culprit", "top1", "top3", "root cause", "analyst", "fix files", "tokens"
    )?;
    for result in results {
        let expected = if result.expected_culprit == "none" {
            "none".to_string()
        } else {
            result.expected_culprit.chars().take(7).collect()
        };
        let analyst = match result.analyst_root_cause_hit {
            Some(hit) => mark(hit),
            None => "–",
        };
        writeln!(
            out,
            "{:<32} {:<9} {:>4} {:>4} {:>10} {:>7} {:>9} {:>7}",
            result.name.chars().take(32).collect::<String>(),
            expected,
            mark(result.culprit_top1),
            mark(result.culprit_top3),
            format!(
                "{}/{}",
                result.root_cause.in_pack, result.root_cause.patterns
            ),
            analyst,
            format!(
                "{}/{}",
                result.fix_files.matched,
                result.fix_files.expected.len()
            ),
            result.pack_tokens
        )?;
        if !result.culprit_top1 {
            writeln!(out, "    {}", result.verdict)?;
        }
        for pattern in &result.root_cause.missing {
            writeln!(out, "    root cause not in the pack: /{pattern}/")?;
        }
    }
    writeln!(
        out,
        "\n{} scenario(s): culprit top-1 {}/{} ({}), top-3 {}/{} ({}); \"none\" answered none {}/{}; root-cause recall in the pack {}/{} ({}); analyst root cause {}/{}; fix files {}/{}; {} tokens sent",
        totals.scenarios,
        totals.culprit_top1,
        totals.scenarios,
        percent(totals.culprit_top1, totals.scenarios),
        totals.culprit_top3,
        totals.scenarios,
        percent(totals.culprit_top3, totals.scenarios),
        totals.none_answered_none,
        totals.none_scenarios,
        totals.root_cause_in_pack,
        totals.root_cause_patterns,
        percent(totals.root_cause_in_pack, totals.root_cause_patterns),
        totals.analyst_root_cause_hits,
        totals.analyst_scored,
        totals.fix_files_matched,
        totals.fix_files_expected,
        totals.pack_tokens
    )?;
    Ok(())
}
