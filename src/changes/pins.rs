//! The versions a commit pins in its deploy manifests. Where a service's
//! manifests live beside its code (GitOps), what runs is the image they pin,
//! not the commit a sync names: a rollback is a new commit that sets the pin
//! back (`newTag: 2.15.0` → `newTag: 2.14.2`), and its sync runs the older
//! release. The keys are the ones the formats document for an image's
//! version: Kustomize's `newTag`, a Helm chart's `appVersion` and values'
//! `tag` / `imageTag`, and a Kubernetes container's `image: name:TAG`.

use super::tokens;

/// Keys whose value is the version of the image that runs.
const PIN_KEYS: &[&str] = &["newtag", "tag", "imagetag", "appversion"];

/// Lines of a commit's patch read at most.
const MAX_LINES: usize = 2_000;

/// The versions `commit` sets where its manifests pinned another before:
/// added pins whose file also lost one in the same commit.
pub fn pinned_versions(repo: &git2::Repository, commit: &git2::Commit) -> Vec<String> {
    let Ok(changed) = manifest_lines(repo, commit) else {
        return Vec::new();
    };
    let removed: Vec<(&str, String)> = changed
        .iter()
        .filter(|(_, added, _)| !added)
        .filter_map(|(path, _, line)| Some((path.as_str(), pin_of(line)?)))
        .collect();
    let mut out = Vec::new();
    for (path, added, line) in &changed {
        let Some(version) = pin_of(line).filter(|_| *added) else {
            continue;
        };
        let replaced = removed
            .iter()
            .any(|(file, old)| file == path && *old != version);
        if replaced && !out.contains(&version) {
            out.push(version);
        }
    }
    out
}

/// Changed lines of the commit's YAML files: path, added, text.
fn manifest_lines(
    repo: &git2::Repository,
    commit: &git2::Commit,
) -> Result<Vec<(String, bool, String)>, git2::Error> {
    let tree = commit.tree()?;
    let parent_tree = match commit.parents().next() {
        Some(parent) => Some(parent.tree()?),
        None => None,
    };
    let mut options = git2::DiffOptions::new();
    options.context_lines(0);
    let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options))?;
    let mut out = Vec::new();
    diff.print(git2::DiffFormat::Patch, |delta, _, line| {
        let path = delta
            .new_file()
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let yaml = path.ends_with(".yaml") || path.ends_with(".yml");
        if yaml && matches!(line.origin(), '+' | '-') && out.len() < MAX_LINES {
            let text = String::from_utf8_lossy(line.content()).into_owned();
            out.push((path, line.origin() == '+', text));
        }
        true
    })?;
    Ok(out)
}

/// The version a manifest line pins: `newTag: 2.14.2`, `tag: "v3.1"`,
/// `image: registry/app:2.14.2`.
fn pin_of(line: &str) -> Option<String> {
    let line = line.trim().trim_start_matches("- ").trim();
    let (key, value) = line.split_once(':')?;
    let key = key.trim().trim_matches('"').to_ascii_lowercase();
    let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
    let version = if key == "image" {
        // The tag follows the last colon, when no path follows it (a
        // registry's port is followed by one).
        let (_, tag) = value.rsplit_once(':')?;
        (!tag.contains('/')).then_some(tag)?
    } else if PIN_KEYS.contains(&key.as_str()) {
        value
    } else {
        return None;
    };
    let version = version.trim_start_matches(['v', 'V']);
    tokens::is_version(version).then(|| version.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_read_from_the_keys_the_formats_document() {
        assert_eq!(pin_of("    newTag: 2.14.2").as_deref(), Some("2.14.2"));
        assert_eq!(pin_of("  tag: \"v3.1.0\"").as_deref(), Some("3.1.0"));
        assert_eq!(pin_of("appVersion: 5.4.1").as_deref(), Some("5.4.1"));
        assert_eq!(
            pin_of("  - image: registry.example:5000/team/app:2.9.1").as_deref(),
            Some("2.9.1")
        );
        // A registry's port is not a tag; other keys pin nothing.
        assert_eq!(pin_of("image: registry.example:5000/team/app"), None);
        assert_eq!(pin_of("replicas: 3"), None);
        assert_eq!(pin_of("timeout: 2.5"), None);
    }

    #[test]
    fn a_commit_that_sets_a_pin_back_pins_the_older_version() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let repo = git2::Repository::init(dir.path()).expect("a repo");
        let signature = git2::Signature::now("dev", "dev@example.invalid").expect("a signature");
        let commit_file = |text: &str, parent: Option<git2::Oid>| -> git2::Oid {
            std::fs::create_dir_all(dir.path().join("deploy")).expect("a dir");
            std::fs::write(dir.path().join("deploy/kustomization.yaml"), text).expect("written");
            let mut index = repo.index().expect("an index");
            index
                .add_path(std::path::Path::new("deploy/kustomization.yaml"))
                .expect("added");
            let tree = repo
                .find_tree(index.write_tree().expect("a tree"))
                .expect("found");
            let parents: Vec<git2::Commit> = parent
                .map(|p| repo.find_commit(p).expect("the parent"))
                .into_iter()
                .collect();
            let parents: Vec<&git2::Commit> = parents.iter().collect();
            repo.commit(None, &signature, &signature, "deploy", &tree, &parents)
                .expect("a commit")
        };
        let manifest =
            |tag: &str| format!("images:\n  - name: app\n    newTag: {tag}\nreplicas: 2\n");
        let first = commit_file(&manifest("2.15.0"), None);
        let back = commit_file(&manifest("2.14.2"), Some(first));
        let read = |oid| pinned_versions(&repo, &repo.find_commit(oid).expect("the commit"));
        assert_eq!(read(back), vec!["2.14.2".to_string()]);
        // A first pin replaces nothing: no older release is named.
        assert!(read(first).is_empty());
    }
}
