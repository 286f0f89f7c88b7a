//! `concise`: one line per finding, `path:line:col: CODE [severity] message`.

use crate::finding::{sanitize, Report, Severity};
use crate::render::{paint, statistics, summary_line, RenderOptions};
use std::io::{self, Write};

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if opts.statistics {
        statistics(report, opts, out)?;
    } else {
        for f in report.findings() {
            let (color, word) = match f.severity {
                Severity::Error => ("31;1", "error"),
                Severity::Warning => ("33;1", "warning"),
                _ => ("36;1", "info"),
            };
            writeln!(
                out,
                "{}:{}:{}: {} [{}] {}",
                paint(opts, "1", &sanitize(&f.path)),
                f.location.start.line,
                f.location.start.column,
                paint(opts, color, f.code),
                paint(opts, color, word),
                sanitize(&f.message)
            )?;
        }
    }
    if !opts.quiet {
        writeln!(out, "{}", summary_line(report))?;
    }
    Ok(())
}
