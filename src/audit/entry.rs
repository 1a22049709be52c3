//! Typed audit entries: one struct per action, which every writer constructs and
//! every reader (the scoreboard) deserialises, so a reader can only look for
//! actions and fields that writers write.
//!
//! On disk nothing changes: a record still carries the action's name as a
//! string and its details as a JSON object (keys sorted, as `serde_json::Value`
//! keeps them), so the hash chain and `lookout audit verify` read old and new
//! logs alike. Fields a reader needs but an older log lacks default to empty.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::chain::{AuditEntry, AuditRecord};

/// Who did it: the person at the keyboard, or lookout on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    User,
    Lookout,
}

impl Actor {
    pub fn name(self) -> &'static str {
        match self {
            Actor::User => "user",
            Actor::Lookout => "lookout",
        }
    }
}

/// Every action lookout records. The names are the on-disk `action` strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SourceOpen,
    SourceRead,
    CredentialsCheck,
    PolicyCheck,
    SignalFirst,
    LlmRequest,
    LlmCall,
    DraftWrite,
    ProposalCheck,
    ProposalReject,
    ProposalBlock,
    ProposalStage,
}

impl Action {
    pub const ALL: [Action; 12] = [
        Action::SourceOpen,
        Action::SourceRead,
        Action::CredentialsCheck,
        Action::PolicyCheck,
        Action::SignalFirst,
        Action::LlmRequest,
        Action::LlmCall,
        Action::DraftWrite,
        Action::ProposalCheck,
        Action::ProposalReject,
        Action::ProposalBlock,
        Action::ProposalStage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Action::SourceOpen => "source.open",
            Action::SourceRead => "source.read",
            Action::CredentialsCheck => "credentials.check",
            Action::PolicyCheck => "policy.check",
            Action::SignalFirst => "signal.first",
            Action::LlmRequest => "llm.request",
            Action::LlmCall => "llm.call",
            Action::DraftWrite => "draft.write",
            Action::ProposalCheck => "proposal.check",
            Action::ProposalReject => "proposal.reject",
            Action::ProposalBlock => "proposal.block",
            Action::ProposalStage => "proposal.stage",
        }
    }

    /// The action a record names, if lookout writes it.
    pub fn of(record: &AuditRecord) -> Option<Action> {
        Action::ALL
            .into_iter()
            .find(|action| action.name() == record.action)
    }
}

/// The details of one action: which action it is and who does it by default.
pub trait Details: Serialize + DeserializeOwned {
    const ACTION: Action;
    const ACTOR: Actor;

    /// The entry to append, about `subject` (a path, an endpoint, a branch).
    fn entry(&self, subject: impl Into<String>) -> AuditEntry {
        // Serialising plain data structs to a Value cannot fail.
        let details = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        AuditEntry::new(Self::ACTOR.name(), Self::ACTION.name(), subject).with_details(details)
    }

    /// Reads a record's details back, when it records this action.
    fn read(record: &AuditRecord) -> Option<Result<Self, serde_json::Error>> {
        if record.action != Self::ACTION.name() {
            return None;
        }
        // Records written without details hold `null`: read it as no fields.
        let details = match &record.details {
            serde_json::Value::Null => serde_json::Value::Object(Default::default()),
            other => other.clone(),
        };
        Some(serde_json::from_value(details))
    }
}

impl AuditEntry {
    /// The same entry, recorded as done by `actor` instead of the action's default.
    pub fn by(mut self, actor: Actor) -> Self {
        self.actor = actor.name().to_string();
        self
    }
}

macro_rules! details {
    ($type:ident, $action:ident, $actor:ident) => {
        impl Details for $type {
            const ACTION: Action = Action::$action;
            const ACTOR: Actor = Actor::$actor;
        }
    };
}

/// A source was opened (a file, stdin, a log group, a metrics endpoint).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceOpen {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queries: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}
details!(SourceOpen, SourceOpen, User);

/// One remote read. What it read depends on the operation (a query and its
/// window, a log group and its event counts), so those fields are kept as given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceRead {
    pub operation: String,
    #[serde(flatten)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}
details!(SourceRead, SourceRead, Lookout);

impl SourceRead {
    /// `operation` with the fields of `details` (an object; anything else is dropped).
    pub fn new(operation: &str, details: serde_json::Value) -> Self {
        let mut fields = match details {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        fields.remove("operation");
        SourceRead {
            operation: operation.to_string(),
            fields,
        }
    }
}

/// The credential guard's verdict (or why it could not run).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CredentialsCheck {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<serde_json::Value>,
    pub starts: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_unverified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
details!(CredentialsCheck, CredentialsCheck, Lookout);

/// `lookout check`: a file judged by policy, without a proposal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyCheck {
    pub risk: String,
    pub rules: Vec<String>,
    pub blocked: bool,
    pub two_person: bool,
    pub denies: usize,
    pub findings: usize,
}
details!(PolicyCheck, PolicyCheck, User);

/// The incident's first signal (the start of the scoreboard's clocks).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignalFirst {
    pub title: String,
    pub time_ms: i64,
}
details!(SignalFirst, SignalFirst, Lookout);

/// A redacted LLM request, before it is sent: never the prompt, only its hash.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LlmRequest {
    pub kind: String,
    pub model: String,
    pub prompt_sha256: String,
    pub prompt_bytes: usize,
    pub redactions: BTreeMap<String, u64>,
}
details!(LlmRequest, LlmRequest, Lookout);

/// An LLM call that ended (completed, failed or partial).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LlmCall {
    pub kind: String,
    pub model: String,
    pub prompt_sha256: String,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Whether the server reported usage: without it, 0 tokens means unknown.
    pub usage_reported: bool,
    pub latency_ms: u64,
    pub first_token_ms: Option<u64>,
    pub attempts: u32,
    pub redactions: BTreeMap<String, u64>,
    pub error: Option<String>,
}
details!(LlmCall, LlmCall, Lookout);

/// A draft saved in the incident folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftWrite {
    /// `summary`, `runbook`, `postmortem`, …
    pub kind: String,
    /// `llm:<model>` or `offline-analyst`.
    pub producer: String,
    pub bytes: usize,
    /// The citation check of the text against the pack that was sent.
    pub citations: Option<CitationCounts>,
    /// Estimated tokens of the evidence pack the draft was written from.
    pub pack_tokens: usize,
    /// Why the request was sent a second time with a smaller pack, if it was.
    pub retried: Option<String>,
}
details!(DraftWrite, DraftWrite, Lookout);

/// What the citation verifier found in a draft (`incident::CitationReport`, counted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CitationCounts {
    pub ok: usize,
    /// Cited ids not in the pack.
    pub unknown: Vec<String>,
    /// Claims that cite nothing that resolves.
    pub uncited: usize,
}

/// A proposal assessed by policy (shown to the user next).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalCheck {
    /// The proposal's id: its intended branch name.
    pub proposal: String,
    pub risk: String,
    pub rules: Vec<String>,
    pub blocked: bool,
    pub two_person: bool,
    pub files: Vec<String>,
}
details!(ProposalCheck, ProposalCheck, User);

/// A diff refused by validation before policy saw it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalReject {
    pub proposal: String,
    pub reason: String,
}
details!(ProposalReject, ProposalReject, User);

/// A proposal policy blocked: it is never staged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalBlock {
    pub proposal: String,
    /// The deny findings (rule, resource, message).
    pub denies: Vec<serde_json::Value>,
}
details!(ProposalBlock, ProposalBlock, Lookout);

/// A proposal staged as a local branch, with its PR draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalStage {
    pub proposal: String,
    pub branch: String,
    pub commit: String,
    pub risk: String,
    pub two_person: bool,
    pub repo: String,
    pub pr_draft: String,
}
details!(ProposalStage, ProposalStage, User);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_are_unique_and_read_back() {
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
    }

    #[test]
    fn an_entry_reads_back_as_the_details_it_was_built_from() {
        let call = LlmCall {
            kind: "summary".into(),
            prompt_tokens: 12,
            usage_reported: true,
            first_token_ms: Some(5),
            ..LlmCall::default()
        };
        let entry = call.entry("http://127.0.0.1/v1");
        assert_eq!(
            (entry.actor.as_str(), entry.action.as_str()),
            ("lookout", "llm.call")
        );
        let record = AuditRecord {
            seq: 0,
            time: String::new(),
            level: 0,
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            details: entry.details,
            prev_hash: String::new(),
            hash: String::new(),
        };
        assert_eq!(Action::of(&record), Some(Action::LlmCall));
        assert_eq!(LlmCall::read(&record).unwrap().unwrap(), call);
        assert!(DraftWrite::read(&record).is_none());
    }

    #[test]
    fn a_source_read_keeps_its_operation_fields_flat() {
        let read = SourceRead::new(
            "FilterLogEvents",
            serde_json::json!({"operation": "x", "events": 3}),
        );
        let entry = read.entry("cloudwatch:g").by(Actor::User);
        assert_eq!(entry.actor, "user");
        assert_eq!(
            entry.details,
            serde_json::json!({"operation": "FilterLogEvents", "events": 3})
        );
    }
}
