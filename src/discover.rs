//! Finding the PRDs: the `ignore` walker (parallel, gitignore-aware, no symlink following) with
//! include/exclude globs; explicit file arguments are always checked.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// Path shown in output: relative to the project root with `/`, or as given when outside it.
    pub display: String,
    pub path: PathBuf,
}

#[derive(Debug)]
pub struct DiscoverError(pub String);

pub fn globset(globs: &[String]) -> Result<GlobSet, DiscoverError> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| DiscoverError(format!("invalid glob `{g}`: {e}")))?;
        b.add(glob);
    }
    b.build().map_err(|e| DiscoverError(e.to_string()))
}

/// Path shown for `p`: relative to `root` when inside it.
pub fn display_path(root: &Path, p: &Path) -> String {
    let rel = match p.strip_prefix(root) {
        Ok(r) => r.to_path_buf(),
        Err(_) => match (std::fs::canonicalize(p), std::fs::canonicalize(root)) {
            (Ok(a), Ok(r)) => a
                .strip_prefix(&r)
                .map(|x| x.to_path_buf())
                .unwrap_or_else(|_| p.to_path_buf()),
            _ => p.to_path_buf(),
        },
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Walk `dir` and return files matching `include` and not `exclude`, tested against the path
/// relative to the project root and relative to `dir` itself.
pub fn walk(root: &Path, dir: &Path, include: &GlobSet, exclude: &GlobSet) -> Vec<Target> {
    let found = Mutex::new(Vec::new());
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .require_git(false)
        .threads(2)
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return ignore::WalkState::Continue;
            }
            let p = entry.path();
            let rel_root = display_path(root, p);
            let rel_dir = p
                .strip_prefix(dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let matches = |set: &GlobSet| set.is_match(&rel_root) || set.is_match(&rel_dir);
            if matches(include) && !matches(exclude) {
                found
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(Target {
                        display: rel_root,
                        path: p.to_path_buf(),
                    });
            }
            ignore::WalkState::Continue
        })
    });
    let mut v = found.into_inner().unwrap_or_else(|e| e.into_inner());
    v.sort();
    v
}
