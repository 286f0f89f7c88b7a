//! `junit`: JUnit XML. One `<testsuite>` per checked file, one `<testcase>` per rule in force
//! (plus any rule that reported without being listed), one `<failure>` per finding.
//!
//! Everything is XML-escaped; characters XML 1.0 forbids and other control characters (ANSI
//! escapes, C1 controls) become U+FFFD, and line breaks inside PRD text become spaces, so the
//! document is well-formed and safe to print on a terminal.

use crate::finding::{FileReport, Finding, Report, Severity};
use crate::render::RenderOptions;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Escape text for XML 1.0 content or a double-quoted attribute. `\t`, `\n` and `\r` are written
/// as character references so that they survive in attributes and never reach a terminal raw.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            // XML 1.0 forbids C0 controls, U+FFFE and U+FFFF; DEL and C1 are terminal controls.
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// PRD-derived text on one line (line breaks become spaces), escaped for XML.
fn one_line(text: &str) -> String {
    escape_xml(&text.replace(['\r', '\n'], " "))
}

/// The testcases of one file: `(code, name)` for each rule in force, then unlisted codes.
fn testcases<'a>(report: &'a Report, file: &'a FileReport) -> Vec<(&'a str, &'a str)> {
    let mut cases: Vec<(&str, &str)> = report.rules.iter().map(|r| (r.code, r.name)).collect();
    let mut extra: Vec<(&str, &str)> = file
        .findings
        .iter()
        .map(|f| (f.code, f.rule))
        .filter(|(code, _)| !cases.iter().any(|(c, _)| c == code))
        .collect();
    extra.sort();
    extra.dedup();
    cases.extend(extra);
    cases
}

fn failure(out: &mut String, f: &Finding) {
    let (l, c) = (f.location.start.line, f.location.start.column);
    let _ = write!(
        out,
        "      <failure message=\"{}\" type=\"{}\">{}:{l}:{c}: {} [{}] {}",
        one_line(&f.message),
        f.severity,
        one_line(&f.path),
        f.code,
        f.severity,
        one_line(&f.message)
    );
    if let Some(help) = &f.help {
        let _ = write!(out, "\nhelp: {}", one_line(help));
    }
    for r in &f.related {
        let _ = write!(
            out,
            "\n{}:{}:{}: {}",
            one_line(&r.path),
            r.location.start.line,
            r.location.start.column,
            one_line(&r.message)
        );
    }
    out.push_str("</failure>\n");
}

fn suite(report: &Report, file: &FileReport) -> (String, usize, usize) {
    let cases = testcases(report, file);
    let path = escape_xml(&file.path);
    let mut body = String::new();
    let mut failed = 0;
    for (code, name) in &cases {
        let findings: Vec<&Finding> = file
            .findings
            .iter()
            .filter(|f| f.code == *code && f.severity != Severity::Off)
            .collect();
        let case_name = escape_xml(&format!("{code} {name}"));
        if findings.is_empty() {
            let _ = writeln!(
                body,
                "    <testcase classname=\"{path}\" name=\"{case_name}\"/>"
            );
            continue;
        }
        failed += 1;
        let _ = writeln!(
            body,
            "    <testcase classname=\"{path}\" name=\"{case_name}\">"
        );
        for f in findings {
            failure(&mut body, f);
        }
        body.push_str("    </testcase>\n");
    }
    let xml = format!(
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">\n{body}  </testsuite>\n",
        cases.len()
    );
    (xml, cases.len(), failed)
}

pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let (mut tests, mut failures) = (0, 0);
    let mut suites = String::new();
    for file in &report.files {
        let (xml, t, f) = suite(report, file);
        suites.push_str(&xml);
        tests += t;
        failures += f;
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"prd-lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" time=\"{:.3}\">\n\
         {suites}</testsuites>\n",
        report.elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::*;
    use crate::render::json_lines::testing::*;

    fn render_string(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &RenderOptions::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_suite_per_file_one_case_per_rule() {
        let mut e = finding(
            "PRD034",
            "ac-unknown-fr",
            Severity::Error,
            "docs/features/a/prd.md",
            loc(12, 5, 12, 11),
            "AC-004 links FR-099",
        );
        e.help = Some("did you mean FR-009?".into());
        e.related.push(Related {
            path: "docs/features/a/prd.md".into(),
            location: loc(30, 3, 30, 9),
            message: "FR-009 is defined here".into(),
        });
        let e2 = finding(
            "PRD034",
            "ac-unknown-fr",
            Severity::Error,
            "docs/features/a/prd.md",
            loc(14, 5, 14, 11),
            "AC-005 links FR-098",
        );
        let w = finding(
            "PRD023",
            "fr-id-gap",
            Severity::Warning,
            "docs/features/a/prd.md",
            loc(8, 1, 8, 7),
            "FR-003 follows FR-001",
        );
        let r = report(
            vec![
                file("docs/features/a/prd.md", vec![w, e, e2], stats(3, 3, &[])),
                file("docs/features/b/prd.md", vec![], stats(3, 3, &[])),
            ],
            vec![TITLE, FR_GAP, AC_UNKNOWN_FR],
        );
        assert_eq!(
            render_string(&r),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="prd-lint" tests="6" failures="2" errors="0" time="0.310">
  <testsuite name="docs/features/a/prd.md" tests="3" failures="2" errors="0" skipped="0">
    <testcase classname="docs/features/a/prd.md" name="PRD001 title"/>
    <testcase classname="docs/features/a/prd.md" name="PRD023 fr-id-gap">
      <failure message="FR-003 follows FR-001" type="warning">docs/features/a/prd.md:8:1: PRD023 [warning] FR-003 follows FR-001</failure>
    </testcase>
    <testcase classname="docs/features/a/prd.md" name="PRD034 ac-unknown-fr">
      <failure message="AC-004 links FR-099" type="error">docs/features/a/prd.md:12:5: PRD034 [error] AC-004 links FR-099
help: did you mean FR-009?
docs/features/a/prd.md:30:3: FR-009 is defined here</failure>
      <failure message="AC-005 links FR-098" type="error">docs/features/a/prd.md:14:5: PRD034 [error] AC-005 links FR-098</failure>
    </testcase>
  </testsuite>
  <testsuite name="docs/features/b/prd.md" tests="3" failures="0" errors="0" skipped="0">
    <testcase classname="docs/features/b/prd.md" name="PRD001 title"/>
    <testcase classname="docs/features/b/prd.md" name="PRD023 fr-id-gap"/>
    <testcase classname="docs/features/b/prd.md" name="PRD034 ac-unknown-fr"/>
  </testsuite>
</testsuites>
"#
        );
    }

    #[test]
    fn unlisted_rules_get_a_testcase() {
        let f = finding(
            "PRD090",
            "unreadable",
            Severity::Error,
            "bad.md",
            loc(0, 0, 0, 0),
            "not valid UTF-8",
        );
        let r = report(vec![file("bad.md", vec![f], stats(0, 0, &[]))], vec![TITLE]);
        let xml = render_string(&r);
        assert!(xml.contains(
            "  <testsuite name=\"bad.md\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">\n\
             \x20   <testcase classname=\"bad.md\" name=\"PRD001 title\"/>\n\
             \x20   <testcase classname=\"bad.md\" name=\"PRD090 unreadable\">\n\
             \x20     <failure message=\"not valid UTF-8\" type=\"error\">bad.md:0:0: PRD090 [error] not valid UTF-8</failure>\n"
        ), "{xml}");
    }

    #[test]
    fn hostile_text_is_escaped_and_stripped() {
        let f = finding(
            "PRD050",
            "placeholder",
            Severity::Error,
            "docs/features/<a&b>\"'/prd.md",
            loc(2, 3, 2, 6),
            HOSTILE,
        );
        let r = report(
            vec![file(
                "docs/features/<a&b>\"'/prd.md",
                vec![f],
                stats(0, 0, &[]),
            )],
            vec![],
        );
        let xml = render_string(&r);
        let esc_path = "docs/features/&lt;a&amp;b&gt;&quot;&apos;/prd.md";
        let esc_msg = "50% done,  ::error file=x::pwned: a,b \u{FFFD}[31mred\u{FFFD}[0m &lt;b&gt;&amp;&quot;&apos;|` \u{FFFD}2J";
        assert!(
            xml.contains(&format!(
                "<testsuite name=\"{esc_path}\" tests=\"1\" failures=\"1\""
            )),
            "{xml}"
        );
        assert!(xml.contains(&format!(
            "      <failure message=\"{esc_msg}\" type=\"error\">{esc_path}:2:3: PRD050 [error] {esc_msg}</failure>\n"
        )), "{xml}");
        assert!(!xml.chars().any(|c| c.is_control() && c != '\n'), "{xml:?}");
    }

    #[test]
    fn escape_xml_handles_every_special_character() {
        assert_eq!(
            escape_xml("<&>\"'\t\n\r\u{0}\u{1b}\u{7f}\u{9b}\u{FFFE}é"),
            "&lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}é"
        );
    }

    #[test]
    fn empty_report() {
        assert_eq!(
            render_string(&report(vec![], vec![TITLE])),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"prd-lint\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0.310\">\n</testsuites>\n"
        );
    }

    /// Writes a sample for `.ci/integration-checks` (which parses it with an XML parser) when
    /// `PRD_LINT_SAMPLE_DIR` is set.
    #[test]
    fn write_sample_for_xml_validation() {
        let Some(dir) = std::env::var_os("PRD_LINT_SAMPLE_DIR") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let f = finding(
            "PRD050",
            "placeholder",
            Severity::Error,
            "docs/features/<x>/prd.md",
            loc(2, 3, 2, 6),
            HOSTILE,
        );
        let r = report(
            vec![
                file("docs/features/<x>/prd.md", vec![f], stats(0, 0, &[])),
                file("b.md", vec![], stats(0, 0, &[])),
            ],
            vec![TITLE, AC_UNKNOWN_FR],
        );
        std::fs::write(dir.join("sample.junit.xml"), render_string(&r)).unwrap();
    }
}
