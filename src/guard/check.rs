//! The guard's AWS calls — reads only: sts:GetCallerIdentity and
//! iam:SimulatePrincipalPolicy. Nothing here can change anything in AWS.

use aws_sdk_sts::config::http::HttpResponse;
use aws_sdk_sts::config::ProvideCredentials;
use serde::Serialize;

use super::verdict::{
    decide, policy_source_arn, ActionResult, CallerIdentity, Evidence, KeyKind, Simulation,
    Verdict, WRITE_ACTIONS,
};
use crate::source::aws::{profile_name, sdk_config};
use crate::source::cloudwatch::Connection;

/// IAM and the global STS endpoint sign for us-east-1 when no region is set.
const GLOBAL_REGION: &str = "us-east-1";

/// Everything the guard found, for `lookout doctor`, the audit log and errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub profile: String,
    pub endpoint_url: Option<String>,
    pub key_kind: KeyKind,
    pub identity: CallerIdentity,
    /// The ARN whose policies were simulated (the role behind a session).
    pub simulated_arn: Option<String>,
    pub simulation: Simulation,
    pub verdict: Verdict,
}

/// The guard could not even identify the credentials.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CheckError {
    #[error("no usable AWS credentials for profile {profile:?}: {message}")]
    NoCredentials { profile: String, message: String },
    #[error("sts:GetCallerIdentity failed for profile {profile:?}: {message}")]
    Identity { profile: String, message: String },
    #[error("the credential check for profile {profile:?} did not finish within {seconds} s (endpoint unreachable?)")]
    Timeout { profile: String, seconds: u64 },
}

/// A hung endpoint must not hang an engineer at 3 a.m.: the whole check
/// (credentials, STS, IAM with the SDK's retries) gets this long.
pub const CHECK_TIMEOUT_SECS: u64 = 60;

/// `check_now`, bounded by `CHECK_TIMEOUT_SECS`.
pub async fn check(connection: &Connection) -> Result<Report, CheckError> {
    let limit = std::time::Duration::from_secs(CHECK_TIMEOUT_SECS);
    match tokio::time::timeout(limit, check_now(connection)).await {
        Ok(result) => result,
        Err(_) => Err(CheckError::Timeout {
            profile: profile_name(connection),
            seconds: CHECK_TIMEOUT_SECS,
        }),
    }
}

/// Resolves the credentials, asks who they are, and simulates every write
/// action against their policies.
pub async fn check_now(connection: &Connection) -> Result<Report, CheckError> {
    let profile = profile_name(connection);
    let mut config = sdk_config(connection).await;
    if config.region().is_none() {
        config = config
            .into_builder()
            .region(aws_config::Region::new(GLOBAL_REGION))
            .build();
    }
    let key_kind = key_kind(&config, &profile).await?;
    let identity = caller_identity(&config, &profile).await?;
    let mut evidence = Evidence {
        profile: profile.clone(),
        key_kind,
        identity,
        simulation: Simulation::Skipped,
    };
    // Production static keys are refused whatever their policies say: don't
    // spend more calls on them.
    let refused_already = matches!(decide(&evidence), Verdict::ProductionStaticKeys { .. });
    let simulated_arn = (!refused_already).then(|| policy_source_arn(&evidence.identity.arn));
    if let Some(arn) = &simulated_arn {
        evidence.simulation = simulate(&config, arn).await;
    }
    let verdict = decide(&evidence);
    Ok(Report {
        profile,
        endpoint_url: connection.endpoint_url.clone(),
        key_kind: evidence.key_kind,
        identity: evidence.identity,
        simulated_arn,
        simulation: evidence.simulation,
        verdict,
    })
}

async fn key_kind(config: &aws_config::SdkConfig, profile: &str) -> Result<KeyKind, CheckError> {
    let no_credentials = |message: String| CheckError::NoCredentials {
        profile: profile.to_string(),
        message,
    };
    let provider = config
        .credentials_provider()
        .ok_or_else(|| no_credentials("no credential provider configured".to_string()))?;
    let credentials = provider
        .provide_credentials()
        .await
        .map_err(|err| no_credentials(error_text(&err)))?;
    Ok(KeyKind::classify(
        credentials.access_key_id(),
        credentials.session_token().is_some(),
    ))
}

async fn caller_identity(
    config: &aws_config::SdkConfig,
    profile: &str,
) -> Result<CallerIdentity, CheckError> {
    let client = aws_sdk_sts::Client::new(config);
    let output = client
        .get_caller_identity()
        .send()
        .await
        .map_err(|err| CheckError::Identity {
            profile: profile.to_string(),
            message: sdk_error_text(&err),
        })?;
    let arn = output.arn().unwrap_or_default().to_string();
    if arn.is_empty() {
        return Err(CheckError::Identity {
            profile: profile.to_string(),
            message: "the answer named no ARN".to_string(),
        });
    }
    Ok(CallerIdentity {
        arn,
        account: output.account().unwrap_or_default().to_string(),
        user_id: output.user_id().unwrap_or_default().to_string(),
    })
}

/// Any failure — AccessDenied, an endpoint that does not implement the
/// simulator, a network error — means the write check could not be made.
async fn simulate(config: &aws_config::SdkConfig, policy_source_arn: &str) -> Simulation {
    let client = aws_sdk_iam::Client::new(config);
    let mut results = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = client
            .simulate_principal_policy()
            .policy_source_arn(policy_source_arn)
            .set_action_names(Some(WRITE_ACTIONS.iter().map(|a| a.to_string()).collect()))
            .set_marker(marker.clone())
            .send()
            .await;
        let page = match page {
            Ok(page) => page,
            Err(err) => {
                return Simulation::Denied {
                    reason: format!("iam:SimulatePrincipalPolicy: {}", sdk_error_text(&err)),
                }
            }
        };
        results.extend(page.evaluation_results().iter().map(|r| ActionResult {
            action: r.eval_action_name().to_string(),
            allowed: *r.eval_decision()
                == aws_sdk_iam::types::PolicyEvaluationDecisionType::Allowed,
        }));
        marker = page.marker().map(str::to_string);
        if !page.is_truncated() || marker.is_none() {
            return Simulation::Done { results };
        }
    }
}

/// "AccessDenied: User … is not authorized …", "HTTP 500" for an answer
/// without an AWS error code, or the transport error chain.
fn sdk_error_text<E>(err: &aws_sdk_sts::error::SdkError<E, HttpResponse>) -> String
where
    E: aws_sdk_sts::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some(service) = err.as_service_error() {
        let status = err
            .raw_response()
            .map(|raw| format!("HTTP {}", raw.status().as_u16()))
            .unwrap_or_default();
        return match (service.code(), service.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_string(),
            _ => {
                format!("{status} without an AWS error code (is it implemented by this endpoint?)")
            }
        };
    }
    error_text(err)
}

fn error_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
