//! `--fix`: apply fix edits until nothing fixable is left (bounded), keeping everything else byte
//! for byte (line endings, BOM, final newline), and write atomically.

//!
//! This module knows nothing of rules or the pipeline: the caller hands it a `recheck` function
//! that returns a text's (unsuppressed) findings.

use crate::finding::{Applicability, Finding};
use std::io::Write;
use std::path::Path;

/// How many apply/re-check rounds a file gets before we stop (fixes normally converge in 1–3).
pub const MAX_ROUNDS: usize = 10;

#[derive(Debug, Clone, Copy, Default)]
pub struct FixMode {
    pub unsafe_fixes: bool,
}

/// One applied fix, for `--show-fixes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub code: &'static str,
    pub description: String,
}

pub struct FixResult {
    /// The fixed text (BOM and line endings as in the input).
    pub text: String,
    pub applied: Vec<Applied>,
}

fn applicable(f: &Finding, mode: FixMode) -> bool {
    match &f.fix {
        Some(fix) => {
            !fix.edits.is_empty() && (fix.applicability == Applicability::Safe || mode.unsafe_fixes)
        }
        None => false,
    }
}

/// Choose non-overlapping fixes (whole fixes only), earliest first.
fn choose(findings: &[Finding], mode: FixMode) -> Vec<&Finding> {
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    let mut cands: Vec<&Finding> = findings.iter().filter(|f| applicable(f, mode)).collect();
    cands.sort_by_key(|f| {
        let e = &f
            .fix
            .as_ref()
            .map(|x| x.edits[0].location.start_byte)
            .unwrap_or(0);
        (*e, f.code)
    });
    for f in cands {
        let edits = &f.fix.as_ref().expect("applicable").edits;
        let clash = edits.iter().any(|e| {
            let (a, b) = (e.location.start_byte, e.location.end_byte);
            taken.iter().any(|&(x, y)| {
                // Two insertions at one point are fine (applied in the order chosen); otherwise
                // overlapping or touching edits clash.
                let both_inserts = a == b && x == y;
                let overlap = a < y && x < b;
                let touch = a == x || (a == b && a == y) || (x == y && x == b);
                !both_inserts && (overlap || touch)
            })
        });
        // Edits of one fix must not overlap each other either.
        let mut own: Vec<(usize, usize)> = edits
            .iter()
            .map(|e| (e.location.start_byte, e.location.end_byte))
            .collect();
        own.sort();
        let self_clash = own.windows(2).any(|w| w[1].0 < w[0].1 || w[1].0 == w[0].0);
        if clash || self_clash {
            continue;
        }
        taken.extend(own);
        out.push(f);
    }
    out
}

/// Apply the chosen fixes' edits to `text` (which has no BOM).
fn apply(text: &str, fixes: &[&Finding], crlf: bool) -> String {
    let mut edits: Vec<(usize, usize, usize, String)> = fixes
        .iter()
        .flat_map(|f| f.fix.as_ref().expect("applicable").edits.iter())
        .enumerate()
        .map(|(i, e)| {
            let content = if crlf {
                e.content.replace("\r\n", "\n").replace('\n', "\r\n")
            } else {
                e.content.clone()
            };
            (e.location.start_byte, e.location.end_byte, i, content)
        })
        .collect();
    // Back to front, so earlier offsets stay valid; at one point, later-chosen first.
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let mut out = text.to_string();
    for (s, e, _, c) in edits {
        if s <= e && e <= out.len() && out.is_char_boundary(s) && out.is_char_boundary(e) {
            out.replace_range(s..e, &c);
        }
    }
    out
}

/// Fix one text: apply, re-check, repeat until nothing applicable is left or `MAX_ROUNDS`.
/// `recheck` returns the findings of a text without a BOM.
pub fn fix_text(text: &str, mode: FixMode, recheck: &dyn Fn(&str) -> Vec<Finding>) -> FixResult {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let crlf = body.contains("\r\n");
    let mut current = body.to_string();
    let mut applied = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let findings = recheck(&current);
        let chosen = choose(&findings, mode);
        if chosen.is_empty() {
            break;
        }
        let next = apply(&current, &chosen, crlf);
        if next == current {
            break;
        }
        applied.extend(chosen.iter().map(|f| {
            Applied {
                code: f.code,
                description: f
                    .fix
                    .as_ref()
                    .map(|x| x.description.clone())
                    .unwrap_or_default(),
            }
        }));
        current = next;
    }
    FixResult {
        text: format!("{bom}{current}"),
        applied,
    }
}

/// Replace `path`'s content with `new` atomically: a temporary file in the same folder, the
/// original permissions, then a rename. Refuses when the file changed since it was read.
pub fn write_atomic(path: &Path, original: &[u8], new: &str) -> std::io::Result<()> {
    let current = std::fs::read(path)?;
    if current != original {
        return Err(std::io::Error::other(
            "the file changed on disk since it was read; not overwritten",
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let perms = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".prd-lint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(new.as_bytes())?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn prefixed(prefix: &str, display: &str) -> String {
    if display.starts_with('/') {
        display.to_string()
    } else {
        format!("{prefix}{display}")
    }
}

/// A unified diff of a file's fix, as `--diff` prints it.
pub fn unified_diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&prefixed("a/", display), &prefixed("b/", display))
        .to_string()
}

#[cfg(test)]
mod write_tests {
    use super::*;

    #[test]
    fn atomic_write_keeps_permissions_and_refuses_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("prd.md");
        std::fs::write(&p, "old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, b"old\n", "new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        // The file changed since it was read ("old\n"): not overwritten.
        let err = write_atomic(&p, b"old\n", "newer\n").unwrap_err();
        assert!(err.to_string().contains("changed on disk"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new\n");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
