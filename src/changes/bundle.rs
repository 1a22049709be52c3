//! Opens a `git bundle` (what `git bundle create repo.bundle --all` writes)
//! without running git: lookout never spawns processes. A bundle is a text
//! header — a signature line, v3 capabilities (`@object-format=sha1`),
//! prerequisites (`-<sha>`) and references (`<sha> <refname>`) — then a blank
//! line and a packfile. The pack goes through libgit2's pack writer (which
//! indexes and checks it) into a new bare repository; the references are
//! created from the header and HEAD is pointed like the bundle's.

use std::path::{Path, PathBuf};

use super::ChangesError;

/// Bundles larger than this are refused (an incident repo, not a monorepo mirror).
pub const MAX_BUNDLE_BYTES: u64 = 1 << 31;
/// Header bytes read at most before the blank line that ends it.
const MAX_HEADER_BYTES: usize = 16 << 20;

/// The header of a bundle.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    pub version: u8,
    pub references: Vec<(git2::Oid, String)>,
    pub prerequisites: Vec<git2::Oid>,
    /// Offset of the packfile in the bundle.
    pub pack_offset: usize,
}

/// Parses the header of `bytes`; `path` names the bundle in errors.
pub fn parse_header(bytes: &[u8], path: &Path) -> Result<Header, ChangesError> {
    let bad = |message: String| ChangesError::Bundle {
        path: path.to_path_buf(),
        message,
    };
    let mut header = Header::default();
    let mut offset = if bytes.starts_with(b"# v2 git bundle\n") {
        header.version = 2;
        16
    } else if bytes.starts_with(b"# v3 git bundle\n") {
        header.version = 3;
        16
    } else {
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(16)]).into_owned();
        return Err(bad(format!(
            "starts with {start:?}, not \"# v2 git bundle\" or \"# v3 git bundle\""
        )));
    };
    loop {
        if offset >= bytes.len().min(MAX_HEADER_BYTES) {
            return Err(bad(
                "the header never ends (no blank line before the pack): not a git bundle".into(),
            ));
        }
        let end = memchr::memchr(b'\n', &bytes[offset..])
            .map(|at| offset + at)
            .ok_or_else(|| bad("the header is cut short: not a git bundle".into()))?;
        let line = std::str::from_utf8(&bytes[offset..end])
            .map_err(|_| bad(format!("header line at byte {offset} is not text")))?;
        offset = end + 1;
        if line.is_empty() {
            break;
        }
        if let Some(capability) = line.strip_prefix('@') {
            if header.version != 3 {
                return Err(bad(format!("capability {line:?} in a v2 bundle")));
            }
            match capability.split_once('=') {
                Some(("object-format", "sha1")) => {}
                Some(("object-format", other)) => {
                    return Err(bad(format!(
                        "object format {other} is not supported (lookout reads sha1 repositories)"
                    )))
                }
                // A filtered (partial) bundle lacks objects the history needs.
                Some(("filter", filter)) => {
                    return Err(bad(format!(
                        "filtered bundle ({filter}): create it without --filter"
                    )))
                }
                _ => {}
            }
            continue;
        }
        if let Some(prerequisite) = line.strip_prefix('-') {
            let sha = prerequisite.split_whitespace().next().unwrap_or("");
            header
                .prerequisites
                .push(parse_oid(sha).map_err(|m| bad(format!("header line {line:?}: {m}")))?);
            continue;
        }
        let (sha, name) = line
            .split_once(' ')
            .ok_or_else(|| bad(format!("header line {line:?} is not `<sha> <refname>`")))?;
        let oid = parse_oid(sha).map_err(|m| bad(format!("header line {line:?}: {m}")))?;
        if name != "HEAD" && !git2::Reference::is_valid_name(name) {
            return Err(bad(format!("reference name {name:?} is not valid")));
        }
        header.references.push((oid, name.to_string()));
    }
    header.pack_offset = offset;
    Ok(header)
}

fn parse_oid(sha: &str) -> Result<git2::Oid, String> {
    if sha.len() != 40 || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("{sha:?} is not a 40-hex object id"));
    }
    git2::Oid::from_str(sha).map_err(|e| format!("{sha:?}: {}", e.message()))
}

/// Unbundles `bundle` into a new bare repository at `into` (which must not
/// exist or be empty) and returns its path.
pub fn unbundle(bundle: &Path, into: &Path) -> Result<PathBuf, ChangesError> {
    let bad = |message: String| ChangesError::Bundle {
        path: bundle.to_path_buf(),
        message,
    };
    let size = std::fs::metadata(bundle)
        .map_err(|e| bad(format!("cannot read: {e}")))?
        .len();
    if size > MAX_BUNDLE_BYTES {
        return Err(bad(format!(
            "{size} bytes is larger than the {MAX_BUNDLE_BYTES}-byte limit"
        )));
    }
    let bytes = std::fs::read(bundle).map_err(|e| bad(format!("cannot read: {e}")))?;
    let header = parse_header(&bytes, bundle)?;
    if !header.prerequisites.is_empty() {
        return Err(bad(format!(
            "needs {} commit(s) it does not contain (an incremental bundle): create it with `git bundle create repo.bundle --all`",
            header.prerequisites.len()
        )));
    }
    if header.references.is_empty() {
        return Err(bad(
            "names no reference: create it with `git bundle create repo.bundle --all`".into(),
        ));
    }
    let git = |err: git2::Error| bad(err.message().to_string());
    let repo = git2::Repository::init_bare(into).map_err(git)?;
    {
        let odb = repo.odb().map_err(git)?;
        let mut writer = odb.packwriter().map_err(git)?;
        std::io::Write::write_all(&mut writer, &bytes[header.pack_offset..])
            .map_err(|e| bad(format!("its pack cannot be written: {e}")))?;
        writer
            .commit()
            .map_err(|e| bad(format!("its pack is damaged: {}", e.message())))?;
    }
    let mut head: Option<git2::Oid> = None;
    for (oid, name) in &header.references {
        if name == "HEAD" {
            head = Some(*oid);
            continue;
        }
        repo.find_object(*oid, None).map_err(|_| {
            bad(format!(
                "reference {name} points at {oid}, which its pack lacks"
            ))
        })?;
        repo.reference(name, *oid, true, "lookout: unbundled")
            .map_err(git)?;
    }
    point_head(&repo, &header.references, head).map_err(git)?;
    Ok(into.to_path_buf())
}

/// HEAD as the bundle has it: the branch HEAD names, else detached at its
/// commit; with no HEAD line, `main`, `master` or the first branch.
fn point_head(
    repo: &git2::Repository,
    references: &[(git2::Oid, String)],
    head: Option<git2::Oid>,
) -> Result<(), git2::Error> {
    let branches: Vec<&(git2::Oid, String)> = references
        .iter()
        .filter(|(_, name)| name.starts_with("refs/heads/"))
        .collect();
    if let Some(oid) = head {
        return match branches.iter().find(|(target, _)| *target == oid) {
            Some((_, name)) => repo.set_head(name),
            None => repo.set_head_detached(oid),
        };
    }
    let preferred = ["refs/heads/main", "refs/heads/master"]
        .iter()
        .find_map(|want| branches.iter().find(|(_, name)| name == want))
        .or_else(|| branches.first());
    match preferred {
        Some((_, name)) => repo.set_head(name),
        None => match references.first() {
            Some((oid, _)) => repo.set_head_detached(*oid),
            None => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse_and_foreign_files_are_named() {
        let sha = "9c1e2f4a9c1e2f4a9c1e2f4a9c1e2f4a9c1e2f4a";
        let text = format!(
            "# v3 git bundle\n@object-format=sha1\n{sha} refs/heads/main\n{sha} HEAD\n\nPACK"
        );
        let header = parse_header(text.as_bytes(), Path::new("x.bundle")).unwrap();
        assert_eq!(header.version, 3);
        assert_eq!(header.references.len(), 2);
        assert_eq!(&text.as_bytes()[header.pack_offset..], b"PACK");
        let err = parse_header(b"PK\x03\x04 zip", Path::new("x.bundle")).unwrap_err();
        assert!(
            err.to_string().contains("x.bundle") && err.to_string().contains("not \"# v2"),
            "{err}"
        );
        let sha256 = "# v3 git bundle\n@object-format=sha256\n\nPACK";
        assert!(parse_header(sha256.as_bytes(), Path::new("y"))
            .unwrap_err()
            .to_string()
            .contains("sha256"));
    }
}
