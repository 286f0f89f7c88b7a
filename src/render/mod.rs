//! Renderers: one file per output format. Each turns a [`Report`] into text and knows
//! nothing about any rule; they depend only on [`crate::finding`].

use crate::finding::Report;
use std::io::{self, Write};

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod sarif;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Full,
    Concise,
    Json,
    JsonLines,
    Github,
    Sarif,
    Junit,
}

/// Settings shared by all renderers.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Write ANSI colours (already resolved from `--color`, `NO_COLOR` and the terminal).
    pub color: bool,
    /// Print only findings, no summary line.
    pub quiet: bool,
    /// Append a per-rule count table.
    pub statistics: bool,
    /// The tool version written into machine-readable formats.
    pub version: &'static str,
}

pub fn render(
    format: OutputFormat,
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Full => full::render(report, opts, out),
        OutputFormat::Concise => concise::render(report, opts, out),
        OutputFormat::Json => json::render(report, opts, out),
        OutputFormat::JsonLines => json_lines::render(report, opts, out),
        OutputFormat::Github => github::render(report, opts, out),
        OutputFormat::Sarif => sarif::render(report, opts, out),
        OutputFormat::Junit => junit::render(report, opts, out),
    }
}

/// Wrap `text` in an ANSI style when colour is on.
pub(crate) fn paint(opts: &RenderOptions, style: &str, text: &str) -> String {
    if opts.color {
        format!("\x1b[{style}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// `Checked 42 PRDs in 0.31s: 3 errors, 5 warnings (2 fixable with --fix)`.
pub fn summary_line(report: &Report) -> String {
    let s = report.summary();
    let n = report.files.len();
    let files = if n == 1 {
        "1 PRD".to_string()
    } else {
        format!("{n} PRDs")
    };
    let secs = report.elapsed.as_secs_f64();
    let mut parts = Vec::new();
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("1 {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    if s.errors > 0 || s.warnings > 0 || s.infos > 0 {
        parts.push(plural(s.errors, "error"));
        parts.push(plural(s.warnings, "warning"));
        if s.infos > 0 {
            parts.push(plural(s.infos, "info"));
        }
    }
    let mut line = if parts.is_empty() {
        format!("Checked {files} in {secs:.2}s: no problems found")
    } else {
        format!("Checked {files} in {secs:.2}s: {}", parts.join(", "))
    };
    if s.fixable > 0 {
        line.push_str(&format!(" ({} fixable with --fix)", s.fixable));
    }
    if report.fixed > 0 {
        line.push_str(&format!("; fixed {}", plural(report.fixed, "problem")));
    }
    line
}

/// `--statistics`: a count per rule, most frequent first.
pub(crate) fn statistics(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<(&str, &str), (usize, usize)> = Default::default();
    for f in report.findings() {
        let e = counts.entry((f.code, f.rule)).or_default();
        e.0 += 1;
        if matches!(&f.fix, Some(x) if x.applicability == crate::finding::Applicability::Safe) {
            e.1 += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    for ((code, name), (n, fixable)) in rows {
        let fx = if fixable > 0 { " [*]" } else { "" };
        writeln!(out, "{n:>5}  {}  {name}{fx}", paint(opts, "1", code))?;
    }
    Ok(())
}
