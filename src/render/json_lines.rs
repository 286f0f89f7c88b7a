//! `json-lines`: one diagnostic object per finding, one per line (the same object as the `json`
//! format's `diagnostics[]`, built by [`diagnostic`] / [`diagnostic_json`]).
//!
//! JSON text is made terminal-safe by [`to_safe_json`]: serde_json already escapes C0 control
//! characters; this also escapes DEL, the C1 controls (U+0080–U+009F, where U+009B is a CSI) and
//! the bidirectional-override characters, so no PRD text reaches a terminal or a log raw.

use crate::finding::{Applicability, Finding, Severity};
use crate::render::RenderOptions;
use serde::Serialize;
use std::io::{self, Write};

/// The documented diagnostic object, field order as in `interfaces.md`.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic<'a> {
    pub code: &'a str,
    pub rule: &'a str,
    pub severity: Severity,
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub related: Vec<RelatedDiagnostic<'a>>,
    pub fix: Option<FixDiagnostic<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedDiagnostic<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FixDiagnostic<'a> {
    pub applicability: Applicability,
    pub edits: Vec<EditDiagnostic<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EditDiagnostic<'a> {
    pub start: PositionDiagnostic,
    pub end: PositionDiagnostic,
    pub content: &'a str,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct PositionDiagnostic {
    pub line: usize,
    pub column: usize,
}

impl From<crate::finding::Position> for PositionDiagnostic {
    fn from(p: crate::finding::Position) -> Self {
        PositionDiagnostic {
            line: p.line,
            column: p.column,
        }
    }
}

/// The diagnostic object for one finding. Serialising this struct keeps the documented field
/// order whatever serde_json features are enabled; prefer it when embedding in another document.
pub fn diagnostic(f: &Finding) -> Diagnostic<'_> {
    Diagnostic {
        code: f.code,
        rule: f.rule,
        severity: f.severity,
        path: &f.path,
        line: f.location.start.line,
        column: f.location.start.column,
        end_line: f.location.end.line,
        end_column: f.location.end.column,
        message: &f.message,
        help: f.help.as_deref(),
        related: f
            .related
            .iter()
            .map(|r| RelatedDiagnostic {
                path: &r.path,
                line: r.location.start.line,
                column: r.location.start.column,
                message: &r.message,
            })
            .collect(),
        fix: f.fix.as_ref().map(|fix| FixDiagnostic {
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|e| EditDiagnostic {
                    start: e.location.start.into(),
                    end: e.location.end.into(),
                    content: &e.content,
                })
                .collect(),
        }),
    }
}

/// The diagnostic object as a `serde_json::Value` (the `json` format's `diagnostics[]` item).
/// Note: a `Value` map's key order is alphabetical unless serde_json's `preserve_order` feature is
/// on; serialise [`diagnostic`] directly where the documented order matters.
pub fn diagnostic_json(f: &Finding) -> serde_json::Value {
    serde_json::to_value(diagnostic(f)).expect("a diagnostic always serialises")
}

/// Characters that serde_json writes raw but that must never reach a terminal or log raw.
fn needs_json_escape(c: char) -> bool {
    // C0 controls inside strings are escaped by serde_json already; raw ones outside strings are
    // the structural whitespace of pretty output and must stay.
    matches!(
        c,
        '\u{7F}'..='\u{9F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Re-escape characters that serde_json leaves raw. All of them are non-ASCII (or DEL), so they can
/// occur only inside JSON strings, and `\uXXXX` there is equivalent: the data stays lossless.
pub fn escape_json_text(json: String) -> String {
    if !json.chars().any(needs_json_escape) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs_json_escape(c) {
            // All such characters are in the Basic Multilingual Plane: one \u escape each.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Serialise compactly (`pretty = false`) or indented, terminal-safe.
pub fn to_safe_json<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .expect("report data always serialises");
    escape_json_text(text)
}

pub fn render(
    report: &crate::finding::Report,
    _opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for f in report.findings() {
        writeln!(out, "{}", to_safe_json(&diagnostic(f), false))?;
    }
    Ok(())
}

/// Builders for hand-made reports, shared by the renderers' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::finding::*;
    use std::sync::Arc;
    use std::time::Duration;

    pub fn loc(line: usize, column: usize, end_line: usize, end_column: usize) -> Location {
        Location {
            start_byte: 0,
            end_byte: 0,
            start: Position { line, column },
            end: Position {
                line: end_line,
                column: end_column,
            },
        }
    }

    pub fn finding(
        code: &'static str,
        rule: &'static str,
        severity: Severity,
        path: &str,
        location: Location,
        message: &str,
    ) -> Finding {
        Finding {
            code,
            rule,
            severity,
            path: path.to_string(),
            location,
            message: message.to_string(),
            help: None,
            related: vec![],
            fix: None,
            anchor: String::new(),
        }
    }

    pub fn file(path: &str, findings: Vec<Finding>, stats: DocStats) -> FileReport {
        FileReport {
            path: path.to_string(),
            source: Some(Arc::new("# X — PRD\n".to_string())),
            findings,
            stats,
        }
    }

    pub fn stats(fr: usize, ac: usize, uncovered: &[&str]) -> DocStats {
        DocStats {
            fr_count: fr,
            ac_count: ac,
            uncovered_frs: uncovered.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub const TITLE: RuleMeta = RuleMeta {
        code: "PRD001",
        name: "title",
        severity: Severity::Error,
        summary: "The document starts with one `# <Feature Name> — PRD` title.",
        fix: Some(Applicability::Safe),
        page: "# PRD001 title\n\nThe PRD has exactly one H1, first, of the form `# <Name> — PRD`.\n\n## Fix\n\nRename the heading.\n",
    };
    pub const AC_UNKNOWN_FR: RuleMeta = RuleMeta {
        code: "PRD034",
        name: "ac-unknown-fr",
        severity: Severity::Error,
        summary: "Acceptance criteria link only FRs that §6 defines.",
        fix: None,
        page: "# PRD034 ac-unknown-fr\n\nEach FR an acceptance criterion links must exist in §6.\nA typo such as `FR-01` is reported with a suggestion.\n\n## Example\n\n- AC-001 (FR-099) Given …\n",
    };
    pub const FR_GAP: RuleMeta = RuleMeta {
        code: "PRD023",
        name: "fr-id-gap",
        severity: Severity::Warning,
        summary: "FR IDs are numbered without gaps.",
        fix: None,
        page: "",
    };
    pub const PACK: RuleMeta = RuleMeta {
        code: "PRD070",
        name: "pack-incomplete",
        severity: Severity::Off,
        summary: "fdd.md and plan.md sit beside prd.md.",
        fix: None,
        page: "# PRD070 pack-incomplete\n\nOff by default.\n",
    };

    pub fn report(files: Vec<FileReport>, rules: Vec<RuleMeta>) -> Report {
        Report {
            files,
            rules,
            elapsed: Duration::from_millis(310),
            fixed: 0,
        }
    }

    /// A message with every character that could break a line-oriented or markup format.
    pub const HOSTILE: &str =
        "50% done,\r\n::error file=x::pwned: a,b \u{1b}[31mred\u{1b}[0m <b>&\"'|` \u{9b}2J";
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::finding::*;

    fn render_string(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &RenderOptions::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_object_per_line_in_documented_field_order() {
        let mut f = finding(
            "PRD034",
            "ac-unknown-fr",
            Severity::Error,
            "docs/features/a/prd.md",
            loc(12, 5, 12, 11),
            "AC-004 links FR-099, which §6 does not define",
        );
        f.help = Some("did you mean FR-009?".into());
        f.related.push(Related {
            path: "docs/features/a/prd.md".into(),
            location: loc(30, 3, 30, 9),
            message: "FR-009 is defined here".into(),
        });
        let g = finding(
            "PRD023",
            "fr-id-gap",
            Severity::Warning,
            "docs/features/b/prd.md",
            loc(3, 1, 3, 7),
            "FR-003 follows FR-001",
        );
        let r = report(
            vec![
                file("docs/features/a/prd.md", vec![f], stats(1, 1, &[])),
                file("docs/features/b/prd.md", vec![g], stats(2, 0, &[])),
            ],
            vec![FR_GAP, AC_UNKNOWN_FR],
        );
        assert_eq!(
            render_string(&r),
            concat!(
                r#"{"code":"PRD034","rule":"ac-unknown-fr","severity":"error","path":"docs/features/a/prd.md","line":12,"column":5,"end_line":12,"end_column":11,"message":"AC-004 links FR-099, which §6 does not define","help":"did you mean FR-009?","related":[{"path":"docs/features/a/prd.md","line":30,"column":3,"message":"FR-009 is defined here"}],"fix":null}"#,
                "\n",
                r#"{"code":"PRD023","rule":"fr-id-gap","severity":"warning","path":"docs/features/b/prd.md","line":3,"column":1,"end_line":3,"end_column":7,"message":"FR-003 follows FR-001","help":null,"related":[],"fix":null}"#,
                "\n"
            )
        );
    }

    #[test]
    fn fix_edits_are_listed_with_positions() {
        let mut f = finding(
            "PRD001",
            "title",
            Severity::Error,
            "p.md",
            loc(1, 1, 1, 12),
            "title",
        );
        f.fix = Some(Fix {
            applicability: Applicability::Safe,
            description: "Use an em dash".into(),
            edits: vec![Edit {
                location: loc(1, 7, 1, 8),
                content: "—".into(),
            }],
        });
        let v = diagnostic_json(&f);
        assert_eq!(
            v["fix"],
            serde_json::json!({"applicability": "safe", "edits": [
                {"start": {"line": 1, "column": 7}, "end": {"line": 1, "column": 8}, "content": "—"}
            ]})
        );
        let line = render_string(&report(
            vec![file("p.md", vec![f], stats(0, 0, &[]))],
            vec![],
        ));
        assert!(line.ends_with(
            "\"fix\":{\"applicability\":\"safe\",\"edits\":[{\"start\":{\"line\":1,\"column\":7},\"end\":{\"line\":1,\"column\":8},\"content\":\"—\"}]}}\n"
        ));
    }

    #[test]
    fn hostile_text_is_escaped_and_round_trips() {
        let f = finding(
            "PRD050",
            "placeholder",
            Severity::Error,
            "docs/features/a\u{1b}]0;x\u{7}/prd.md",
            loc(1, 1, 1, 2),
            HOSTILE,
        );
        let text = render_string(&report(
            vec![file("p", vec![f.clone()], stats(0, 0, &[]))],
            vec![],
        ));
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            !text.trim_end_matches('\n').chars().any(|c| c.is_control()),
            "{text:?}"
        );
        assert!(text.contains(r#"50% done,\r\n::error file=x::pwned: a,b \u001b[31mred\u001b[0m <b>&\"'|` \u009b2J"#), "{text}");
        let back: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
        assert_eq!(back["message"], HOSTILE);
        assert_eq!(back["path"], f.path);
    }

    #[test]
    fn escape_json_text_covers_del_c1_and_bidi() {
        assert_eq!(
            escape_json_text("\"a\u{7f}b\u{85}c\u{202e}d\u{2028}\"".into()),
            r#""a\u007fb\u0085c\u202ed\u2028""#
        );
        assert_eq!(escape_json_text("\"plain é 🎉\"".into()), "\"plain é 🎉\"");
    }

    #[test]
    fn empty_report_prints_nothing() {
        assert_eq!(render_string(&report(vec![], vec![])), "");
    }
}
