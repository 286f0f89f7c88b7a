//! Every fix, on LF and CRLF files: after `--fix` (or `--unsafe-fixes` for unsafe fixes) the
//! defect's rule no longer fires, the expected text is there, every other line is unchanged, line
//! endings are kept, and a second run changes nothing.

use prd_lint::check::{recheck_fn, Plan, Selection};
use prd_lint::config::Config;
use prd_lint::fix::{fix_text, FixMode};
use std::path::PathBuf;

struct Case {
    fixture: &'static str,
    code: &'static str,
    unsafe_fixes: bool,
    /// A line the fixed file must contain.
    expect: &'static str,
}

const CASES: &[Case] = &[
    Case {
        fixture: "PRD001-hyphen-dash",
        code: "PRD001",
        unsafe_fixes: false,
        expect: "# Scheduled Gradebook Export — PRD",
    },
    Case {
        fixture: "PRD002-missing-risks",
        code: "PRD002",
        unsafe_fixes: true,
        expect: "## 13. Risks & Mitigations",
    },
    Case {
        fixture: "PRD002-missing-dod",
        code: "PRD002",
        unsafe_fixes: true,
        expect: "## 17. Definition of Done",
    },
    Case {
        fixture: "PRD003-analytics-after-timeline",
        code: "PRD003",
        unsafe_fixes: true,
        expect: "## 12. Analytics & Success Metrics",
    },
    Case {
        fixture: "PRD004-missing-number",
        code: "PRD004",
        unsafe_fixes: false,
        expect: "## 1. Overview",
    },
    Case {
        fixture: "PRD004-wrong-number",
        code: "PRD004",
        unsafe_fixes: false,
        expect: "## 7. Acceptance Criteria",
    },
    Case {
        fixture: "PRD005-case",
        code: "PRD005",
        unsafe_fixes: false,
        expect: "## 3. Goals & Non-Goals",
    },
    Case {
        fixture: "PRD005-and-instead-of-ampersand",
        code: "PRD005",
        unsafe_fixes: false,
        expect: "## 9. Data Model & APIs",
    },
    Case {
        fixture: "PRD005-typo",
        code: "PRD005",
        unsafe_fixes: false,
        expect: "## 10. Integrations & Platform Considerations",
    },
    Case {
        fixture: "PRD009-section-at-h3",
        code: "PRD009",
        unsafe_fixes: false,
        expect: "## 13. Risks & Mitigations",
    },
    Case {
        fixture: "PRD009-skipped-level",
        code: "PRD009",
        unsafe_fixes: false,
        expect: "### Operational risks",
    },
    Case {
        fixture: "PRD010-why-now",
        code: "PRD010",
        unsafe_fixes: true,
        expect: "Why now: TBD",
    },
    Case {
        fixture: "PRD021-lowercase",
        code: "PRD021",
        unsafe_fixes: false,
        expect: "FR-003",
    },
    Case {
        fixture: "PRD021-short-id",
        code: "PRD021",
        unsafe_fixes: false,
        expect: "FR-00",
    },
    Case {
        fixture: "PRD024-lowercase",
        code: "PRD024",
        unsafe_fixes: false,
        expect: "| P",
    },
    Case {
        fixture: "PRD031-case",
        code: "PRD031",
        unsafe_fixes: false,
        expect: "AC-00",
    },
    Case {
        fixture: "PRD031-no-dash",
        code: "PRD031",
        unsafe_fixes: false,
        expect: "AC-00",
    },
    Case {
        fixture: "PRD031-short-id",
        code: "PRD031",
        unsafe_fixes: false,
        expect: "AC-00",
    },
    Case {
        fixture: "PRD063-item-missing",
        code: "PRD063",
        unsafe_fixes: true,
        expect: "- [ ] ",
    },
];

fn codes(
    recheck: &dyn Fn(&str) -> Vec<prd_lint::finding::Finding>,
    text: &str,
) -> Vec<&'static str> {
    recheck(text.strip_prefix('\u{feff}').unwrap_or(text))
        .into_iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn each_fix_on_lf_and_crlf() {
    let cfg = Config::defaults(PathBuf::from("."));
    let plan = Plan::new(Selection::default());
    for case in CASES {
        let path = format!("fixtures/invalid/{}.md", case.fixture);
        let lf = std::fs::read_to_string(&path).unwrap();
        for crlf in [false, true] {
            let text = if crlf {
                lf.replace('\n', "\r\n")
            } else {
                lf.clone()
            };
            let dir = Some(PathBuf::from("fixtures/invalid"));
            let recheck = recheck_fn(&cfg, &plan, &path, dir);
            assert!(
                codes(&recheck, &text).contains(&case.code),
                "{} does not fire {}",
                case.fixture,
                case.code
            );
            let mode = FixMode {
                unsafe_fixes: case.unsafe_fixes,
            };
            let fixed = fix_text(&text, mode, &recheck);
            let ctx = format!("{} ({})", case.fixture, if crlf { "CRLF" } else { "LF" });
            assert!(!fixed.applied.is_empty(), "{ctx}: nothing applied");
            let after = codes(&recheck, &fixed.text);
            assert!(
                !after.contains(&case.code),
                "{ctx}: {} still fires: {after:?}",
                case.code
            );
            assert!(
                fixed
                    .text
                    .lines()
                    .any(|l| l.trim_end_matches('\r').contains(case.expect)),
                "{ctx}: no `{}`",
                case.expect
            );
            if crlf {
                assert_eq!(
                    fixed.text.matches('\n').count(),
                    fixed.text.matches("\r\n").count(),
                    "{ctx}: bare LF"
                );
            } else {
                assert!(!fixed.text.contains('\r'), "{ctx}: CR added");
            }
            // The safe fix never needed --unsafe-fixes, and without it an unsafe fix is not applied.
            if case.unsafe_fixes {
                let safe_only = fix_text(
                    &text,
                    FixMode {
                        unsafe_fixes: false,
                    },
                    &recheck,
                );
                assert!(
                    codes(&recheck, &safe_only.text).contains(&case.code),
                    "{ctx}: unsafe fix applied without --unsafe-fixes"
                );
            }
            // Idempotent.
            let again = fix_text(&fixed.text, mode, &recheck);
            assert_eq!(again.text, fixed.text, "{ctx}: second fix changed the file");
            // Nothing but the defect changed: the fix introduced no finding of another code
            // except the placeholders an inserted `TBD` stands for.
            let before: Vec<_> = codes(&recheck, &text);
            for c in after {
                assert!(
                    before.contains(&c) || c == "PRD050",
                    "{ctx}: fix introduced {c}"
                );
            }
        }
    }
}

#[test]
fn moved_section_keeps_every_line() {
    let cfg = Config::defaults(PathBuf::from("."));
    let plan = Plan::new(Selection::default());
    let path = "fixtures/invalid/PRD003-analytics-after-timeline.md";
    let text = std::fs::read_to_string(path).unwrap();
    let recheck = recheck_fn(&cfg, &plan, path, Some(PathBuf::from("fixtures/invalid")));
    let fixed = fix_text(&text, FixMode { unsafe_fixes: true }, &recheck);
    let mut a: Vec<&str> = text.lines().collect();
    let mut b: Vec<&str> = fixed.text.lines().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "moving a section must keep exactly the same lines");
    let pos = |h: &str| fixed.text.find(h).unwrap();
    assert!(
        pos("## 11. Feature Flagging") < pos("## 12. Analytics")
            && pos("## 12. Analytics") < pos("## 13. Risks")
    );
}

fn fix(text: &str, unsafe_fixes: bool) -> prd_lint::fix::FixResult {
    let cfg = Config::defaults(PathBuf::from("."));
    let plan = Plan::new(Selection::default());
    let recheck = recheck_fn(&cfg, &plan, "docs/features/x/prd.md", None);
    fix_text(text, FixMode { unsafe_fixes }, &recheck)
}

#[test]
fn fixes_title_numbering_and_titles_keeping_crlf_and_bom() {
    let src = "\u{feff}# X - PRD\r\n\r\n## Overview\r\nFeature Name: X\r\n\r\n## 5. UX/UI requirements\r\ntext\r\n";
    let r = fix(src, false);
    assert_eq!(
        r.text,
        "\u{feff}# X — PRD\r\n\r\n## 1. Overview\r\nFeature Name: X\r\n\r\n## 5. UX / UI Requirements\r\ntext\r\n"
    );
    assert_eq!(r.applied.len(), 3);
    // Idempotent.
    let again = fix(&r.text, false);
    assert_eq!(again.text, r.text);
    assert!(again.applied.is_empty());
}

#[test]
fn fixes_section_numbers_written_another_way() {
    let src = "# X — PRD\n\n## 1) Overview\nFeature Name: X\n\n## Section 2: Background & Problem Statement\nx\n\n## 3 Goals & Non-Goals\nx\n";
    let r = fix(src, false);
    assert_eq!(
        r.text,
        "# X — PRD\n\n## 1. Overview\nFeature Name: X\n\n## 2. Background & Problem Statement\nx\n\n## 3. Goals & Non-Goals\nx\n"
    );
    assert_eq!(r.applied.len(), 3);
    let again = fix(&r.text, false);
    assert!(again.applied.is_empty());
    // A number inside markup, an escape or an entity, or a heading over several lines: reported
    // (by the recheck below) but not rewritten, as the prefix does not map back to the source
    // one to one.
    for heading in [
        "## **7** Acceptance Criteria",
        "## *7)* Acceptance Criteria",
        "## 7\\) Acceptance Criteria",
        "## 7)&nbsp;Acceptance Criteria",
        "## **8** Acceptance Criteria",
        "1\nOverview\n---",
        "Section 7:\nAcceptance Criteria\n---",
        "&#160;1)\nOverview\n--------",
    ] {
        let src = format!("# X — PRD\n\n{heading}\nx\n");
        let r = fix(&src, false);
        assert_eq!(r.text, src, "{heading}");
        let cfg = Config::defaults(PathBuf::from("."));
        let plan = Plan::new(Selection::default());
        let recheck = recheck_fn(&cfg, &plan, "docs/features/x/prd.md", None);
        assert!(
            recheck(&src)
                .iter()
                .any(|f| f.code == "PRD004" && f.fix.is_none()),
            "{heading}"
        );
    }
}

#[test]
fn unsafe_fixes_insert_missing_sections_only_when_asked() {
    let src = "# X — PRD\n\n## 1. Overview\nFeature Name: X\n";
    assert_eq!(fix(src, false).text, src);
    let r = fix(src, true);
    assert!(r
        .text
        .contains("## 2. Background & Problem Statement\n\nCurrent behavior / limitations: TBD\n"));
    // An inserted section carries the template's skeleton: §17 its checklist.
    assert!(r
        .text
        .contains("## 17. Definition of Done\n\n- [ ] Docs updated\n"));
    assert!(r.text.starts_with(src.trim_end()));
}

#[test]
fn inserted_label_is_its_own_paragraph_after_a_list() {
    let cfg = Config::defaults(PathBuf::from("."));
    let plan = Plan::new(Selection {
        select: vec!["PRD010".into()],
        ignore: vec![],
    });
    let recheck = recheck_fn(&cfg, &plan, "docs/features/x/prd.md", None);
    let src = "# A — PRD\n\n## 1. Overview\n- Feature Name: A\n- Summary: s\n## 2. Background & Problem Statement\nx\n";
    let fixed = fix_text(src, FixMode { unsafe_fixes: true }, &recheck);
    assert!(
        fixed.text.contains("- Summary: s\n\nLinks: TBD\n\n## 2."),
        "{}",
        fixed.text
    );
}
