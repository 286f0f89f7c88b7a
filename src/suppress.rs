//! Inline suppression: `<!-- prd-lint-disable-next-line … -->`, `disable` … `enable`,
//! `disable-file`, and PRD099 `unused-suppression` for a directive that suppresses nothing.

use crate::document::{Directive, DirectiveKind};
use crate::finding::{Finding, Severity};
use crate::rules;

/// What suppression needs to know about a file (kept after the document itself is dropped).
#[derive(Debug, Clone, Default)]
pub struct FileDirectives {
    pub directives: Vec<Directive>,
    /// 1-based line numbers of lines that are blank (for `disable-next-line` skipping them).
    pub blank_lines: Vec<usize>,
    pub line_count: usize,
}

impl FileDirectives {
    /// `line_count` is the file's number of lines (from the document's line index).
    pub fn new(directives: Vec<Directive>, source: &str, line_count: usize) -> FileDirectives {
        if directives.is_empty() {
            return FileDirectives::default();
        }
        let blank_lines = source
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim().is_empty())
            .map(|(i, _)| i + 1)
            .collect();
        FileDirectives {
            directives,
            blank_lines,
            line_count,
        }
    }
}

fn names_rule(d: &Directive, f: &Finding) -> bool {
    d.rules.is_empty()
        || d.rules
            .iter()
            .any(|r| r.eq_ignore_ascii_case(f.code) || r == f.rule)
}

/// Builds the PRD099 finding for an unused directive.
pub type MakeUnused<'a> = &'a dyn Fn(&Directive, String) -> Finding;

/// Remove suppressed findings and add PRD099 for directives that suppressed nothing.
/// `enabled` tells whether a rule (by code) ran in this run: a directive naming a rule that did
/// not run cannot be judged unused. `unused_enabled` is whether PRD099 itself is on.
pub fn apply(
    fd: &FileDirectives,
    findings: Vec<Finding>,
    enabled: &dyn Fn(&str) -> bool,
    unused: Option<(Severity, MakeUnused<'_>)>,
) -> Vec<Finding> {
    if fd.directives.is_empty() {
        return findings;
    }
    // Ranges where each directive applies: (directive index, first line, last line).
    let mut ranges: Vec<(usize, usize, usize)> = Vec::new();
    for (i, d) in fd.directives.iter().enumerate() {
        match d.kind {
            DirectiveKind::DisableFile => ranges.push((i, 1, usize::MAX)),
            DirectiveKind::DisableNextLine => {
                let mut next = d.end_line + 1;
                while fd.blank_lines.binary_search(&next).is_ok() && next < fd.line_count {
                    next += 1;
                }
                ranges.push((i, next, next));
            }
            DirectiveKind::Disable => {
                let end = fd.directives[i + 1..]
                    .iter()
                    .find(|e| {
                        e.kind == DirectiveKind::Enable
                            && (e.rules.is_empty() || e.rules.iter().all(|r| d.rules.contains(r)))
                    })
                    .map(|e| e.end_line)
                    .unwrap_or(usize::MAX);
                ranges.push((i, d.end_line, end));
            }
            DirectiveKind::Enable => {}
        }
    }
    let mut used = vec![false; fd.directives.len()];
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let line = f.location.start.line;
        let mut suppressed = false;
        for &(i, a, b) in &ranges {
            if line >= a && line <= b && names_rule(&fd.directives[i], &f) {
                used[i] = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(f);
        }
    }
    if let Some((_, make)) = unused {
        for &(i, _, _) in &ranges {
            if used[i] {
                continue;
            }
            let d = &fd.directives[i];
            let unknown: Vec<&String> = d
                .rules
                .iter()
                .filter(|r| rules::lookup(r).is_none())
                .collect();
            if let Some(u) = unknown.first() {
                let hint = rules::suggest(u)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                kept.push(make(
                    d,
                    format!("suppression names unknown rule `{u}`{hint}"),
                ));
                continue;
            }
            // A directive for a rule that did not run cannot be judged.
            if d.rules
                .iter()
                .filter_map(|r| rules::lookup(r))
                .any(|m| !enabled(m.code))
            {
                continue;
            }
            let what = if d.rules.is_empty() {
                "any rule".to_string()
            } else {
                d.rules
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let kind = match d.kind {
                DirectiveKind::DisableNextLine => "prd-lint-disable-next-line",
                DirectiveKind::DisableFile => "prd-lint-disable-file",
                _ => "prd-lint-disable",
            };
            kept.push(make(
                d,
                format!("unused suppression: `{kind}` for {what} suppresses no finding"),
            ));
        }
    }
    kept
}
