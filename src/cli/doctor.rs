//! `lookout doctor`: the credential guard on demand — who the AWS credentials
//! belong to, every write action simulated, and whether lookout would start.
//! Also `guard_at_start`, the one call a command makes before reading AWS.

use std::io::Write;
use std::process::ExitCode;

use super::output::print_json_pretty;
use super::GlobalArgs;
use crate::audit::AuditSink;
use crate::guard::verdict::{KeyKind, Simulation};
use crate::guard::{self, Report, Trust, Verdict};
use crate::incident::folder::new_incident_id;
use crate::source::cloudwatch::Connection;

/// Shown under `lookout doctor --help`.
pub const EXIT_CODES: &str = "\
Calls sts:GetCallerIdentity, then iam:SimulatePrincipalPolicy for write actions
(CloudWatch Logs writes, IAM, S3 writes, EC2/RDS deletes, sts:AssumeRole). The
same check runs before any AWS source is read.

Exit codes:
  0  lookout would start: every write action denied (or unverified, with --unverified-credentials)
  1  the check could not run (no credentials, STS unreachable or failing)
  2  bad input
  3  unverified: the simulation was denied or failed (start anyway: --unverified-credentials)
  4  write actions are allowed (never overridden)
  5  long-term keys (AKIA...) on a production-looking profile";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// AWS profile (default: [aws] profile in the config, AWS_PROFILE, `default`).
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,
    /// AWS region (default: [aws] region, the profile's, AWS_REGION; us-east-1 for IAM/STS).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// A custom endpoint for STS and IAM (tests, moto), e.g. http://127.0.0.1:5000.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::config::load(&global.overrides())?;
    let aws = &loaded.config.aws;
    let connection = Connection {
        profile: args.profile.or(aws.profile.clone()),
        region: args.region.or(aws.region.clone()),
        endpoint_url: args.endpoint_url.or(aws.endpoint_url.clone()),
    };
    let id = loaded
        .config
        .incident
        .id
        .clone()
        .unwrap_or_else(new_incident_id);
    let (_folder, mut audit) = super::common::open_incident(&loaded.config, &id, loaded.level)?;
    let accept = global.unverified_credentials;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Audited inside, before anything is printed.
    let report = runtime.block_on(guard::checked_and_audited(&connection, accept, &mut audit))?;
    let code = guard::exit_code(&report.verdict, accept);
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["starts"] = serde_json::json!(code == 0);
        value["exit_code"] = serde_json::json!(code);
        print_json_pretty(&value)?;
    } else {
        print_human(&report, accept)?;
    }
    Ok(ExitCode::from(code))
}

/// The hook every command that reads AWS calls first: checks and audits the
/// credentials, refuses (an error naming principal and actions) unless they
/// are safe, and warns on stderr when they are only accepted unverified.
pub async fn guard_at_start(
    connection: &Connection,
    global: &GlobalArgs,
    audit: &mut dyn AuditSink,
) -> anyhow::Result<Trust> {
    let trust = guard::ensure_read_only(connection, global.unverified_credentials, audit).await?;
    if trust == Trust::Unverified {
        eprintln!(
            "lookout: warning: credentials unverified (--unverified-credentials): the permission simulation could not run; `lookout doctor` says why"
        );
    }
    Ok(trust)
}

fn print_human(report: &Report, accept_unverified: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let keys = match report.key_kind {
        KeyKind::LongTerm => "long-term access key (AKIA…)",
        KeyKind::Temporary => "temporary session credentials",
        KeyKind::Unknown => "access key of unknown kind",
    };
    writeln!(out, "AWS credentials")?;
    writeln!(out, "  profile      {} ({keys})", report.profile)?;
    if let Some(url) = &report.endpoint_url {
        writeln!(out, "  endpoint     {url}")?;
    }
    writeln!(out, "  principal    {}", report.identity.arn)?;
    writeln!(out, "  account      {}", report.identity.account)?;
    if let Some(arn) = &report.simulated_arn {
        writeln!(out, "  simulated as {arn}")?;
    }
    match &report.simulation {
        Simulation::Done { results } => {
            writeln!(out, "\nWrite actions (each must be denied):")?;
            for result in results {
                let mark = if result.allowed { "ALLOWED" } else { "denied " };
                writeln!(out, "  {mark}  {}", result.action)?;
            }
        }
        Simulation::Denied { reason } => {
            writeln!(out, "\nWrite actions: NOT CHECKED — {reason}")?;
        }
        Simulation::Skipped => {
            writeln!(out, "\nWrite actions: not simulated (already refused)")?;
        }
    }
    let verdict = match &report.verdict {
        Verdict::ReadOnly => "OK — read-only: every write action is denied".to_string(),
        Verdict::Unverified { .. } if accept_unverified => {
            "OK, UNVERIFIED — accepted with --unverified-credentials; the status bar will say \"credentials unverified\"".to_string()
        }
        Verdict::Unverified { .. } => {
            "REFUSE — cannot verify the credentials are read-only (start anyway with --unverified-credentials)".to_string()
        }
        Verdict::WritesAllowed { actions, .. } => {
            format!("REFUSE — {} write action(s) allowed: {}", actions.len(), actions.join(", "))
        }
        Verdict::ProductionStaticKeys { profile, .. } => format!(
            "REFUSE — profile {profile:?} looks like production and uses long-term keys; use SSO or an assumed read-only role"
        ),
    };
    writeln!(out, "\nVerdict: {verdict}")?;
    Ok(())
}
