//! The credential guard's decision, as a pure function over what the AWS
//! calls returned — so every rule is unit-tested without a network.

use serde::Serialize;

/// Write actions lookout must NOT be able to perform. IAM's simulator takes
/// concrete action names (no wildcards), so `iam:*` is represented by the
/// actions that grant or create access.
pub const WRITE_ACTIONS: &[&str] = &[
    // CloudWatch Logs writes: the service lookout reads.
    "logs:PutLogEvents",
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:DeleteLogGroup",
    "logs:DeleteLogStream",
    "logs:PutRetentionPolicy",
    "logs:DeleteRetentionPolicy",
    "logs:PutSubscriptionFilter",
    "logs:DeleteSubscriptionFilter",
    "logs:PutResourcePolicy",
    // IAM: anything that creates principals or grants permissions.
    "iam:CreateUser",
    "iam:CreateRole",
    "iam:CreateAccessKey",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:CreatePolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:PassRole",
    "iam:DeleteRole",
    // S3 writes.
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "s3:PutBucketAcl",
    // EC2 and RDS deletes.
    "ec2:TerminateInstances",
    "ec2:DeleteVolume",
    "ec2:DeleteSnapshot",
    "ec2:DeleteSecurityGroup",
    "rds:DeleteDBInstance",
    "rds:DeleteDBCluster",
    "rds:DeleteDBSnapshot",
    // Escalation: becoming someone else.
    "sts:AssumeRole",
];

/// Who the credentials belong to (sts:GetCallerIdentity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallerIdentity {
    pub arn: String,
    pub account: String,
    pub user_id: String,
}

/// What kind of secret the SDK resolved, from the access key id's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// `AKIA…`: an IAM user's long-term key — valid until someone rotates it.
    LongTerm,
    /// `ASIA…` or any key with a session token: expires on its own.
    Temporary,
    /// Neither prefix (test endpoints, unusual providers).
    Unknown,
}

impl KeyKind {
    pub fn classify(access_key_id: &str, has_session_token: bool) -> KeyKind {
        if has_session_token || access_key_id.starts_with("ASIA") {
            KeyKind::Temporary
        } else if access_key_id.starts_with("AKIA") {
            KeyKind::LongTerm
        } else {
            KeyKind::Unknown
        }
    }
}

/// One simulated action and whether the principal's policies allow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionResult {
    pub action: String,
    pub allowed: bool,
}

/// The outcome of iam:SimulatePrincipalPolicy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Simulation {
    Done {
        results: Vec<ActionResult>,
    },
    /// The simulation could not be run (AccessDenied, or the endpoint does
    /// not implement it): lookout cannot prove the credentials are read-only.
    Denied {
        reason: String,
    },
    /// Not run: an earlier rule already refused.
    Skipped,
}

/// Everything the decision looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub profile: String,
    pub key_kind: KeyKind,
    pub identity: CallerIdentity,
    pub simulation: Simulation,
}

/// What the guard decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Every checked write action is denied.
    ReadOnly,
    /// Some write actions are allowed: refuse to start.
    WritesAllowed {
        principal: String,
        actions: Vec<String>,
    },
    /// The simulation itself was denied: refuse unless the user accepts
    /// unverified credentials.
    Unverified { principal: String, reason: String },
    /// Long-term keys on a profile named like production: refuse — such keys
    /// should never sit on an on-call laptop.
    ProductionStaticKeys { principal: String, profile: String },
}

impl Verdict {
    /// Whether lookout may start with this verdict.
    pub fn permits_start(&self, accept_unverified: bool) -> bool {
        match self {
            Verdict::ReadOnly => true,
            Verdict::Unverified { .. } => accept_unverified,
            Verdict::WritesAllowed { .. } | Verdict::ProductionStaticKeys { .. } => false,
        }
    }
}

/// The rules, in order: production static keys, simulation denied, any write
/// allowed, else read-only.
pub fn decide(evidence: &Evidence) -> Verdict {
    let principal = evidence.identity.arn.clone();
    if evidence.key_kind == KeyKind::LongTerm && looks_like_production(&evidence.profile) {
        return Verdict::ProductionStaticKeys {
            principal,
            profile: evidence.profile.clone(),
        };
    }
    match &evidence.simulation {
        Simulation::Denied { reason } => Verdict::Unverified {
            principal,
            reason: reason.clone(),
        },
        // Skipped only happens after a refusal above; never treat it as a pass.
        Simulation::Skipped => Verdict::Unverified {
            principal,
            reason: "the permission simulation was not run".to_string(),
        },
        Simulation::Done { results } => {
            let allowed: Vec<String> = results
                .iter()
                .filter(|r| r.allowed)
                .map(|r| r.action.clone())
                .collect();
            let missing = WRITE_ACTIONS
                .iter()
                .any(|action| !results.iter().any(|r| r.action == *action));
            if !allowed.is_empty() {
                Verdict::WritesAllowed {
                    principal,
                    actions: allowed,
                }
            } else if missing {
                // An answer that skips actions proves nothing about them.
                Verdict::Unverified {
                    principal,
                    reason: "the simulation did not answer for every write action".to_string(),
                }
            } else {
                Verdict::ReadOnly
            }
        }
    }
}

/// Whether a profile name reads like production: a word `prod`, `production`,
/// `prd` or `live` (words split on `-`, `_`, `.`, `/`, `:` and spaces),
/// or `prod` followed by digits (`prod2`). `product-analytics` does not.
pub fn looks_like_production(profile: &str) -> bool {
    profile
        .split(['-', '_', '.', '/', ':', ' '])
        .map(str::to_ascii_lowercase)
        .any(|word| {
            matches!(word.as_str(), "prod" | "production" | "prd" | "live")
                || word.strip_prefix("prod").is_some_and(|rest| {
                    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
                })
        })
}

/// The ARN to simulate. An assumed-role session
/// `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION` is simulated as its role
/// `arn:aws:iam::ACCT:role/ROLE` (the simulator does not accept session ARNs);
/// users and roles are used as they are.
pub fn policy_source_arn(caller_arn: &str) -> String {
    let parts: Vec<&str> = caller_arn.splitn(6, ':').collect();
    if let [arn, partition, "sts", _, account, resource] = parts.as_slice() {
        if let Some(rest) = resource.strip_prefix("assumed-role/") {
            // Role paths are not in the session ARN; the role name is the first segment.
            let role = rest.split('/').next().unwrap_or(rest);
            return format!("{arn}:{partition}:iam::{account}:role/{role}");
        }
    }
    caller_arn.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(profile: &str, key_kind: KeyKind, simulation: Simulation) -> Evidence {
        Evidence {
            profile: profile.to_string(),
            key_kind,
            identity: CallerIdentity {
                arn: "arn:aws:sts::111122223333:assumed-role/oncall-read/alice".to_string(),
                account: "111122223333".to_string(),
                user_id: "AROAEXAMPLE:alice".to_string(),
            },
            simulation,
        }
    }

    fn all_denied_except(allowed: &[&str]) -> Simulation {
        Simulation::Done {
            results: WRITE_ACTIONS
                .iter()
                .map(|a| ActionResult {
                    action: a.to_string(),
                    allowed: allowed.contains(a),
                })
                .collect(),
        }
    }

    #[test]
    fn every_write_denied_is_read_only() {
        let verdict = decide(&evidence(
            "oncall",
            KeyKind::Temporary,
            all_denied_except(&[]),
        ));
        assert_eq!(verdict, Verdict::ReadOnly);
        assert!(verdict.permits_start(false));
    }

    #[test]
    fn an_allowed_write_refuses_naming_principal_and_actions() {
        let verdict = decide(&evidence(
            "oncall",
            KeyKind::Temporary,
            all_denied_except(&["logs:PutLogEvents", "sts:AssumeRole"]),
        ));
        assert_eq!(
            verdict,
            Verdict::WritesAllowed {
                principal: "arn:aws:sts::111122223333:assumed-role/oncall-read/alice".to_string(),
                actions: vec![
                    "logs:PutLogEvents".to_string(),
                    "sts:AssumeRole".to_string()
                ],
            }
        );
        assert!(!verdict.permits_start(true));
    }

    #[test]
    fn simulation_denied_is_unverified_and_only_starts_when_accepted() {
        let verdict = decide(&evidence(
            "oncall",
            KeyKind::Temporary,
            Simulation::Denied {
                reason: "AccessDenied".to_string(),
            },
        ));
        assert!(matches!(verdict, Verdict::Unverified { .. }));
        assert!(!verdict.permits_start(false));
        assert!(verdict.permits_start(true));
    }

    #[test]
    fn partial_simulation_answer_is_not_read_only() {
        let verdict = decide(&evidence(
            "oncall",
            KeyKind::Temporary,
            Simulation::Done {
                results: vec![ActionResult {
                    action: "logs:PutLogEvents".to_string(),
                    allowed: false,
                }],
            },
        ));
        assert!(matches!(verdict, Verdict::Unverified { .. }));
    }

    #[test]
    fn static_keys_on_production_profile_refuse_even_if_read_only() {
        let verdict = decide(&evidence(
            "prod-admin",
            KeyKind::LongTerm,
            all_denied_except(&[]),
        ));
        assert!(
            matches!(verdict, Verdict::ProductionStaticKeys { ref profile, .. } if profile == "prod-admin")
        );
        assert!(!verdict.permits_start(true));
        // Temporary keys on the same profile are judged by the simulation.
        let temporary = decide(&evidence(
            "prod-admin",
            KeyKind::Temporary,
            all_denied_except(&[]),
        ));
        assert_eq!(temporary, Verdict::ReadOnly);
        // Long-term keys elsewhere too.
        let staging = decide(&evidence(
            "staging",
            KeyKind::LongTerm,
            all_denied_except(&[]),
        ));
        assert_eq!(staging, Verdict::ReadOnly);
    }

    #[test]
    fn production_names() {
        for name in [
            "prod",
            "prod-admin",
            "PROD_readonly",
            "acme.production",
            "prd",
            "live-eu",
            "prod2",
        ] {
            assert!(looks_like_production(name), "{name}");
        }
        for name in [
            "default",
            "staging",
            "product-analytics",
            "dev",
            "prodigy",
            "oncall-read",
            "delivery",
        ] {
            assert!(!looks_like_production(name), "{name}");
        }
    }

    #[test]
    fn key_kinds() {
        assert_eq!(
            KeyKind::classify("AKIAIOSFODNN7EXAMPLE", false),
            KeyKind::LongTerm
        );
        assert_eq!(
            KeyKind::classify("ASIAIOSFODNN7EXAMPLE", true),
            KeyKind::Temporary
        );
        assert_eq!(
            KeyKind::classify("AKIAIOSFODNN7EXAMPLE", true),
            KeyKind::Temporary
        );
        assert_eq!(KeyKind::classify("testing", false), KeyKind::Unknown);
    }

    #[test]
    fn assumed_role_sessions_are_simulated_as_their_role() {
        assert_eq!(
            policy_source_arn("arn:aws:sts::111122223333:assumed-role/oncall-read/alice"),
            "arn:aws:iam::111122223333:role/oncall-read"
        );
        assert_eq!(
            policy_source_arn("arn:aws-us-gov:sts::111122223333:assumed-role/r/s"),
            "arn:aws-us-gov:iam::111122223333:role/r"
        );
        assert_eq!(
            policy_source_arn("arn:aws:iam::111122223333:user/bob"),
            "arn:aws:iam::111122223333:user/bob"
        );
    }
}
