//! Hostile input: the whole pipeline (read → parse → rules → fix → render) never panics, hangs
//! or overflows the stack. A property-based fuzz harness over Markdown-shaped and random input,
//! plus fixed regression inputs (deep nesting, long runs).

use prd_lint::check::{self, decode, recheck_fn, Input, Job, Plan, Selection};
use prd_lint::config::Config;
use prd_lint::fix::{fix_text, FixMode};
use prd_lint::render::{self, OutputFormat, RenderOptions};
use proptest::prelude::*;
use std::path::PathBuf;

const FORMATS: [OutputFormat; 7] = [
    OutputFormat::Full,
    OutputFormat::Concise,
    OutputFormat::Json,
    OutputFormat::JsonLines,
    OutputFormat::Github,
    OutputFormat::Sarif,
    OutputFormat::Junit,
];

/// Run everything on one input and return how many findings the first check had.
fn whole_pipeline(bytes: Vec<u8>) -> usize {
    let cfg = Config::defaults(PathBuf::from("."));
    let text = decode(bytes);
    let original = match &text {
        Input::Text(t) => Some(t.clone()),
        Input::Unreadable(_) => None,
    };
    let report = check::run(
        &cfg,
        Selection::default(),
        vec![Job::Stdin {
            display: "docs/features/fuzz/prd.md".into(),
            text,
        }],
    );
    let n = report.findings().count();
    for format in FORMATS {
        let mut out = Vec::new();
        // Without colour, so any ESC in the output could only come from the input.
        let opts = RenderOptions {
            color: false,
            quiet: false,
            statistics: false,
            version: "test",
        };
        render::render(format, &report, &opts, &mut out).expect("render");
        // Nothing from the input reaches the output as a raw escape character.
        assert!(!out.contains(&0x1b), "raw ESC in {format:?} output");
    }
    if let Some(t) = original {
        let plan = Plan::new(Selection::default());
        let recheck = recheck_fn(&cfg, &plan, "docs/features/fuzz/prd.md", None);
        let once = fix_text(&t, FixMode { unsafe_fixes: true }, &recheck);
        let _ = recheck(&once.text);
    }
    n
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Bulk Extensions — PRD\n".to_string()),
        Just("# T - PRD\r\n".to_string()),
        (1u32..20).prop_map(|n| format!("## {n}. Overview\n")),
        Just("## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n| FR-001 | x | P0 | y |\n| fr-2 | | p1 | |\n".to_string()),
        Just("## 7. Acceptance Criteria\n- AC-001 (FR-001) — Given a When b Then c\n- AC1 (FR-009)\n  Then x\n".to_string()),
        Just("## 11. Feature Flagging, Rollout & Migration\nFlagging: `Bad.Flag` `ok_flag`\nRollout Plan:\n- 100%: all\n- internal-only\n| 5% | x |\n|---|---|\n".to_string()),
        Just("Rollout exemption:\n".to_string()),
        (0u64..=u64::MAX).prop_map(|n| format!("| FR-{n} | x | P0 | y |\n")),
        Just("<!-- prd-lint-disable-next-line PRD050 -->\nTBD\n".to_string()),
        Just("<!-- prd-lint-disable -->\n<div>x</div>\n".to_string()),
        Just("```\nTODO <b>\n```\n".to_string()),
        Just("![img](../../../../etc/passwd) [l](nope.md#x) [a](#top)\n".to_string()),
        Just("- [ ] Docs updated\n- [x] \n".to_string()),
        Just("\u{feff}\u{1b}[31m\r\u{0}\u{7f}\u{85}\u{2028}é—…\n".to_string()),
        Just("> > > - 1. * [\n".to_string()),
        Just("`unterminated **bold _x".to_string()),
        // Section numbers written other ways, in markup, escaped, or on a setext heading's
        // first line.
        Just("## 7) Acceptance Criteria\n## **8** Acceptance Criteria\n## 1\\) Overview\n".to_string()),
        Just("&#160;1)\nOverview\n--------\nSection 7:\nAcceptance Criteria\n---\n".to_string()),
        "[ -~]{0,40}\n",
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn markdown_shaped_input_never_breaks_the_pipeline(parts in prop::collection::vec(fragment(), 0..30)) {
        whole_pipeline(parts.concat().into_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_break_the_pipeline(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        whole_pipeline(bytes);
    }
}

/// Inputs that once crashed the pipeline.
#[test]
fn former_crashes() {
    // PRD004 sliced a setext heading's first line with an offset from the joined text.
    for c in [
        "# X — PRD\n\n&#160;1)\nOverview\n--------\nx\n",
        "&#32;7)\nAcceptance Criteria\n---\n",
        // PRD023 collected every number of a gap: a billion here, and u64::MAX after it.
        "## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n| FR-001 | a | P0 | o |\n| FR-1000000000 | b | P0 | o |\n| FR-18446744073709551615 | c | P0 | o |\n",
    ] {
        assert!(whole_pipeline(c.as_bytes().to_vec()) > 0, "{c}");
    }
}

#[test]
fn deep_nesting_and_long_runs() {
    let cases: Vec<String> = vec![
        format!("{} x\n", ">".repeat(200_000)),
        (0..5000)
            .map(|i| format!("{}- item\n", " ".repeat(i * 2)))
            .collect(),
        (0..3000)
            .map(|i| format!("{}1. item\n", "   ".repeat(i)))
            .collect(),
        format!("{}x{}\n", "*".repeat(100_000), "*".repeat(100_000)),
        format!("{}x{}\n", "[".repeat(50_000), "]".repeat(50_000)),
        "<div>".repeat(20_000),
        format!("| a |\n|---|\n{}", "| `x` |\n".repeat(20_000)),
        "## 7. Acceptance Criteria\n".to_string()
            + &"- AC-001 (FR-001) Given When Then\n".repeat(20_000),
        String::new(),
        "\n\n\n".to_string(),
    ];
    for c in cases {
        whole_pipeline(c.into_bytes());
    }
}

#[test]
fn non_utf8_and_binary_are_findings() {
    assert_eq!(whole_pipeline(vec![0xff, 0xfe, b'a']), 1);
    assert_eq!(whole_pipeline(b"# x\0y".to_vec()), 1);
}
