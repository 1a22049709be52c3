//! The credential guard: before lookout reads AWS, prove the credentials can
//! only read. `verdict` is the pure decision; `check` makes the two read calls
//! (sts:GetCallerIdentity, iam:SimulatePrincipalPolicy) as signed Query
//! requests (`query`, answers read by `xml`); `ensure_read_only` audits the
//! result and refuses to start unless it is safe.

pub mod check;
mod query;
pub mod verdict;
mod xml;

pub use check::{check, CheckError, Report};
pub use verdict::{Verdict, WRITE_ACTIONS};

use crate::audit::entry::CredentialsCheck;
use crate::audit::{AuditSink, Details};
use crate::source::cloudwatch::Connection;

/// Exit code: the simulation was denied or failed, and
/// `--unverified-credentials` was not given.
pub const EXIT_UNVERIFIED: u8 = 3;
/// Exit code: the credentials may perform write actions.
pub const EXIT_WRITES_ALLOWED: u8 = 4;
/// Exit code: long-term keys on a production-looking profile.
pub const EXIT_PRODUCTION_STATIC_KEYS: u8 = 5;

/// How far the credentials were verified, once lookout may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Every write action was simulated and denied.
    ReadOnly,
    /// The simulation could not be run and the user accepted that
    /// (`--unverified-credentials`): the status bar says "credentials unverified".
    Unverified,
}

/// Start-up refused by the guard; carries the exit code for `output::finish`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Refused {
    pub code: u8,
    pub message: String,
}

/// Checks the credentials, audits the result (before anything is shown), and
/// returns an error that names the principal and the actions unless lookout
/// may start.
pub async fn ensure_read_only(
    connection: &Connection,
    accept_unverified: bool,
    audit: &mut dyn AuditSink,
) -> anyhow::Result<Trust> {
    let report = checked_and_audited(connection, accept_unverified, audit).await?;
    if report.verdict.permits_start(accept_unverified) {
        return Ok(match report.verdict {
            Verdict::ReadOnly => Trust::ReadOnly,
            _ => Trust::Unverified,
        });
    }
    Err(refusal(&report.verdict).into())
}

/// `check`, with its result — or its failure — appended to the audit log.
pub async fn checked_and_audited(
    connection: &Connection,
    accept_unverified: bool,
    audit: &mut dyn AuditSink,
) -> anyhow::Result<Report> {
    let result = check(connection).await;
    let subject = format!(
        "aws-profile:{}",
        crate::source::aws::profile_name(connection)
    );
    let details = match &result {
        Ok(report) => CredentialsCheck {
            operations: Some(operations(report).into_iter().map(str::to_string).collect()),
            report: serde_json::to_value(report).ok(),
            starts: report.verdict.permits_start(accept_unverified),
            accept_unverified: Some(accept_unverified),
            error: None,
        },
        Err(err) => CredentialsCheck {
            error: Some(err.to_string()),
            ..CredentialsCheck::default()
        },
    };
    audit.append(details.entry(subject))?;
    Ok(result?)
}

/// The read calls the check made, for the audit record.
fn operations(report: &Report) -> Vec<&'static str> {
    let mut operations = vec!["sts:GetCallerIdentity"];
    if report.simulated_arn.is_some() {
        operations.push("iam:SimulatePrincipalPolicy");
    }
    operations
}

/// Exit code for a verdict (0 when it permits start).
pub fn exit_code(verdict: &Verdict, accept_unverified: bool) -> u8 {
    if verdict.permits_start(accept_unverified) {
        return 0;
    }
    match verdict {
        Verdict::ReadOnly => 0,
        Verdict::Unverified { .. } => EXIT_UNVERIFIED,
        Verdict::WritesAllowed { .. } => EXIT_WRITES_ALLOWED,
        Verdict::ProductionStaticKeys { .. } => EXIT_PRODUCTION_STATIC_KEYS,
    }
}

/// The refusal, worded for someone paged at 3 a.m.: who, what, what to do.
pub fn refusal(verdict: &Verdict) -> Refused {
    let message = match verdict {
        Verdict::WritesAllowed { principal, actions } => format!(
            "refusing to start: these AWS credentials can WRITE.\n  principal: {principal}\n  allowed write actions: {}\n  lookout only reads: use a read-only role (e.g. one with CloudWatchLogsReadOnlyAccess). `lookout doctor` shows the full check.",
            actions.join(", ")
        ),
        Verdict::Unverified { principal, reason } => format!(
            "refusing to start: cannot verify that these AWS credentials are read-only.\n  principal: {principal}\n  reason: {reason}\n  allow iam:SimulatePrincipalPolicy on this principal, or accept the risk with --unverified-credentials (the status bar will say \"credentials unverified\")."
        ),
        Verdict::ProductionStaticKeys { principal, profile } => format!(
            "refusing to start: profile {profile:?} looks like production and holds long-term access keys (AKIA…).\n  principal: {principal}\n  use short-lived credentials (SSO, or an assumed read-only role) for production."
        ),
        Verdict::ReadOnly => "the credentials are read-only".to_string(),
    };
    Refused {
        code: exit_code(verdict, false),
        message,
    }
}
