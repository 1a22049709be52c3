//! The PR draft beside a staged branch: what a reviewer needs, and the exact
//! `gh pr create --draft` command for the human to run. lookout never runs it.

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
