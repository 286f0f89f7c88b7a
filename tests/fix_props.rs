//! Properties of `--fix` over generated, mutated PRDs: fixing never removes a line of content
//! that is not a heading, is idempotent, and never turns a clean file into one with findings.

use prd_lint::check::{recheck_fn, Plan, Selection};
use prd_lint::config::Config;
use prd_lint::fix::{fix_text, FixMode};
use proptest::prelude::*;
use std::path::PathBuf;

fn base() -> Vec<String> {
    [
        "canonical",
        "bold-labels",
        "heading-labels",
        "list-labels",
        "exempt-reason",
    ]
    .iter()
    .map(|n| std::fs::read_to_string(format!("fixtures/valid/{n}.md")).unwrap())
    .collect()
}

/// A mutation a careless author might make.
fn mutate(text: &str, kind: u8, at: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let headings: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("## "))
        .map(|(i, _)| i)
        .collect();
    let h = headings[at % headings.len()];
    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    match kind % 9 {
        0 => out[0] = out[0].replace(" — PRD", " - PRD"),
        1 => out[h] = out[h].to_lowercase(),
        2 => out[h] = out[h].replace(" & ", " and "),
        3 => {
            // Drop the number.
            let t = out[h].trim_start_matches("## ");
            let t = t.split_once(". ").map(|x| x.1).unwrap_or(t).to_string();
            out[h] = format!("## {t}");
        }
        4 => out[h] = out[h].replacen("## ", "### ", 1),
        5 => {
            // Remove a whole section.
            let end = headings
                .iter()
                .find(|&&x| x > h)
                .copied()
                .unwrap_or(out.len());
            out.drain(h..end);
        }
        6 => {
            for l in out.iter_mut() {
                *l = l.replace("| P0 |", "| p0 |");
            }
        }
        7 => out[h] = out[h].replacen("Requirements", "Requirments", 1),
        _ => {}
    }
    let joined = out.join("\n") + "\n";
    if kind >= 100 {
        joined.replace('\n', "\r\n")
    } else {
        joined
    }
}

fn run(text: &str, unsafe_fixes: bool) -> (String, usize) {
    let cfg = Config::defaults(PathBuf::from("."));
    let plan = Plan::new(Selection::default());
    let recheck = recheck_fn(&cfg, &plan, "docs/features/x/prd.md", None);
    let r = fix_text(text, FixMode { unsafe_fixes }, &recheck);
    let after = recheck(r.text.strip_prefix('\u{feff}').unwrap_or(&r.text)).len();
    (r.text, after)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn fixing_keeps_content_and_is_idempotent(doc in 0usize..5, kinds in prop::collection::vec((any::<u8>(), any::<usize>()), 1..4), unsafe_fixes in any::<bool>()) {
        let mut text = base()[doc].clone();
        for (k, at) in kinds {
            text = mutate(&text, k, at);
        }
        let (fixed, _) = run(&text, unsafe_fixes);
        // No line of content other than a heading disappears (a fix may change a line's case,
        // e.g. `p0` → `P0`, but never drops it).
        let out_lines: std::collections::HashSet<String> =
            fixed.lines().map(|l| l.trim_end_matches('\r').to_ascii_lowercase()).collect();
        for l in text.lines().map(|l| l.trim_end_matches('\r')) {
            if !l.starts_with('#') && !l.trim().is_empty() {
                prop_assert!(out_lines.contains(&l.to_ascii_lowercase()), "lost line {l:?}");
            }
        }
        // Line endings are kept.
        prop_assert_eq!(text.contains("\r\n"), fixed.contains("\r\n"));
        // A second fix changes nothing.
        let (again, _) = run(&fixed, unsafe_fixes);
        prop_assert_eq!(&again, &fixed);
    }

    #[test]
    fn clean_files_stay_untouched(doc in 0usize..5, crlf in any::<bool>()) {
        let mut text = base()[doc].clone();
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let (fixed, after) = run(&text, true);
        prop_assert_eq!(fixed, text);
        prop_assert_eq!(after, 0);
    }
}
