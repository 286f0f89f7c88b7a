//! The finding model: what every rule produces and every renderer consumes.
//!
//! This module sits at the bottom of the layering: it depends on nothing else in the crate.
//! Renderers see only these types, so they never need to know about a rule or the document model.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// How serious a finding is. `Off` is a configuration value only: no finding carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Off,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Off => "off",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "off" => Some(Severity::Off),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 1-based line and a 1-based column counted in Unicode scalar values (characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A byte range in a file's text plus its resolved start and (exclusive) end positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Location {
    pub start_byte: usize,
    pub end_byte: usize,
    pub start: Position,
    pub end: Position,
}

/// Whether a fix is applied by `--fix` alone or needs `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

/// Replace the bytes `location` covers with `content`. An insertion has an empty range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub location: Location,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// A short, imperative description: "Rename heading to `## 5. UX / UI Requirements`".
    pub description: String,
    /// Non-overlapping edits, all applied together or not at all.
    pub edits: Vec<Edit>,
}

/// A secondary location: the first definition of a duplicate, the previous section, ...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: String,
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    pub location: Location,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    /// A location-independent identity used for SARIF `partialFingerprints`:
    /// derived from the section and ID the finding is about, never from line numbers.
    pub anchor: String,
}

impl Finding {
    /// The ordering every output uses: path, line, column, code (a stable sort keeps each
    /// rule's own order, e.g. template order, for findings at one position).
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (
            self.path.as_str(),
            self.location.start.line,
            self.location.start.column,
            self.code,
        )
    }
}

/// Static description of one rule, as renderers and `prd-lint rule` need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// Default severity (`Off` for rules disabled by default).
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// What `--fix` can do: `None`, or the applicability of the rule's fixes.
    pub fix: Option<Applicability>,
    /// The rule's Markdown page (from `rules/pages/`).
    pub page: &'static str,
}

/// Everything known about one checked file, handed to renderers.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    /// The text that was checked (absent when the file could not be read). An `Arc<String>`,
    /// not an `Arc<str>`: the text moves in without a copy.
    pub source: Option<Arc<String>>,
    pub findings: Vec<Finding>,
    /// Per-PRD facts for the GitHub step summary. `uncovered_frs` is filled only when the run
    /// keeps coverage (`check::Keep::coverage`).
    pub stats: DocStats,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocStats {
    pub fr_count: usize,
    pub ac_count: usize,
    /// FR IDs that no acceptance criterion links.
    pub uncovered_frs: Vec<String>,
}

/// The result of one run: every file and the rules that were in force.
#[derive(Debug, Clone)]
pub struct Report {
    pub files: Vec<FileReport>,
    /// Metadata for each rule that was enabled in this run, in code order.
    pub rules: Vec<RuleMeta>,
    pub elapsed: std::time::Duration,
    /// Number of fixes applied by `--fix` in this run (0 when not fixing).
    pub fixed: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
}

impl Report {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }

    /// `fixable` counts findings with a safe fix (what `--fix` alone would apply).
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in self.findings() {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
                Severity::Off => {}
            }
            if matches!(&f.fix, Some(fix) if fix.applicability == Applicability::Safe) {
                s.fixable += 1;
            }
        }
        s
    }

    pub fn source_of(&self, path: &str) -> Option<&Arc<String>> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .and_then(|f| f.source.as_ref())
    }
}

/// Replace control characters (ANSI escapes, carriage returns, NUL, ...) so that no PRD text can
/// drive a terminal or forge log lines. Tabs are kept; newlines become `⏎`-free spaces.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\t' => '\t',
            '\n' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Like [`sanitize`] but keeps line breaks (for multi-line text such as diffs).
pub fn sanitize_lines(text: &str) -> String {
    text.split('\n')
        .map(|l| sanitize(l.strip_suffix('\r').unwrap_or(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_escape_sequences_and_carriage_returns() {
        assert_eq!(sanitize("a\u{1b}[31mred\rb"), "a\u{FFFD}[31mred b");
        assert_eq!(sanitize("plain\ttext"), "plain\ttext");
    }
}
