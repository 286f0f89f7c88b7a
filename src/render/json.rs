//! `json`: one versioned document with every diagnostic and a summary.

use crate::finding::Report;
use crate::render::json_lines::{diagnostic, to_safe_json};
use crate::render::RenderOptions;
use serde::Serialize;
use std::io::{self, Write};

/// Bump when the shape changes incompatibly.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    tool: Tool<'a>,
    files_checked: usize,
    diagnostics: Vec<crate::render::json_lines::Diagnostic<'a>>,
    summary: crate::finding::Summary,
}

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let doc = Doc {
        version: JSON_VERSION,
        tool: Tool {
            name: "prd-lint",
            version: opts.version,
        },
        files_checked: report.files.len(),
        diagnostics: report.findings().map(diagnostic).collect(),
        summary: report.summary(),
    };
    writeln!(out, "{}", to_safe_json(&doc, true))
}
