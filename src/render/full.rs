//! `full`: miette's graphical report per finding (code, message, the source lines with the span
//! underlined, secondary labels, help), then the summary line.

use crate::finding::{sanitize, Finding, Report, Severity};
use crate::render::{statistics, summary_line, RenderOptions};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use std::io::{self, Write};

/// Make source text safe to print while keeping every byte offset: control characters become
/// characters of the same UTF-8 length.
fn safe_source(src: &str) -> String {
    src.chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() && c.len_utf8() == 1 => " ".to_string(),
            c if c.is_control() => "\u{00BF}".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn diagnostic(f: &Finding, has_source: bool) -> MietteDiagnostic {
    let mut d = MietteDiagnostic::new(sanitize(&f.message))
        .with_code(format!("{} {}", f.code, f.rule))
        .with_severity(match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            _ => miette::Severity::Advice,
        });
    let mut help = f.help.as_ref().map(|h| sanitize(h));
    if has_source {
        let span = f.location.start_byte..f.location.end_byte.max(f.location.start_byte);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some("here".to_string()),
            span,
        )];
        for r in &f.related {
            if r.path == f.path {
                let s = r.location.start_byte..r.location.end_byte.max(r.location.start_byte);
                labels.push(LabeledSpan::new_with_span(Some(sanitize(&r.message)), s));
            } else {
                let extra = format!(
                    "{}: {}:{}:{}",
                    sanitize(&r.message),
                    sanitize(&r.path),
                    r.location.start.line,
                    r.location.start.column
                );
                help = Some(match help {
                    Some(h) => format!("{h}\n{extra}"),
                    None => extra,
                });
            }
        }
        d = d.with_labels(labels);
    }
    if let Some(fix) = &f.fix {
        let how = match fix.applicability {
            crate::finding::Applicability::Safe => "fixable with --fix",
            crate::finding::Applicability::Unsafe => "fixable with --fix --unsafe-fixes",
        };
        let line = format!("{}: {how}", sanitize(&fix.description));
        help = Some(match help {
            Some(h) => format!("{h}\n{line}"),
            None => line,
        });
    }
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
}

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if opts.statistics {
        statistics(report, opts, out)?;
    } else {
        let theme = if opts.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_links(false);
        for file in &report.files {
            let safe = file.source.as_deref().map(safe_source);
            for f in &file.findings {
                let d = diagnostic(f, safe.is_some());
                let mut text = String::new();
                let header = format!(
                    "{}:{}:{}",
                    sanitize(&f.path),
                    f.location.start.line,
                    f.location.start.column
                );
                let res = match &safe {
                    Some(src) => {
                        let report = miette::Report::new(d)
                            .with_source_code(NamedSource::new(header.clone(), src.clone()));
                        handler.render_report(&mut text, report.as_ref())
                    }
                    None => {
                        text.push_str(&format!("{header}\n"));
                        handler.render_report(&mut text, &d)
                    }
                };
                if res.is_err() {
                    text = format!(
                        "{header}: {} [{}] {}\n",
                        f.code,
                        f.severity,
                        sanitize(&f.message)
                    );
                }
                write!(out, "{text}")?;
                writeln!(out)?;
            }
        }
    }
    if !opts.quiet {
        writeln!(out, "{}", summary_line(report))?;
    }
    Ok(())
}
