//! The PR draft beside a staged branch: what a reviewer needs, and the exact
//! `gh pr create --draft` command for the human to run. lookout never runs it.
//! Its summary, rollback plan and test plan ([`PrTexts`]) come from the draft
//! that proposed the change: a human's patch gets the standard texts, the
//! analyst's revert names the suspect commit and the evidence, an LLM's answer
//! gives its own Rationale / Rollback plan / Test plan sections.

use std::fmt::Write;

use super::risk::Assessment;

/// How to undo a staged proposal, as every PR draft states it.
pub const ROLLBACK_PLAN: &str =
    "Revert the commit (`git revert <commit>`) and redeploy the previous version.";

/// How to try a staged proposal before it is merged, as every PR draft states it.
pub const TEST_PLAN: &str =
    "Apply in staging first; watch the incident's signals and error rate for 15 minutes.";

/// The one-line summary of a proposal for `incident`.
pub fn summary(incident: &str, title: &str) -> String {
    format!("Proposed fix for incident {incident}: {title}.")
}

/// What a reviewer reads about why and how: one definition for every source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrTexts {
    pub summary: String,
    pub rollback: String,
    pub test_plan: String,
}

/// Evidence ids listed in a revert's texts at most.
const EVIDENCE_NAMED: usize = 4;

impl PrTexts {
    /// A patch a human wrote: the standard texts.
    pub fn standard(incident: &str, title: &str) -> Self {
        PrTexts {
            summary: summary(incident, title),
            rollback: ROLLBACK_PLAN.to_string(),
            test_plan: TEST_PLAN.to_string(),
        }
    }

    /// The offline analyst's revert of suspect `id` (`C1a2b3c`, commit `sha`),
    /// resting on `evidence` (pack ids, strongest first).
    pub fn revert(incident: &str, id: &str, sha: &str, subject: &str, evidence: &[String]) -> Self {
        let short: String = sha.chars().take(12).collect();
        let cited: Vec<String> = evidence
            .iter()
            .take(EVIDENCE_NAMED)
            .map(|e| format!("[{e}]"))
            .collect();
        let cited = if cited.is_empty() {
            "no signal in the evidence pack".to_string()
        } else {
            cited.join(", ")
        };
        PrTexts {
            summary: format!(
                "Revert commit {short} \"{subject}\" [{id}], the top suspect change for incident {incident}. Hypothesis: this change caused the incident; lookout's offline analyst ranked it first among the repository's commits before the onset, it did not prove it. Evidence: {cited}."
            ),
            rollback: format!(
                "Revert this commit (`git revert <commit>`) to restore {short}'s change, and redeploy."
            ),
            test_plan: format!(
                "Apply in staging first; the incident's signals ({cited}) should stop within 15 minutes, and nothing {short} fixed should come back."
            ),
        }
    }

    /// An LLM's answer: its `Rationale`, `Rollback plan` and `Test plan`
    /// sections; the standard text for a section it did not write. `suspect`
    /// (`C1a2b3c`) is named when the rationale does not cite it already.
    pub fn from_answer(answer: &str, incident: &str, title: &str, suspect: Option<&str>) -> Self {
        let standard = Self::standard(incident, title);
        let mut summary = section(answer, "rationale").unwrap_or(standard.summary);
        if let Some(id) = suspect {
            if !summary.contains(&format!("[{id}")) {
                summary.push_str(&format!(" Suspect change: [{id}]."));
            }
        }
        PrTexts {
            summary,
            rollback: section(answer, "rollback plan").unwrap_or(standard.rollback),
            test_plan: section(answer, "test plan").unwrap_or(standard.test_plan),
        }
    }
}

/// The text under heading `name` (`## Name`, `**Name**`, `Name:`), up to the
/// next heading of the three; fenced blocks are not read.
fn section(answer: &str, name: &str) -> Option<String> {
    const NAMES: [&str; 3] = ["rationale", "rollback plan", "test plan"];
    let heading = |line: &str| -> Option<(&'static str, String)> {
        let bare = line
            .trim()
            .trim_start_matches('#')
            .trim()
            .trim_matches('*')
            .trim();
        let lower = bare.to_lowercase();
        NAMES.iter().find_map(|n| {
            let rest = lower.strip_prefix(n)?;
            let rest = rest.trim_start_matches(['*', ':', ' ']);
            let offset = bare.len() - rest.len();
            Some((
                *n,
                bare[offset..]
                    .trim()
                    .trim_start_matches(['*', ':'])
                    .trim()
                    .to_string(),
            ))
        })
    };
    let mut inside_fence = false;
    let mut collecting = false;
    let mut text = Vec::new();
    for line in answer.lines() {
        if line.trim_start().starts_with("```") {
            inside_fence = !inside_fence;
            continue;
        }
        if inside_fence {
            continue;
        }
        if let Some((found, rest)) = heading(line) {
            if collecting {
                break;
            }
            collecting = found == name;
            if collecting && !rest.is_empty() {
                text.push(rest);
            }
            continue;
        }
        if collecting {
            text.push(line.trim().to_string());
        }
    }
    let joined = text.join("\n").trim().to_string();
    (!joined.is_empty()).then_some(joined)
}

/// Everything the draft and the commit message are written from.
pub struct Proposal<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub incident: &'a str,
    pub branch: &'a str,
    pub files: &'a [String],
    pub assessment: &'a Assessment,
    pub rollback: &'a str,
    pub test_plan: &'a str,
}

/// `Policy:` trailer value: the rules that fired, or `none`.
fn policy_trailer(assessment: &Assessment) -> String {
    if assessment.rules.is_empty() {
        "none".to_string()
    } else {
        assessment.rules.join(",")
    }
}

/// The commit message with its trailers.
pub fn commit_message(p: &Proposal) -> String {
    let two_person = if p.assessment.two_person {
        "required"
    } else {
        "no"
    };
    format!(
        "{}\n\n{}\n\nRisk: {}\nPolicy: {}\nIncident: {}\nTwo-Person-Review: {two_person}\nProposed-by: lookout (AI-drafted, human review required)\n",
        p.title,
        p.summary,
        p.assessment.risk.as_str(),
        policy_trailer(p.assessment),
        p.incident
    )
}

/// The PR draft markdown; `body_file` is where it is saved (for the gh command).
pub fn render(p: &Proposal, body_file: &str) -> String {
    let risk = p.assessment.risk.as_str().to_uppercase();
    let mut out = format!("# {}\n\n", p.title);
    let _ = writeln!(
        out,
        "**Risk: {risk}**{}  ·  incident `{}`  ·  branch `{}`\n",
        if p.assessment.two_person {
            " — two-person review required"
        } else {
            ""
        },
        p.incident,
        p.branch
    );
    let _ = writeln!(out, "> Proposed by lookout (AI-drafted, human review required). Nothing has been pushed or applied.\n");
    let _ = writeln!(out, "## Summary\n{}\n", p.summary);
    out.push_str("## Files\n");
    for file in p.files {
        let _ = writeln!(out, "- `{file}`");
    }
    out.push_str("\n## Policy findings\n");
    if p.assessment.findings.is_empty() {
        out.push_str("- none\n");
    }
    for finding in &p.assessment.findings {
        let _ = writeln!(
            out,
            "- **{}** `{}` {} — {}",
            finding.severity, finding.rule, finding.resource, finding.message
        );
    }
    let _ = writeln!(
        out,
        "\n## Rollback plan\n{}\n\n## Test plan\n{}\n",
        p.rollback, p.test_plan
    );
    out.push_str("## Review checklist\n- [ ] The diff does what the summary says, and nothing else\n- [ ] Rollback plan is correct\n");
    if p.assessment.two_person {
        out.push_str("- [ ] First reviewer approved\n- [ ] **Second reviewer approved (two-person review required)**\n");
    }
    let _ = writeln!(
        out,
        "\n## Open the PR (you run this; lookout never does)\n```sh\ngit push origin {branch}\ngh pr create --draft --title {title} --body-file {body_file} --head {branch}\n```",
        branch = p.branch,
        title = shell_quote(p.title),
    );
    out
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answers_sections_become_the_texts_and_missing_ones_are_standard() {
        let answer = "```diff\n-a\n+b\n```\n\n## Rationale\nThe pool was cut to 5 [S3] by [C1a2b3c].\n\n**Rollback plan:** revert it.\n";
        let texts = PrTexts::from_answer(answer, "inc", "t", Some("C1a2b3c"));
        assert_eq!(texts.summary, "The pool was cut to 5 [S3] by [C1a2b3c].");
        assert_eq!(texts.rollback, "revert it.");
        assert_eq!(texts.test_plan, TEST_PLAN);
        let bare = PrTexts::from_answer("no sections", "inc", "t", Some("C1a2b3c"));
        assert!(
            bare.summary.starts_with("Proposed fix for incident inc")
                && bare.summary.ends_with("[C1a2b3c].")
        );
    }

    #[test]
    fn a_revert_names_the_commit_and_cites_the_evidence() {
        let texts = PrTexts::revert(
            "inc",
            "C1a2b3c",
            "1a2b3c4d5e6f7a8b",
            "shrink pool",
            &["S3".into(), "M1".into()],
        );
        assert!(texts.summary.contains("1a2b3c4d5e6f") && texts.summary.contains("[C1a2b3c]"));
        assert!(texts.summary.contains("[S3], [M1]") && texts.summary.contains("Hypothesis:"));
        assert!(texts.test_plan.contains("[S3]"));
    }
}
