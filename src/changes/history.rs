//! Reads a service repository's recent history with git2, read-only: object
//! lookups only — the working tree, the index, HEAD and every ref stay as they
//! are. Each commit comes with its times, subject, files and a bounded,
//! redacted diff; the words of its changed lines are kept for scoring.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

use super::config_keys;
use super::logging_only;
use super::reach::{self, classify, FileRole};
use super::tokens::{stem, tokens_into};
use super::ChangesError;
use crate::ingest::{RedactionCounts, Redactor};

/// Diff text kept per commit (what a report or an LLM prompt may show).
pub const MAX_DIFF_BYTES: usize = 8 * 1024;
/// Changed-line text read per commit for its words: a huge commit (a vendored
/// dependency) must not cost unbounded time.
const MAX_WORD_SOURCE_BYTES: usize = 256 * 1024;
/// The bound on the lines, changed and unchanged, the logging-only test reads.
const MAX_RUNTIME_LINES_BYTES: usize = 2 * MAX_WORD_SOURCE_BYTES;
/// Files listed per commit.
const MAX_FILES: usize = 200;
/// Commits walked at most, whatever the window.
const MAX_WALK: usize = 20_000;
/// Files of the tree read for the repo's vocabulary, and bytes read per file
/// and in all: enough for a service's repository, bounded for a monorepo.
const MAX_TREE_FILES: usize = 5_000;
const MAX_TREE_FILE_BYTES: usize = 64 * 1024;
const MAX_TREE_BYTES: usize = 16 * 1024 * 1024;

/// One changed file of a commit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedFile {
    pub path: String,
    /// `added`, `modified`, `deleted`, `renamed`, …
    pub status: String,
    pub role: FileRole,
}

/// One commit as the suspect list sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commit {
    /// Full hex sha.
    pub sha: String,
    /// Parents' full hex shas, the first parent first (what a deploy range walks).
    pub parents: Vec<String>,
    pub author: String,
    pub author_time_ms: i64,
    pub commit_time_ms: i64,
    /// First line of the message (redacted).
    pub subject: String,
    /// Tags pointing at this commit.
    pub tags: Vec<String>,
    pub files: Vec<ChangedFile>,
    /// The patch against the first parent, redacted, at most `MAX_DIFF_BYTES`.
    pub diff: String,
    pub diff_truncated: bool,
    /// Words of the message, the paths and the added and removed lines.
    #[serde(skip)]
    pub words: BTreeSet<String>,
    /// The message and the added lines, lowercased: where a version a deploy
    /// names would appear.
    #[serde(skip)]
    pub introduced_text: String,
    /// Settings its added config lines make, `(key, value)` normalised
    /// (`config_keys::setting`).
    #[serde(skip)]
    pub settings: Vec<(String, String)>,
    /// String literals of its added lines as their constant pieces,
    /// normalised (observer.rs): the messages it writes.
    #[serde(skip)]
    pub literals: Vec<Vec<String>>,
    /// The same of its removed lines: the messages it stopped writing, or
    /// wrote before it reworded them.
    #[serde(skip)]
    pub removed_literals: Vec<Vec<String>>,
    /// Every line it changes in files that reach the service only writes
    /// log messages (logging_only.rs).
    #[serde(skip)]
    pub logging_only: Option<super::logging_only::LoggingOnly>,
    /// Its changed lines in files that reach the service are comments only.
    pub comments_only: bool,
}

impl Commit {
    /// When the change landed: the later of its author and committer times
    /// (a rebased or merged commit lands when it is committed).
    pub fn landed_ms(&self) -> i64 {
        self.author_time_ms.max(self.commit_time_ms)
    }

    /// `c1a2b3c`: the 7-hex short sha.
    pub fn short(&self) -> &str {
        &self.sha[..self.sha.len().min(7)]
    }
}

/// The commits that landed in the window, newest first, and up to
/// `background` commits before it (the repo's usual vocabulary).
#[derive(Debug, Clone, Default)]
pub struct History {
    pub in_window: Vec<Commit>,
    pub background: Vec<Commit>,
    /// Commits that landed after `until` (not suspects: they came later),
    /// full shas, newest first: a deploy that names one deploys forward.
    pub later: Vec<String>,
    /// Those of `later` that revert a commit the git way (`Revert
    /// "subject"`, as `git revert` and the forges' revert buttons write
    /// it): the later commit's sha and the reverted commit's subject.
    pub later_reverts: Vec<(String, String)>,
    /// Those of `later` that set a deploy manifest's pinned version to
    /// another (pins.rs): the later commit's sha and the versions it pins.
    pub later_pins: Vec<(String, Vec<String>)>,
    pub redactions: RedactionCounts,
    /// The repository's files as they were at `until`.
    pub tree: TreeVocabulary,
}

/// The tree as it was at the onset (the newest commit read): how many of its
/// files mention each word stem (in path or content). A word most files carry
/// (the service's name, `src`, the language's keywords) says little about
/// which change an incident points at; a word one file carries says much.
#[derive(Debug, Clone, Default)]
pub struct TreeVocabulary {
    pub document_frequency: HashMap<String, usize>,
    /// Files read.
    pub files: usize,
    /// Their paths (what a path in a log line resolves to, code.rs).
    pub paths: Vec<String>,
    /// The commit whose tree this is.
    pub commit: Option<String>,
}

/// Reads the history reachable from HEAD.
pub fn read(
    repo_path: &Path,
    from_ms: i64,
    until_ms: i64,
    background: usize,
    redactor: &Redactor,
) -> Result<History, ChangesError> {
    let fail = |err: git2::Error| ChangesError::Repo {
        path: repo_path.to_path_buf(),
        message: err.message().to_string(),
    };
    let repo = git2::Repository::open(repo_path).map_err(fail)?;
    let head = match repo.head() {
        Ok(head) => head.peel_to_commit().map_err(fail)?,
        // An empty repository has no history to suspect.
        Err(err) if err.code() == git2::ErrorCode::UnbornBranch => return Ok(History::default()),
        Err(err) => return Err(fail(err)),
    };
    let tags = tags_by_commit(&repo).map_err(fail)?;
    let mut walk = repo.revwalk().map_err(fail)?;
    walk.set_sorting(git2::Sort::TIME).map_err(fail)?;
    walk.push(head.id()).map_err(fail)?;
    let mut history = History::default();
    let mut newest_read: Option<git2::Oid> = None;
    for oid in walk.take(MAX_WALK) {
        let commit = repo.find_commit(oid.map_err(fail)?).map_err(fail)?;
        let landed_ms = 1000
            * commit
                .author()
                .when()
                .seconds()
                .max(commit.time().seconds());
        if landed_ms > until_ms {
            history.later.push(commit.id().to_string());
            let reverted = commit
                .summary()
                .ok()
                .flatten()
                .and_then(|s| s.strip_prefix("Revert \""))
                .and_then(|s| s.strip_suffix('"'));
            if let Some(reverted) = reverted {
                history
                    .later_reverts
                    .push((commit.id().to_string(), reverted.to_string()));
            }
            let pinned = super::pins::pinned_versions(&repo, &commit);
            if !pinned.is_empty() {
                history.later_pins.push((commit.id().to_string(), pinned));
            }
            continue;
        }
        newest_read.get_or_insert(commit.id());
        let read =
            describe(&repo, &commit, &tags, redactor, &mut history.redactions).map_err(fail)?;
        if landed_ms >= from_ms {
            history.in_window.push(read);
        } else {
            history.background.push(read);
            if history.background.len() >= background {
                break;
            }
        }
    }
    if let Some(newest) = newest_read {
        let tree = repo
            .find_commit(newest)
            .and_then(|c| c.tree())
            .map_err(fail)?;
        history.tree = tree_vocabulary(&repo, &tree);
        history.tree.commit = Some(newest.to_string());
    }
    Ok(history)
}

/// What the changed lines of a commit's config files say: the line
/// enclosing each (its key or section), one per line, each distinct line
/// once; and the settings its added lines make (`config_keys::setting`).
/// Each is read from the blob the line is in. `lines`: blob, line number,
/// and whether the line was added.
fn config_changes(
    repo: &git2::Repository,
    lines: &[(git2::Oid, u32, bool)],
) -> (String, Vec<(String, String)>) {
    let mut blobs: HashMap<git2::Oid, Option<String>> = HashMap::new();
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut settings = BTreeSet::new();
    for (oid, line_no, added) in lines {
        let text = blobs.entry(*oid).or_insert_with(|| {
            let blob = repo.find_blob(*oid).ok()?;
            let content = &blob.content()[..blob.content().len().min(MAX_TREE_FILE_BYTES)];
            (!content.contains(&0)).then(|| String::from_utf8_lossy(content).into_owned())
        });
        if let Some(text) = text {
            let enclosing = config_keys::enclosing_lines(text, *line_no as usize);
            if *added && settings.len() < MAX_FILES {
                let line = text.lines().nth((*line_no as usize).saturating_sub(1));
                settings.extend(line.and_then(|l| config_keys::setting(l, &enclosing)));
            }
            for enclosing in enclosing {
                if found.len() < MAX_FILES {
                    found.insert(enclosing.to_string());
                }
            }
        }
    }
    (
        found.into_iter().collect::<Vec<_>>().join("\n"),
        settings.into_iter().collect(),
    )
}

/// Word stem → how many files of `tree` mention it, and the files read
/// (bounded; binary files count by their path only). The words are counted,
/// never kept or shown, so the file contents are not redacted first.
fn tree_vocabulary(repo: &git2::Repository, tree: &git2::Tree) -> TreeVocabulary {
    let mut frequency: HashMap<String, usize> = HashMap::new();
    let mut paths = Vec::new();
    let mut bytes_read = 0usize;
    let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if paths.len() >= MAX_TREE_FILES {
            return git2::TreeWalkResult::Abort;
        }
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return git2::TreeWalkResult::Ok;
        }
        let path = format!("{dir}{}", entry.name().unwrap_or(""));
        let mut words = BTreeSet::new();
        tokens_into(&path.replace('/', " "), &mut words);
        if bytes_read < MAX_TREE_BYTES {
            if let Ok(blob) = repo.find_blob(entry.id()) {
                let content = blob.content();
                let content = &content[..content.len().min(MAX_TREE_FILE_BYTES)];
                if !content.contains(&0) {
                    bytes_read += content.len();
                    tokens_into(&String::from_utf8_lossy(content), &mut words);
                }
            }
        }
        let stems: BTreeSet<String> = words.iter().map(|w| stem(w).into_owned()).collect();
        for word in stems {
            *frequency.entry(word).or_default() += 1;
        }
        paths.push(path);
        git2::TreeWalkResult::Ok
    });
    TreeVocabulary {
        document_frequency: frequency,
        files: paths.len(),
        paths,
        commit: None,
    }
}

fn tags_by_commit(repo: &git2::Repository) -> Result<HashMap<git2::Oid, Vec<String>>, git2::Error> {
    let mut tags: HashMap<git2::Oid, Vec<String>> = HashMap::new();
    for reference in repo.references_glob("refs/tags/*")? {
        let reference = reference?;
        let (Ok(name), Ok(commit)) = (reference.shorthand(), reference.peel_to_commit()) else {
            continue;
        };
        tags.entry(commit.id()).or_default().push(name.to_string());
    }
    Ok(tags)
}

fn describe(
    repo: &git2::Repository,
    commit: &git2::Commit,
    tags: &HashMap<git2::Oid, Vec<String>>,
    redactor: &Redactor,
    redactions: &mut RedactionCounts,
) -> Result<Commit, git2::Error> {
    let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
    let message = redactor.redact(&message, redactions).into_owned();
    let subject = message.lines().next().unwrap_or("").trim().to_string();
    let tree = commit.tree()?;
    let parent_tree = match commit.parents().next() {
        Some(parent) => Some(parent.tree()?),
        None => None,
    };
    let mut options = git2::DiffOptions::new();
    options.context_lines(1).ignore_submodules(true);
    let mut diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options))?;
    diff.find_similar(None)?;
    let mut files = Vec::new();
    let mut words = BTreeSet::new();
    tokens_into(&message, &mut words);
    for delta in diff.deltas().take(MAX_FILES) {
        let path = delta
            .new_file()
            .path()
            .or_else(|| delta.old_file().path())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        tokens_into(&path.replace('/', " "), &mut words);
        files.push(ChangedFile {
            role: classify(&path),
            status: format!("{:?}", delta.status()).to_lowercase(),
            path,
        });
    }
    let mut patch = String::new();
    let mut truncated = false;
    let mut changed_lines = String::new();
    let mut added_lines = String::new();
    let mut removed_lines = String::new();
    // Changed lines of config files: the blob and line each sits in, for the
    // keys that enclose it (config_keys.rs).
    let mut config_lines: Vec<(git2::Oid, u32, bool)> = Vec::new();
    // The hunks of files that reach the service, changed lines and the
    // unchanged ones around them, for logging_only.rs; `None` once they pass
    // the bound (then the test is not made).
    let mut runtime_lines: Option<Vec<logging_only::ChangedLine>> = Some(Vec::new());
    let mut runtime_bytes = 0usize;
    // Whether the last file seen reaches the service: asked once per file.
    let mut last_role: Option<(String, bool)> = None;
    diff.print(git2::DiffFormat::Patch, |delta, _, line| {
        let content = String::from_utf8_lossy(line.content());
        let origin = line.origin();
        // Lines of a hunk and hunk starts; file headers and end-of-file
        // markers go to the patch text only.
        if matches!(origin, '+' | '-' | ' ' | 'H') {
            let file = if origin == '-' {
                delta.old_file()
            } else {
                delta.new_file()
            };
            let path = file.path().map(|p| p.to_string_lossy().into_owned());
            if matches!(origin, '+' | '-') && changed_lines.len() < MAX_WORD_SOURCE_BYTES {
                // Release notes restate the commits they list: not this one's
                // words (reach::is_changelog), though what it introduces (a
                // version a deploy may name) still counts.
                if !path.as_deref().is_some_and(reach::is_changelog) {
                    changed_lines.push_str(&content);
                }
                match origin {
                    '+' => added_lines.push_str(&content),
                    _ => removed_lines.push_str(&content),
                }
                let line_no = match origin {
                    '+' => line.new_lineno(),
                    _ => line.old_lineno(),
                };
                let is_config = path.as_deref().is_some_and(config_keys::is_config);
                if let (true, Some(line_no)) = (is_config, line_no) {
                    config_lines.push((file.id(), line_no, origin == '+'));
                }
            }
            // Unchanged lines and hunk starts too: a logging call may open on
            // an unchanged line and go on in changed ones (logging_calls.rs).
            if let (Some(lines), Some(path)) = (runtime_lines.as_mut(), path) {
                let reaches = match &last_role {
                    Some((last, reaches)) if *last == path => *reaches,
                    _ => {
                        let reaches = classify(&path).reaches_service();
                        last_role = Some((path.clone(), reaches));
                        reaches
                    }
                };
                if reaches {
                    runtime_bytes += content.len();
                    if runtime_bytes > MAX_RUNTIME_LINES_BYTES {
                        runtime_lines = None;
                    } else {
                        let text = match origin {
                            'H' => String::new(),
                            _ => content.trim_end_matches('\n').to_string(),
                        };
                        lines.push((path, origin, text));
                    }
                }
            }
        }
        if patch.len() < MAX_DIFF_BYTES {
            if matches!(origin, '+' | '-' | ' ') {
                patch.push(origin);
            }
            patch.push_str(&content);
        } else {
            truncated = true;
        }
        // Keep walking: the words come from every changed line (bounded above).
        true
    })?;
    if patch.len() > MAX_DIFF_BYTES {
        let mut cut = MAX_DIFF_BYTES;
        while !patch.is_char_boundary(cut) {
            cut -= 1;
        }
        patch.truncate(cut);
        truncated = true;
    }
    let patch = redactor.redact(&patch, redactions).into_owned();
    // Words come from the redacted lines: a secret never becomes a word.
    let changed_lines = redactor.redact(&changed_lines, &mut RedactionCounts::default());
    tokens_into(&changed_lines, &mut words);
    let (enclosing, settings) = config_changes(repo, &config_lines);
    // A setting's value may be a secret: the redactor decides, as for words.
    let settings = settings
        .into_iter()
        .filter(|(key, value)| {
            let pair = format!("{key}={value}");
            redactor.redact(&pair, &mut RedactionCounts::default()) == pair.as_str()
        })
        .collect();
    let enclosing = redactor.redact(&enclosing, &mut RedactionCounts::default());
    tokens_into(&enclosing, &mut words);
    let added_lines = redactor.redact(&added_lines, &mut RedactionCounts::default());
    let introduced_text = format!("{message}\n{added_lines}").to_lowercase();
    let literals = super::observer::literals(&added_lines);
    let removed_lines = redactor.redact(&removed_lines, &mut RedactionCounts::default());
    let removed_literals = super::observer::literals(&removed_lines);
    let comments_only = runtime_lines
        .as_deref()
        .is_some_and(logging_only::only_comments);
    let logging_only = runtime_lines.and_then(|lines| logging_only::classify(&lines));
    Ok(Commit {
        sha: commit.id().to_string(),
        parents: commit.parent_ids().map(|id| id.to_string()).collect(),
        author: redactor
            .redact(
                &String::from_utf8_lossy(commit.author().name_bytes()),
                redactions,
            )
            .into_owned(),
        author_time_ms: commit.author().when().seconds() * 1000,
        commit_time_ms: commit.time().seconds() * 1000,
        subject,
        tags: tags.get(&commit.id()).cloned().unwrap_or_default(),
        files,
        diff: patch,
        diff_truncated: truncated,
        words,
        introduced_text,
        settings,
        literals,
        removed_literals,
        logging_only,
        comments_only,
    })
}
