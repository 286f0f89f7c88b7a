//! `github`: GitHub Actions workflow commands (`::error file=…::message`) plus the Markdown step
//! summary ([`step_summary`]).
//!
//! Safety: every property value and message is escaped as the Actions runner expects (`%`, `\r`,
//! `\n`; in properties also `:` and `,`), other control characters are replaced, and the only lines
//! this renderer writes without a `::` command prefix carry numbers only, so no PRD text can start
//! or forge a workflow command (neither `::cmd::` nor the legacy `##[cmd]` form).
//!
//! GitHub shows at most 10 error, 10 warning and 10 notice annotations per step: the rest are
//! counted in one final notice that says where to see them.

use crate::finding::{Finding, Report, Severity};
use crate::render::{summary_line, RenderOptions};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

/// Annotations GitHub shows per step and per kind (error, warning, notice).
pub const ANNOTATION_LIMIT: usize = 10;

/// GitHub accepts at most 1 MiB of step summary per step; stay well under it.
pub const STEP_SUMMARY_LIMIT: usize = 1024 * 1024 - 24 * 1024;

/// Findings listed one by one in the step summary (the table covers every PRD regardless).
pub const STEP_SUMMARY_MAX_FINDINGS: usize = 1000;

/// Escape a workflow-command message (the part after `::`).
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escape a workflow-command property value (`file=`, `title=`).
pub fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn command(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Error => Some("error"),
        Severity::Warning => Some("warning"),
        Severity::Info => Some("notice"),
        Severity::Off => None,
    }
}

/// One annotation line (without the trailing newline).
pub fn annotation(f: &Finding) -> Option<String> {
    let cmd = command(f.severity)?;
    let mut line = format!("::{cmd} file={}", escape_property(&f.path));
    let start = f.location.start;
    let mut end = f.location.end;
    if start.line > 0 {
        // A span that ends at column 1 of a later line stops at the end of the line before.
        if end.line > start.line && end.column <= 1 {
            end.line -= 1;
            end.column = 0;
        }
        let _ = write!(line, ",line={}", start.line);
        let end_line = end.line.max(start.line);
        let _ = write!(line, ",endLine={end_line}");
        // GitHub takes columns only for single-line annotations.
        if end_line == start.line && start.column > 0 {
            let _ = write!(line, ",col={}", start.column);
            if end.line == start.line && end.column > start.column {
                let _ = write!(line, ",endColumn={}", end.column);
            }
        }
    }
    let _ = write!(
        line,
        ",title={}::",
        escape_property(&format!("{} {}", f.code, f.rule))
    );
    line.push_str(&escape_data(&f.message));
    if let Some(help) = &f.help {
        line.push_str(&escape_data(&format!("\nhelp: {help}")));
    }
    Some(line)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "3 more findings", "1 more PRD".
fn more(n: usize, one: &str, many: &str) -> String {
    format!("{n} more {}", if n == 1 { one } else { many })
}

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    let limit = ANNOTATION_LIMIT;
    let truncated = s.errors > limit || s.warnings > limit || s.infos > limit;
    // Keep one notice slot free for the final "N more" notice.
    let notice_limit = if truncated { limit - 1 } else { limit };
    let (mut shown_e, mut shown_w, mut shown_i) = (0, 0, 0);
    for f in report.findings() {
        let (shown, cap) = match f.severity {
            Severity::Error => (&mut shown_e, limit),
            Severity::Warning => (&mut shown_w, limit),
            Severity::Info => (&mut shown_i, notice_limit),
            Severity::Off => continue,
        };
        if *shown >= cap {
            continue;
        }
        *shown += 1;
        if let Some(line) = annotation(f) {
            writeln!(out, "{line}")?;
        }
    }
    let (he, hw, hi) = (s.errors - shown_e, s.warnings - shown_w, s.infos - shown_i);
    if he + hw + hi > 0 {
        let mut hidden = vec![];
        for (n, one, many) in [
            (he, "error", "errors"),
            (hw, "warning", "warnings"),
            (hi, "info", "infos"),
        ] {
            if n > 0 {
                hidden.push(plural(n, one, many));
            }
        }
        let msg = format!(
            "{} not annotated ({}): GitHub shows at most {limit} error, {limit} warning and \
             {limit} notice annotations per step. See the job summary, or run \
             `prd-lint check --output-format concise` for the full list.",
            more(he + hw + hi, "finding", "findings"),
            hidden.join(", "),
        );
        writeln!(
            out,
            "::notice title={}::{}",
            escape_property("prd-lint"),
            escape_data(&msg)
        )?;
    }
    if !opts.quiet {
        writeln!(out, "{}", summary_line(report))?;
    }
    Ok(())
}

/// Escape text for a Markdown table cell or list item: no line breaks, no control characters,
/// every Markdown/HTML metacharacter backslash-escaped (so PRD text can add no link, image, HTML
/// or table column).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '!'
            | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The step summary with the default size limit.
pub fn step_summary(report: &Report) -> String {
    step_summary_within(report, STEP_SUMMARY_LIMIT)
}

/// A Markdown summary of the run: a table with one row per PRD (errors, warnings, FR count, AC
/// count, FRs without AC) and totals, then the findings, all of it at most `max_bytes` long
/// (rows and findings that do not fit are counted instead of listed).
pub fn step_summary_within(report: &Report, max_bytes: usize) -> String {
    let s = report.summary();
    let mut head = String::from("## prd-lint\n\n");
    let _ = writeln!(head, "{}\n", summary_line(report));
    head.push_str("| PRD | Errors | Warnings | FRs | ACs | FRs without AC |\n");
    head.push_str("| --- | ---: | ---: | ---: | ---: | --- |\n");

    let (mut fr_total, mut ac_total, mut uncovered_total) = (0, 0, 0);
    let rows: Vec<String> = report
        .files
        .iter()
        .map(|file| {
            let (mut e, mut w) = (0, 0);
            for f in &file.findings {
                match f.severity {
                    Severity::Error => e += 1,
                    Severity::Warning => w += 1,
                    _ => {}
                }
            }
            let st = &file.stats;
            fr_total += st.fr_count;
            ac_total += st.ac_count;
            uncovered_total += st.uncovered_frs.len();
            let uncovered = if st.uncovered_frs.is_empty() {
                "0".to_string()
            } else {
                let mut ids: Vec<String> = st
                    .uncovered_frs
                    .iter()
                    .take(10)
                    .map(|id| escape_markdown(id))
                    .collect();
                if st.uncovered_frs.len() > 10 {
                    ids.push("…".into());
                }
                format!("{}: {}", st.uncovered_frs.len(), ids.join(", "))
            };
            format!(
                "| {} | {e} | {w} | {} | {} | {uncovered} |\n",
                escape_markdown(&file.path),
                st.fr_count,
                st.ac_count
            )
        })
        .collect();
    let total = format!(
        "| **Total ({})** | **{}** | **{}** | **{fr_total}** | **{ac_total}** | **{uncovered_total}** |\n",
        plural(report.files.len(), "PRD", "PRDs"),
        s.errors,
        s.warnings
    );

    // Reserve room for the totals row and every note that truncation may add.
    const RESERVE: usize = 512;
    let budget = max_bytes.saturating_sub(RESERVE);
    let mut md = head;
    let mut rows_shown = 0;
    for row in &rows {
        if md.len() + row.len() + total.len() > budget {
            break;
        }
        md.push_str(row);
        rows_shown += 1;
    }
    md.push_str(&total);
    if rows_shown < rows.len() {
        let _ = writeln!(
            md,
            "\n{} not shown (size limit).",
            more(rows.len() - rows_shown, "PRD", "PRDs")
        );
    }

    let findings: Vec<&Finding> = report.findings().collect();
    if !findings.is_empty() {
        let mut list = format!(
            "\n<details><summary>{}</summary>\n\n",
            plural(findings.len(), "finding", "findings")
        );
        let mut listed = 0;
        for f in findings.iter().take(STEP_SUMMARY_MAX_FINDINGS) {
            let item = format!(
                "- {}:{}:{}: {} {} \\[{}\\] {}\n",
                escape_markdown(&f.path),
                f.location.start.line,
                f.location.start.column,
                f.code,
                f.rule,
                f.severity,
                escape_markdown(&f.message)
            );
            if md.len() + list.len() + item.len() > budget {
                break;
            }
            list.push_str(&item);
            listed += 1;
        }
        if listed < findings.len() {
            let _ = writeln!(
                list,
                "\n{} not listed: run `prd-lint check --output-format concise` to see all.",
                more(findings.len() - listed, "finding", "findings")
            );
        }
        list.push_str("\n</details>\n");
        md.push_str(&list);
    }
    md.push('\n');
    md
}

/// Append the step summary to `path` (the `$GITHUB_STEP_SUMMARY` file), keeping what the step
/// already wrote there plus this summary under GitHub's 1 MiB limit.
pub fn append_step_summary(report: &Report, path: &Path) -> io::Result<()> {
    let existing = std::fs::metadata(path)
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    let budget = STEP_SUMMARY_LIMIT.saturating_sub(existing);
    if budget < 1024 {
        return Ok(());
    }
    let text = step_summary_within(report, budget);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::*;
    use crate::render::json_lines::testing::*;

    fn render_string(report: &Report, quiet: bool) -> String {
        let mut out = Vec::new();
        let opts = RenderOptions {
            quiet,
            ..RenderOptions::default()
        };
        render(report, &opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn one(f: Finding) -> Report {
        let path = f.path.clone();
        report(
            vec![file(&path, vec![f], stats(3, 2, &[]))],
            vec![AC_UNKNOWN_FR],
        )
    }

    #[test]
    fn error_annotation_has_every_property() {
        let f = finding(
            "PRD034",
            "ac-unknown-fr",
            Severity::Error,
            "docs/features/a/prd.md",
            loc(12, 5, 12, 11),
            "AC-004 links FR-099, which §6 does not define",
        );
        assert_eq!(
            render_string(&one(f), false),
            "::error file=docs/features/a/prd.md,line=12,endLine=12,col=5,endColumn=11,title=PRD034 ac-unknown-fr::AC-004 links FR-099, which §6 does not define\n\
             Checked 1 PRD in 0.31s: 1 error, 0 warnings\n"
        );
    }

    #[test]
    fn warning_and_info_use_warning_and_notice() {
        let w = finding(
            "PRD023",
            "fr-id-gap",
            Severity::Warning,
            "p.md",
            loc(3, 1, 3, 7),
            "gap",
        );
        let mut i = finding(
            "PRD061",
            "wcag",
            Severity::Info,
            "p.md",
            loc(4, 2, 4, 3),
            "wcag",
        );
        i.help = Some("name WCAG 2.1 AA".into());
        let r = report(vec![file("p.md", vec![w, i], stats(0, 0, &[]))], vec![]);
        assert_eq!(
            render_string(&r, true),
            "::warning file=p.md,line=3,endLine=3,col=1,endColumn=7,title=PRD023 fr-id-gap::gap\n\
             ::notice file=p.md,line=4,endLine=4,col=2,endColumn=3,title=PRD061 wcag::wcag%0Ahelp: name WCAG 2.1 AA\n"
        );
    }

    #[test]
    fn hostile_message_and_path_are_escaped() {
        let mut f = finding(
            "PRD050",
            "placeholder",
            Severity::Error,
            "docs/features/a,b:c%d\r\n::x/prd.md",
            loc(2, 3, 2, 6),
            HOSTILE,
        );
        f.help = Some("fix\n::warning::x".into());
        let text = render_string(&one(f), true);
        assert_eq!(
            text,
            "::error file=docs/features/a%2Cb%3Ac%25d%0D%0A%3A%3Ax/prd.md,line=2,endLine=2,col=3,endColumn=6,\
             title=PRD050 placeholder::50%25 done,%0D%0A::error file=x::pwned: a,b \u{FFFD}[31mred\u{FFFD}[0m <b>&\"'|` \u{FFFD}2J\
             %0Ahelp: fix%0A::warning::x\n"
        );
        // One line, and nothing in it a terminal would interpret.
        assert_eq!(text.matches('\n').count(), 1);
        assert!(!text.trim_end_matches('\n').chars().any(|c| c.is_control()));
    }

    #[test]
    fn escaping_functions() {
        assert_eq!(
            escape_data("a%b\rc\nd:e,f\u{1b}\t"),
            "a%25b%0Dc%0Ad:e,f\u{FFFD}\t"
        );
        assert_eq!(
            escape_property("a%b\rc\nd:e,f\u{1b}\t"),
            "a%25b%0Dc%0Ad%3Ae%2Cf\u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn multi_line_spans_drop_columns_and_unknown_positions_drop_lines() {
        let multi = finding(
            "PRD008",
            "section-empty",
            Severity::Error,
            "p.md",
            loc(5, 1, 7, 4),
            "m",
        );
        assert_eq!(
            annotation(&multi).unwrap(),
            "::error file=p.md,line=5,endLine=7,title=PRD008 section-empty::m"
        );
        // A span ending at column 1 of the next line is a whole-line span.
        let whole = finding(
            "PRD051",
            "html",
            Severity::Error,
            "p.md",
            loc(5, 1, 6, 1),
            "m",
        );
        assert_eq!(
            annotation(&whole).unwrap(),
            "::error file=p.md,line=5,endLine=5,col=1,title=PRD051 html::m"
        );
        let nowhere = finding(
            "PRD090",
            "unreadable",
            Severity::Error,
            "bad.md",
            loc(0, 0, 0, 0),
            "not UTF-8",
        );
        assert_eq!(
            annotation(&nowhere).unwrap(),
            "::error file=bad.md,title=PRD090 unreadable::not UTF-8"
        );
        let empty = finding(
            "PRD002",
            "section-missing",
            Severity::Error,
            "p.md",
            loc(9, 4, 9, 4),
            "m",
        );
        assert_eq!(
            annotation(&empty).unwrap(),
            "::error file=p.md,line=9,endLine=9,col=4,title=PRD002 section-missing::m"
        );
    }

    fn many(errors: usize, warnings: usize, infos: usize) -> Report {
        let mut fs = vec![];
        for (sev, n) in [
            (Severity::Error, errors),
            (Severity::Warning, warnings),
            (Severity::Info, infos),
        ] {
            for i in 0..n {
                fs.push(finding(
                    "PRD050",
                    "placeholder",
                    sev,
                    "p.md",
                    loc(i + 1, 1, i + 1, 4),
                    "TBD",
                ));
            }
        }
        report(vec![file("p.md", fs, stats(0, 0, &[]))], vec![])
    }

    #[test]
    fn at_most_ten_errors_and_ten_warnings_then_one_notice() {
        let text = render_string(&many(13, 11, 2), false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("::error ")).count(),
            10
        );
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("::warning ")).count(),
            10
        );
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.starts_with("::notice file="))
                .count(),
            2
        );
        assert_eq!(
            lines[lines.len() - 2],
            "::notice title=prd-lint::4 more findings not annotated (3 errors, 1 warning): GitHub shows at most 10 error, \
             10 warning and 10 notice annotations per step. See the job summary, or run \
             `prd-lint check --output-format concise` for the full list."
        );
        assert_eq!(
            lines[lines.len() - 1],
            "Checked 1 PRD in 0.31s: 13 errors, 11 warnings, 2 infos"
        );
        assert_eq!(lines.len(), 10 + 10 + 2 + 2);
    }

    #[test]
    fn notices_leave_room_for_the_final_notice() {
        let text = render_string(&many(0, 0, 12), true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 10);
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.starts_with("::notice file="))
                .count(),
            9
        );
        assert!(lines[9]
            .starts_with("::notice title=prd-lint::3 more findings not annotated (3 infos)"));
        // Exactly ten of each: everything fits, no extra notice.
        let text = render_string(&many(10, 10, 10), true);
        assert_eq!(text.lines().count(), 30);
        assert!(!text.contains("title=prd-lint"));
    }

    #[test]
    fn only_numbers_on_plain_lines() {
        let text = render_string(&many(30, 0, 0), false);
        for line in text.lines() {
            assert!(
                line.starts_with("::") || line.starts_with("Checked "),
                "{line}"
            );
        }
    }

    #[test]
    fn step_summary_table() {
        let e = finding(
            "PRD034",
            "ac-unknown-fr",
            Severity::Error,
            "docs/features/a/prd.md",
            loc(12, 5, 12, 11),
            "AC-004 links FR-099",
        );
        let w = finding(
            "PRD023",
            "fr-id-gap",
            Severity::Warning,
            "docs/features/a/prd.md",
            loc(20, 1, 20, 7),
            "FR-003 follows FR-001",
        );
        let r = report(
            vec![
                file(
                    "docs/features/a/prd.md",
                    vec![e, w],
                    stats(3, 4, &["FR-002", "FR-003"]),
                ),
                file("docs/features/b|c/prd.md", vec![], stats(2, 2, &[])),
            ],
            vec![],
        );
        assert_eq!(
            step_summary(&r),
            "## prd-lint\n\
             \n\
             Checked 2 PRDs in 0.31s: 1 error, 1 warning\n\
             \n\
             | PRD | Errors | Warnings | FRs | ACs | FRs without AC |\n\
             | --- | ---: | ---: | ---: | ---: | --- |\n\
             | docs/features/a/prd.md | 1 | 1 | 3 | 4 | 2: FR-002, FR-003 |\n\
             | docs/features/b\\|c/prd.md | 0 | 0 | 2 | 2 | 0 |\n\
             | **Total (2 PRDs)** | **1** | **1** | **5** | **6** | **2** |\n\
             \n\
             <details><summary>2 findings</summary>\n\
             \n\
             - docs/features/a/prd.md:12:5: PRD034 ac-unknown-fr \\[error\\] AC-004 links FR-099\n\
             - docs/features/a/prd.md:20:1: PRD023 fr-id-gap \\[warning\\] FR-003 follows FR-001\n\
             \n\
             </details>\n\
             \n"
        );
    }

    #[test]
    fn step_summary_escapes_markdown_and_control_characters() {
        let f = finding(
            "PRD050",
            "placeholder",
            Severity::Error,
            "docs/features/x/prd.md",
            loc(1, 1, 1, 2),
            HOSTILE,
        );
        let mut r = one(f);
        r.files[0].path = "docs/[x](http://evil)/<img src=x>|prd.md".into();
        let md = step_summary(&r);
        assert!(
            md.contains(
                "| docs/\\[x\\]\\(http://evil\\)/\\<img src=x\\>\\|prd.md | 1 | 0 | 3 | 2 | 0 |\n"
            ),
            "{md}"
        );
        assert!(md.contains(
            "- docs/features/x/prd.md:1:1: PRD050 placeholder \\[error\\] 50% done,  ::error file=x::pwned: a,b  \\[31mred \\[0m \\<b\\>&amp;\"'\\|\\` \u{20}2J\n"
        ), "{md}");
        assert!(!md.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn step_summary_stays_under_the_limit() {
        // 5,000 PRDs with 20 findings each, long paths: far more than 1 MiB if listed in full.
        let files = (0..5000)
            .map(|i| {
                let path = format!("docs/features/{}-{i}/prd.md", "x".repeat(150));
                let fs = (0..20)
                    .map(|j| {
                        finding(
                            "PRD050",
                            "placeholder",
                            Severity::Error,
                            &path,
                            loc(j + 1, 1, j + 1, 4),
                            &"TBD ".repeat(30),
                        )
                    })
                    .collect();
                file(
                    &path,
                    fs,
                    stats(
                        9,
                        9,
                        &[
                            "FR-001", "FR-002", "FR-003", "FR-004", "FR-005", "FR-006", "FR-007",
                            "FR-008", "FR-009", "FR-010", "FR-011",
                        ],
                    ),
                )
            })
            .collect();
        let r = report(files, vec![]);
        let md = step_summary(&r);
        assert!(md.len() <= STEP_SUMMARY_LIMIT, "{}", md.len());
        assert!(md.len() > STEP_SUMMARY_LIMIT - 4096, "{}", md.len());
        assert!(md.contains(
            "| **Total (5000 PRDs)** | **100000** | **0** | **45000** | **45000** | **55000** |\n"
        ));
        assert!(md.contains(" more PRDs not shown (size limit).\n"));
        assert!(md.contains("100000 more findings not listed"));
        assert!(md.contains(
            "11: FR-001, FR-002, FR-003, FR-004, FR-005, FR-006, FR-007, FR-008, FR-009, FR-010, …"
        ));
        assert!(md.ends_with("</details>\n\n"));
        // A tight budget still yields a well-formed table.
        let small = step_summary_within(&r, 2000);
        assert!(small.len() <= 2000, "{}", small.len());
        assert!(small.contains("| **Total (5000 PRDs)**"));
    }

    #[test]
    fn append_step_summary_respects_existing_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        std::fs::write(&path, "previous\n").unwrap();
        let r = many(1, 0, 0);
        append_step_summary(&r, &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("previous\n## prd-lint\n"));
        assert!(text.contains("| p.md | 1 | 0 | 0 | 0 | 0 |"));
    }
}
