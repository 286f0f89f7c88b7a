//! `full`: miette's graphical report per finding (code, message, the source lines with the span
//! underlined, secondary labels, help), then the summary line.

use crate::finding::{sanitize, Finding, Report, Severity};
use crate::render::{statistics, summary_line, RenderOptions};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
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

/// The lines of a source around a finding, with their place in the whole file, so that each
/// report reads only its neighbourhood (a file with thousands of findings stays linear).
struct Window {
    name: String,
    text: String,
    /// Byte offset of `text` in the file.
    base: usize,
    /// Zero-based line number of `text`'s first line in the file.
    first_line: usize,
}

impl Window {
    /// `from_line` is the 1-based line of byte `from` (known from the finding, so nothing
    /// before the window is scanned).
    fn new(name: String, src: &str, from: usize, from_line: usize, to: usize) -> Window {
        const CONTEXT: usize = 3;
        let from = from.min(src.len());
        let to = to.clamp(from, src.len());
        let mut start = src[..from].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let mut first_line = from_line.saturating_sub(1);
        for _ in 0..CONTEXT {
            if start == 0 {
                break;
            }
            start = src[..start - 1].rfind('\n').map(|i| i + 1).unwrap_or(0);
            first_line = first_line.saturating_sub(1);
        }
        let mut end = src[to..]
            .find('\n')
            .map(|i| to + i + 1)
            .unwrap_or(src.len());
        for _ in 0..CONTEXT {
            if end >= src.len() {
                break;
            }
            end = src[end..]
                .find('\n')
                .map(|i| end + i + 1)
                .unwrap_or(src.len());
        }
        Window {
            name,
            text: src[start..end].to_string(),
            base: start,
            first_line,
        }
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let off = span.offset().saturating_sub(self.base).min(self.text.len());
        let local = SourceSpan::new(off.into(), span.len().min(self.text.len() - off));
        let c = self.text.read_span(&local, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            SourceSpan::new((c.span().offset() + self.base).into(), c.span().len()),
            c.line() + self.first_line,
            c.column(),
            c.line_count(),
        )))
    }
}

/// Related locations within a few lines are drawn in the same snippet; farther ones are named in
/// the help text (a snippet spanning the whole file would be unreadable and slow).
fn near(f: &Finding, r: &crate::finding::Related) -> bool {
    r.path == f.path && r.location.start.line.abs_diff(f.location.start.line) <= 12
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
            if near(f, r) {
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
            let safe = file.source.as_deref().map(|s| safe_source(s));
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
                        let mut from = (f.location.start_byte, f.location.start.line);
                        let mut to = f.location.end_byte;
                        for r in f.related.iter().filter(|r| near(f, r)) {
                            if r.location.start_byte < from.0 {
                                from = (r.location.start_byte, r.location.start.line);
                            }
                            to = to.max(r.location.end_byte);
                        }
                        let window = Window::new(sanitize(&f.path), src, from.0, from.1, to);
                        let report = miette::Report::new(d).with_source_code(window);
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
