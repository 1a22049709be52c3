//! The guard's AWS calls — reads only: sts:GetCallerIdentity and
//! iam:SimulatePrincipalPolicy. Nothing here can change anything in AWS.

use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::Credentials;
use serde::Serialize;

use super::query::{error_chain, QueryClient, QueryError, Service};

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
    let config = sdk_config(connection).await;
    let credentials = credentials(&config, &profile).await?;
    let key_kind = KeyKind::classify(
        credentials.access_key_id(),
        credentials.session_token().is_some(),
    );
    let region = config
        .region()
        .map(|region| region.as_ref().to_string())
        .unwrap_or_else(|| GLOBAL_REGION.to_string());
    let client = QueryClient::new(
        credentials,
        &region,
        connection.endpoint_url.clone(),
        config.endpoint_url().map(str::to_string),
    )
    .map_err(|err| CheckError::Identity {
        profile: profile.clone(),
        message: err.to_string(),
    })?;
    let identity = caller_identity(&client, &profile).await?;
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
        evidence.simulation = simulate(&client, arn).await;
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

/// The credentials the shared SDK configuration resolves — the same chain
/// the sources read with.
async fn credentials(
    config: &aws_config::SdkConfig,
    profile: &str,
) -> Result<Credentials, CheckError> {
    let no_credentials = |message: String| CheckError::NoCredentials {
        profile: profile.to_string(),
        message,
    };
    let provider = config
        .credentials_provider()
        .ok_or_else(|| no_credentials("no credential provider configured".to_string()))?;
    provider
        .provide_credentials()
        .await
        .map_err(|err| no_credentials(error_chain(&err)))
}

async fn caller_identity(
    client: &QueryClient,
    profile: &str,
) -> Result<CallerIdentity, CheckError> {
    let failed = |message: String| CheckError::Identity {
        profile: profile.to_string(),
        message,
    };
    let answer = client
        .call(Service::Sts, "GetCallerIdentity", &[])
        .await
        .map_err(|err| failed(err.to_string()))?;
    let result = answer.child("GetCallerIdentityResult").ok_or_else(|| {
        failed(format!(
            "the <{}> answer has no GetCallerIdentityResult",
            answer.name
        ))
    })?;
    let field = |name: &str| result.child_text(name).unwrap_or_default().to_string();
    let arn = field("Arn");
    if arn.is_empty() {
        return Err(failed("the answer named no ARN".to_string()));
    }
    Ok(CallerIdentity {
        arn,
        account: field("Account"),
        user_id: field("UserId"),
    })
}

/// SimulatePrincipalPolicy answers are paged by `Marker`; no real answer for
/// the write actions needs more pages than this.
const MAX_SIMULATION_PAGES: usize = 100;

/// Any failure — AccessDenied, an endpoint that does not implement the
/// simulator, a network error, an unreadable answer — means the write check
/// could not be made.
async fn simulate(client: &QueryClient, policy_source_arn: &str) -> Simulation {
    let denied = |err: QueryError| Simulation::Denied {
        reason: format!("iam:SimulatePrincipalPolicy: {err}"),
    };
    let mut parameters = vec![("PolicySourceArn".to_string(), policy_source_arn.to_string())];
    parameters.extend(
        WRITE_ACTIONS
            .iter()
            .enumerate()
            .map(|(i, action)| (format!("ActionNames.member.{}", i + 1), action.to_string())),
    );
    let mut results = Vec::new();
    let mut marker: Option<String> = None;
    for _page in 0..MAX_SIMULATION_PAGES {
        let mut page_parameters = parameters.clone();
        if let Some(marker) = &marker {
            page_parameters.push(("Marker".to_string(), marker.clone()));
        }
        let answer = match client
            .call(Service::Iam, "SimulatePrincipalPolicy", &page_parameters)
            .await
        {
            Ok(answer) => answer,
            Err(err) => return denied(err),
        };
        let page = match simulation_page(&answer) {
            Ok(page) => page,
            Err(problem) => return denied(QueryError::Answer(problem)),
        };
        results.extend(page.results);
        marker = page.marker;
        if !page.truncated || marker.is_none() {
            return Simulation::Done { results };
        }
    }
    denied(QueryError::Answer(format!(
        "still truncated after {MAX_SIMULATION_PAGES} pages"
    )))
}

/// One page of a SimulatePrincipalPolicy answer.
struct SimulationPage {
    results: Vec<ActionResult>,
    truncated: bool,
    marker: Option<String>,
}

/// Reads `EvaluationResults/member/{EvalActionName,EvalDecision}`; a member
/// without either is an error, never a silent "denied".
fn simulation_page(answer: &super::xml::Element) -> Result<SimulationPage, String> {
    let result = answer
        .child("SimulatePrincipalPolicyResult")
        .ok_or_else(|| {
            format!(
                "the <{}> answer has no SimulatePrincipalPolicyResult",
                answer.name
            )
        })?;
    let mut results = Vec::new();
    let members = result
        .child("EvaluationResults")
        .into_iter()
        .flat_map(|list| list.children_named("member"));
    for member in members {
        let action = member
            .child_text("EvalActionName")
            .filter(|action| !action.is_empty())
            .ok_or("an evaluation result without EvalActionName")?;
        let decision = member
            .child_text("EvalDecision")
            .ok_or_else(|| format!("no EvalDecision for {action}"))?;
        results.push(ActionResult {
            action: action.to_string(),
            allowed: decision == "allowed",
        });
    }
    Ok(SimulationPage {
        results,
        truncated: result.child_text("IsTruncated") == Some("true"),
        marker: result
            .child_text("Marker")
            .filter(|marker| !marker.is_empty())
            .map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::xml::parse;

    #[test]
    fn simulation_pages_read_each_decision() {
        let answer = parse(
            "<SimulatePrincipalPolicyResponse><SimulatePrincipalPolicyResult>
               <IsTruncated>true</IsTruncated><Marker>m1</Marker>
               <EvaluationResults>
                 <member><EvalActionName>logs:PutLogEvents</EvalActionName><EvalDecision>allowed</EvalDecision>
                   <MatchedStatements><member><SourcePolicyId>p</SourcePolicyId></member></MatchedStatements></member>
                 <member><EvalActionName>s3:PutObject</EvalActionName><EvalDecision>implicitDeny</EvalDecision></member>
               </EvaluationResults>
             </SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>",
        )
        .expect("xml");
        let page = simulation_page(&answer).expect("page");
        assert_eq!(
            page.results,
            [
                ActionResult {
                    action: "logs:PutLogEvents".into(),
                    allowed: true
                },
                ActionResult {
                    action: "s3:PutObject".into(),
                    allowed: false
                }
            ]
        );
        assert!(page.truncated);
        assert_eq!(page.marker.as_deref(), Some("m1"));
    }

    #[test]
    fn a_member_without_a_decision_is_an_error_not_a_denial() {
        let answer = parse(
            "<R><SimulatePrincipalPolicyResult><EvaluationResults>
               <member><EvalActionName>logs:PutLogEvents</EvalActionName></member>
             </EvaluationResults></SimulatePrincipalPolicyResult></R>",
        )
        .expect("xml");
        let err = simulation_page(&answer).err().expect("error");
        assert!(
            err.contains("no EvalDecision for logs:PutLogEvents"),
            "{err}"
        );
        let wrong = parse("<GetCallerIdentityResponse/>").expect("xml");
        let err = simulation_page(&wrong).err().expect("error");
        assert!(err.contains("no SimulatePrincipalPolicyResult"), "{err}");
    }
}
