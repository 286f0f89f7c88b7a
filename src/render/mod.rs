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

impl OutputFormat {
    pub fn parse(s: &str) -> Option<OutputFormat> {
        <OutputFormat as clap::ValueEnum>::from_str(s, true).ok()
    }
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
