//! Unified diffs (git style: new/deleted files, renames, mode changes, `\ No
//! newline at end of file`): parsing, validation with a reason per rejection,
//! and applying hunks to in-memory file contents. Pure: nothing touches disk.

use serde::Serialize;

use super::ProposeConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Modify,
    Add,
    Delete,
    Rename,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HunkLine {
    Context(String),
    Add(String),
    Remove(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub old_start: usize,
    pub old_len: usize,
    pub new_start: usize,
    pub new_len: usize,
    pub lines: Vec<HunkLine>,
    /// `\ No newline at end of file` after the new side's last line.
    pub new_missing_newline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePatch {
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    pub kind: ChangeKind,
    pub old_mode: Option<String>,
    pub new_mode: Option<String>,
    pub binary: bool,
    pub hunks: Vec<Hunk>,
}

impl FilePatch {
    /// The path the change is about (the new one, else the old one).
    pub fn path(&self) -> &str {
        self.new_path
            .as_deref()
            .or(self.old_path.as_deref())
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Patch {
    pub files: Vec<FilePatch>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PatchError {
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
    #[error("the text holds no diff (expected `diff --git` or `---`/`+++` headers)")]
    Empty,
    #[error("{path}: {reason}")]
    Rejected { path: String, reason: String },
    #[error("{path}: hunk {hunk} does not apply to HEAD: {reason}")]
    DoesNotApply {
        path: String,
        hunk: usize,
        reason: String,
    },
}

/// The diff inside an LLM answer: ```diff fenced blocks, else the text itself.
pub fn extract_diff(text: &str) -> String {
    let mut blocks = Vec::new();
    let mut inside = false;
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if !inside && (trimmed.starts_with("```diff") || trimmed.starts_with("```patch")) {
            inside = true;
            current.clear();
        } else if inside && trimmed.starts_with("```") {
            inside = false;
            blocks.push(std::mem::take(&mut current));
        } else if inside {
            current.push_str(line);
            current.push('\n');
        }
    }
    if blocks.is_empty() {
        text.to_string()
    } else {
        blocks.concat()
    }
}

/// Parses a unified diff.
pub fn parse(text: &str) -> Result<Patch, PatchError> {
    let mut patch = Patch::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if line.starts_with("diff --git ")
            || (line.starts_with("--- ")
                && lines.get(index + 1).is_some_and(|l| l.starts_with("+++ ")))
        {
            let (file, next) = parse_file(&lines, index)?;
            patch.files.push(file);
            index = next;
        } else {
            index += 1;
        }
    }
    if patch.files.is_empty() {
        return Err(PatchError::Empty);
    }
    Ok(patch)
}

fn strip_prefix(path: &str) -> Option<String> {
    let path = path.trim().trim_matches('"');
    let path = path.split('\t').next().unwrap_or(path);
    if path == "/dev/null" {
        return None;
    }
    Some(
        path.strip_prefix("a/")
            .or_else(|| path.strip_prefix("b/"))
            .unwrap_or(path)
            .to_string(),
    )
}

fn parse_file(lines: &[&str], start: usize) -> Result<(FilePatch, usize), PatchError> {
    let mut file = FilePatch {
        old_path: None,
        new_path: None,
        kind: ChangeKind::Modify,
        old_mode: None,
        new_mode: None,
        binary: false,
        hunks: Vec::new(),
    };
    let mut index = start;
    if let Some(rest) = lines[index].strip_prefix("diff --git ") {
        let mut parts = rest.split(" b/");
        file.old_path = parts.next().map(|p| p.trim_start_matches("a/").to_string());
        file.new_path = parts.next().map(str::to_string);
        index += 1;
    }
    while index < lines.len() {
        let line = lines[index];
        if line.starts_with("diff --git ") {
            break;
        } else if let Some(mode) = line.strip_prefix("new file mode ") {
            file.kind = ChangeKind::Add;
            file.new_mode = Some(mode.trim().to_string());
        } else if let Some(mode) = line.strip_prefix("deleted file mode ") {
            file.kind = ChangeKind::Delete;
            file.old_mode = Some(mode.trim().to_string());
        } else if let Some(mode) = line.strip_prefix("old mode ") {
            file.old_mode = Some(mode.trim().to_string());
        } else if let Some(mode) = line.strip_prefix("new mode ") {
            file.new_mode = Some(mode.trim().to_string());
        } else if let Some(path) = line.strip_prefix("rename from ") {
            file.kind = ChangeKind::Rename;
            file.old_path = Some(path.to_string());
        } else if let Some(path) = line.strip_prefix("rename to ") {
            file.new_path = Some(path.to_string());
        } else if line.starts_with("GIT binary patch")
            || (line.starts_with("Binary files ") && line.ends_with(" differ"))
        {
            file.binary = true;
        } else if let Some(path) = line.strip_prefix("--- ") {
            file.old_path = strip_prefix(path);
            if file.old_path.is_none() {
                file.kind = ChangeKind::Add;
            }
        } else if let Some(path) = line.strip_prefix("+++ ") {
            file.new_path = strip_prefix(path);
            if file.new_path.is_none() {
                file.kind = ChangeKind::Delete;
            }
        } else if line.starts_with("@@") {
            let (hunk, next) = parse_hunk(lines, index)?;
            file.hunks.push(hunk);
            index = next;
            continue;
        }
        index += 1;
        if index < lines.len() && lines[index].starts_with("--- ") && !file.hunks.is_empty() {
            break;
        }
    }
    Ok((file, index))
}

fn parse_hunk(lines: &[&str], start: usize) -> Result<(Hunk, usize), PatchError> {
    let header = lines[start];
    let malformed = |message: &str| PatchError::Malformed {
        line: start + 1,
        message: message.to_string(),
    };
    let inner = header
        .strip_prefix("@@ ")
        .and_then(|h| h.split(" @@").next())
        .ok_or_else(|| malformed("bad hunk header"))?;
    let mut ranges = inner.split_whitespace();
    let range = |text: Option<&str>, sign: char| -> Result<(usize, usize), PatchError> {
        let text = text
            .and_then(|t| t.strip_prefix(sign))
            .ok_or_else(|| malformed("bad hunk range"))?;
        let mut parts = text.split(',');
        let start: usize = parts
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| malformed("bad hunk start"))?;
        let len: usize = match parts.next() {
            Some(n) => n.parse().map_err(|_| malformed("bad hunk length"))?,
            None => 1,
        };
        Ok((start, len))
    };
    let (old_start, old_len) = range(ranges.next(), '-')?;
    let (new_start, new_len) = range(ranges.next(), '+')?;
    let mut hunk = Hunk {
        old_start,
        old_len,
        new_start,
        new_len,
        lines: Vec::new(),
        new_missing_newline: false,
    };
    let (mut old_seen, mut new_seen) = (0, 0);
    let mut index = start + 1;
    while index < lines.len() && (old_seen < old_len || new_seen < new_len) {
        let line = lines[index];
        match line.chars().next() {
            Some('+') => {
                hunk.lines.push(HunkLine::Add(line[1..].to_string()));
                new_seen += 1;
            }
            Some('-') => {
                hunk.lines.push(HunkLine::Remove(line[1..].to_string()));
                old_seen += 1;
            }
            Some(' ') | None => {
                hunk.lines
                    .push(HunkLine::Context(line.get(1..).unwrap_or("").to_string()));
                old_seen += 1;
                new_seen += 1;
            }
            Some('\\') => {}
            _ => {
                return Err(PatchError::Malformed {
                    line: index + 1,
                    message: format!("unexpected line in hunk: {line:?}"),
                })
            }
        }
        index += 1;
    }
    if old_seen != old_len || new_seen != new_len {
        return Err(malformed(&format!(
            "hunk promises -{old_len} +{new_len} lines but holds -{old_seen} +{new_seen}"
        )));
    }
    if lines.get(index).is_some_and(|l| l.starts_with('\\')) {
        hunk.new_missing_newline = hunk
            .lines
            .last()
            .is_some_and(|l| !matches!(l, HunkLine::Remove(_)));
        index += 1;
    }
    Ok((hunk, index))
}

/// Rejects what lookout never stages, each with its reason.
pub fn validate(patch: &Patch, config: &ProposeConfig) -> Result<(), PatchError> {
    let reject = |path: &str, reason: &str| {
        Err(PatchError::Rejected {
            path: path.to_string(),
            reason: reason.to_string(),
        })
    };
    if patch.files.len() > config.max_files {
        return reject(
            "(patch)",
            &format!(
                "changes {} files; the cap is {}",
                patch.files.len(),
                config.max_files
            ),
        );
    }
    let mut lines = 0;
    let mut bytes = 0;
    for file in &patch.files {
        for path in [&file.old_path, &file.new_path].into_iter().flatten() {
            if let Err(reason) = check_path(path) {
                return reject(path, &reason);
            }
        }
        let path = file.path();
        for mode in [&file.old_mode, &file.new_mode].into_iter().flatten() {
            match mode.as_str() {
                "120000" => return reject(path, "symlinks are not staged (mode 120000)"),
                "160000" => return reject(path, "submodules are not staged (mode 160000)"),
                "100755" if !config.allow_exec_bit => {
                    return reject(
                        path,
                        "executable-bit changes are not staged (set propose.allow_exec_bit)",
                    )
                }
                "100644" | "100755" => {}
                other => return reject(path, &format!("file mode {other} is not staged")),
            }
        }
        if file.binary {
            return reject(path, "binary patches are not staged");
        }
        for hunk in &file.hunks {
            for line in &hunk.lines {
                if let HunkLine::Add(text) | HunkLine::Remove(text) = line {
                    lines += 1;
                    bytes += text.len() + 1;
                }
            }
        }
    }
    if lines > config.max_lines {
        return reject(
            "(patch)",
            &format!("changes {lines} lines; the cap is {}", config.max_lines),
        );
    }
    if bytes > config.max_bytes {
        return reject(
            "(patch)",
            &format!("changes {bytes} bytes; the cap is {}", config.max_bytes),
        );
    }
    Ok(())
}

/// A repo-relative path that stays inside the repo and out of `.git/`.
fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty path".into());
    }
    if path.starts_with('/')
        || path.starts_with('\\')
        || path.contains(':') && path.chars().nth(1) == Some(':')
    {
        return Err("absolute paths are outside the repository".into());
    }
    for component in path.split(['/', '\\']) {
        if component == ".." {
            return Err("`..` leads outside the repository".into());
        }
        if component.eq_ignore_ascii_case(".git") {
            return Err("nothing under .git/ is ever written".into());
        }
    }
    if path.contains('\0') {
        return Err("NUL in path".into());
    }
    Ok(())
}

/// Applies a file's hunks to its HEAD content (None for a new file).
pub fn apply(file: &FilePatch, original: Option<&str>) -> Result<String, PatchError> {
    let path = file.path().to_string();
    let original = original.unwrap_or("");
    let had_newline = original.is_empty() || original.ends_with('\n');
    let mut lines: Vec<&str> = original.lines().collect();
    let mut owned: Vec<String> = Vec::new();
    let mut offset: isize = 0;
    let mut ends_with_newline = had_newline;
    for (number, hunk) in file.hunks.iter().enumerate() {
        let old: Vec<&str> = hunk
            .lines
            .iter()
            .filter_map(|l| match l {
                HunkLine::Context(t) | HunkLine::Remove(t) => Some(t.as_str()),
                HunkLine::Add(_) => None,
            })
            .collect();
        let new: Vec<String> = hunk
            .lines
            .iter()
            .filter_map(|l| match l {
                HunkLine::Context(t) | HunkLine::Add(t) => Some(t.clone()),
                HunkLine::Remove(_) => None,
            })
            .collect();
        let wanted = (hunk.old_start.saturating_sub(1) as isize + offset).max(0) as usize;
        let at = find_block(&lines, &old, wanted).ok_or_else(|| PatchError::DoesNotApply {
            path: path.clone(),
            hunk: number + 1,
            reason: format!(
                "its {} context/removed lines are not at line {} (or nearby)",
                old.len(),
                hunk.old_start
            ),
        })?;
        owned = lines[..at]
            .iter()
            .map(|s| s.to_string())
            .chain(new.iter().cloned())
            .chain(lines[at + old.len()..].iter().map(|s| s.to_string()))
            .collect();
        offset += new.len() as isize - old.len() as isize;
        lines = owned.iter().map(String::as_str).collect();
        if at + old.len() >= lines.len().saturating_sub(new.len()) {
            ends_with_newline = !hunk.new_missing_newline;
        }
    }
    if file.hunks.is_empty() {
        return Ok(original.to_string());
    }
    let _ = &owned;
    let mut text = lines.join("\n");
    if ends_with_newline && !lines.is_empty() {
        text.push('\n');
    }
    Ok(text)
}

/// Where `block` occurs in `lines`, searching outwards from `near` (git-apply style offsets).
fn find_block(lines: &[&str], block: &[&str], near: usize) -> Option<usize> {
    let fits = |at: usize| at + block.len() <= lines.len() && lines[at..at + block.len()] == *block;
    if block.is_empty() {
        return Some(near.min(lines.len()));
    }
    for distance in 0..=lines.len() {
        if near >= distance && fits(near - distance) {
            return Some(near - distance);
        }
        if fits(near + distance) {
            return Some(near + distance);
        }
    }
    None
}

impl Patch {
    /// The diff as the policy input sees it.
    pub fn policy_files(&self) -> Vec<serde_json::Value> {
        self.files
            .iter()
            .map(|file| {
                let (mut added, mut removed) = (Vec::new(), Vec::new());
                for line in file.hunks.iter().flat_map(|h| &h.lines) {
                    match line {
                        HunkLine::Add(t) => added.push(t.clone()),
                        HunkLine::Remove(t) => removed.push(t.clone()),
                        HunkLine::Context(_) => {}
                    }
                }
                serde_json::json!({"path": file.path(), "old_path": file.old_path, "kind": file.kind, "added": added, "removed": removed})
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
