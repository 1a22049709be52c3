//! The demo's infra repo, written with its history: the good state a day
//! before, decoys in the night, the deploy bot's bad change, a docs commit
//! after the incident — what `lookout changes --demo` ranks and the Level-1
//! proposal is staged against.

use std::path::{Path, PathBuf};

use super::demo::{DemoError, DemoIncident};

/// The infra repo's good state, then the deploy bot's bad change.
const INFRA_GOOD: [(&str, &str); 4] = [
    ("README.md", include_str!("../../demo/infra/README.md")),
    (
        "terraform/main.tf",
        include_str!("../../demo/infra/terraform/main.tf"),
    ),
    (
        "k8s/checkout-api.yaml",
        include_str!("../../demo/infra/k8s/checkout-api.yaml.good"),
    ),
    (
        "config/checkout-api.toml",
        include_str!("../../demo/infra/config/checkout-api.toml.good"),
    ),
];
const INFRA_BAD: [(&str, &str); 2] = [
    (
        "k8s/checkout-api.yaml",
        include_str!("../../demo/infra/k8s/checkout-api.yaml"),
    ),
    (
        "config/checkout-api.toml",
        include_str!("../../demo/infra/config/checkout-api.toml"),
    ),
];
impl DemoIncident {
    /// Writes the demo infra repo to `dir` with its history and returns the
    /// repo path: the good state a day before, three decoys in the night (a
    /// docs edit, a CI change, an unrelated Terraform change), the deploy
    /// bot's bad change at 03:00 (the v7.4.9 the deploy marker names), and a
    /// docs commit after the incident. `lookout changes --demo` ranks them.
    pub fn materialize_infra_repo(&self, dir: &Path) -> Result<PathBuf, DemoError> {
        let repo_error = |message: String| DemoError::Repo {
            path: dir.to_path_buf(),
            message,
        };
        let git = |e: git2::Error| repo_error(e.message().to_string());
        let repo = git2::Repository::init(dir).map_err(git)?;
        let readme = format!(
            "{}\nOn-call: #checkout-oncall. Runbooks live in the wiki.\n",
            INFRA_GOOD[0].1
        );
        let terraform = INFRA_GOOD[1]
            .1
            .replace("allocated_storage     = 200", "allocated_storage     = 250");
        let incident_notes = "# 2024-11-01 checkout incident\n\nNotes from the call go here.\n";
        let history: [DemoCommit; 6] = [
            (
                &INFRA_GOOD,
                "platform-team",
                1_730_332_800,
                "Checkout infra: DB pool 50",
            ),
            (
                &[("README.md", &readme)],
                "alice",
                1_730_391_600,
                "docs: on-call channel in the README",
            ),
            (
                &[(".github/workflows/terraform.yml", DEMO_CI_WORKFLOW)],
                "bob",
                1_730_423_400,
                "ci: cache terraform providers",
            ),
            (
                &[("terraform/main.tf", &terraform)],
                "carol",
                1_730_425_200,
                "terraform: checkout-prod storage 200 -> 250 GB",
            ),
            (
                &INFRA_BAD,
                "deploy-bot",
                1_730_430_000,
                "checkout-api v7.4.9: tune DB pool (50 -> 5)",
            ),
            (
                &[("docs/incidents/2024-11-01.md", incident_notes)],
                "alice",
                1_730_437_200,
                "docs: start the incident notes",
            ),
        ];
        let mut parent = None;
        for (files, author, time_s, subject) in history {
            parent =
                Some(commit_files(&repo, files, parent, author, time_s, subject).map_err(git)?);
        }
        Ok(dir.to_path_buf())
    }
}

/// One commit of the demo's history: files, author, time (Unix s), subject.
type DemoCommit<'a> = (&'a [(&'a str, &'a str)], &'a str, i64, &'a str);

/// The CI decoy of the demo's history: touches no running service.
const DEMO_CI_WORKFLOW: &str = "name: terraform\non: [pull_request]\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/cache@v4\n        with:\n          path: ~/.terraform.d/plugin-cache\n          key: tf-${{ hashFiles('terraform/.terraform.lock.hcl') }}\n      - run: terraform init && terraform plan\n";

fn commit_files(
    repo: &git2::Repository,
    files: &[(&str, &str)],
    parent: Option<git2::Oid>,
    author: &str,
    time_s: i64,
    message: &str,
) -> Result<git2::Oid, git2::Error> {
    let mut index = repo.index()?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| git2::Error::from_str("bare repository"))?
        .to_path_buf();
    for (path, contents) in files {
        let full = workdir.join(path);
        if let Some(parent_dir) = full.parent() {
            std::fs::create_dir_all(parent_dir)
                .map_err(|e| git2::Error::from_str(&e.to_string()))?;
        }
        std::fs::write(&full, contents).map_err(|e| git2::Error::from_str(&e.to_string()))?;
        index.add_path(Path::new(path))?;
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let time = git2::Time::new(time_s, 0);
    let signature = git2::Signature::new(author, &format!("{author}@shop.example.com"), &time)?;
    let parents: Vec<git2::Commit> = parent
        .map(|p| repo.find_commit(p))
        .transpose()?
        .into_iter()
        .collect();
    let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &parent_refs,
    )
}
