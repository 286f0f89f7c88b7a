//! PRD035 `ac-gwt`: Every acceptance criterion has Given, When and Then, in that order.

use super::{Anchors, Kind};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use regex::Regex;
use std::sync::OnceLock;

pub const RULE: Rule = Rule {
    code: "PRD035",
    name: "ac-gwt",
    severity: Severity::Error,
    summary: "Every acceptance criterion has Given, When and Then, in that order",
    fix: None,
    check,
};

const WORDS: [&str; 3] = ["Given", "When", "Then"];

fn gwt() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // No capture group: `find_iter` runs on the fast engines, `captures_iter` would not.
    R.get_or_init(|| Regex::new(r"(?i)(?-u:\b)(?:given|when|then)(?-u:\b)").expect("valid"))
}

/// What is wrong with a criterion's body, if anything: the words are matched case-insensitively
/// on the criterion's own line and the following lines of its item; they must occur in order
/// (`And` / `But` and any other text may come between them).
fn problem(body: &str) -> Option<String> {
    let found: Vec<(usize, usize)> = gwt()
        .find_iter(body)
        .filter_map(|m| {
            let w = WORDS
                .iter()
                .position(|w| w.eq_ignore_ascii_case(m.as_str()))?;
            Some((m.start(), w))
        })
        .collect();
    // Greedy in-order match: the first Given, the first When after it, the first Then after that.
    let mut want = 0;
    for &(_, w) in &found {
        if w == want {
            want += 1;
            if want == 3 {
                return None;
            }
        }
    }
    let missing: Vec<&str> = (0..3)
        .filter(|&w| !found.iter().any(|&(_, f)| f == w))
        .map(|w| WORDS[w])
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        let list = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.concat(),
        };
        return Some(format!("found no {list}"));
    }
    // All three are there, but not in order: name the first pair that is out of order.
    let first = |w: usize| found.iter().find(|&&(_, f)| f == w).map(|&(p, _)| p);
    let last = |w: usize| found.iter().rev().find(|&&(_, f)| f == w).map(|&(p, _)| p);
    let (g, wh) = (first(0)?, last(1)?);
    if wh < g {
        return Some("found `When` before `Given`".into());
    }
    Some("found `Then` before `When`".into())
}

fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Ac.section_number(t);
    let mut anchors = Anchors::default();
    for c in &doc.facts.criteria {
        let Some(found) = problem(&c.body) else {
            continue;
        };
        let id = &c.id.text;
        out.report(
            c.id.span.clone(),
            format!("expected Given, When and Then in that order in `{id}`, {found}"),
        )
        .help("state the precondition (Given), the action (When) and the expected result (Then), in that order")
        .anchor(anchors.make(format!("§{n}/{id}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const HEAD: &str = "# A — PRD\n\n## 7. Acceptance Criteria\n";

    #[test]
    fn accepted_styles_pass() {
        for body in [
            "- AC-001 (FR-001) — Given a, When b, Then c\n",
            "- AC-001 (FR-001) — Given… When… Then…\n",
            "- **AC-001 (FR-001)**: given a when b then c\n",
            "1. AC-001 — Given a, when b, then c (FR-001)\n",
            "- AC-001 (FR-001)\n  Given a\n  And a2\n  When b\n  But not c\n  Then d\n",
            "- AC-001 (FR-001)\n  - Given a\n  - When b\n  - Then c\n",
            "AC-001 (FR-001)\nGiven a\nWhen b\nThen c\n",
            "### AC-001 (FR-001)\n\nGiven a.\n\nWhen b.\n\nThen c.\n",
            "#### **AC-001** (FR-001)\n- Given a\n- When b, then c\n",
            "- AC-001 (FR-001) — Given a and then b, When c, Then d\n",
        ] {
            let got = run_rule(&RULE, &format!("{HEAD}{body}"));
            assert!(got.is_empty(), "{body}: {got:?}");
        }
    }

    #[test]
    fn missing_and_misordered_words_fire() {
        let s = format!(
            "{HEAD}- AC-001 (FR-001) — Given a, revisit is skipped.\n\
             - AC-002 (FR-001) — When b, Given a, Then c\n\
             - AC-003 (FR-001) — Given a, Then c, When b\n\
             - AC-004 (FR-001) — The export works.\n\
             - AC-005 (FR-001)\n- Given a\n- When b\n- Then c\n"
        );
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (4, 3, "expected Given, When and Then in that order in `AC-001`, found no `When` or `Then`".into()),
                (5, 3, "expected Given, When and Then in that order in `AC-002`, found `When` before `Given`".into()),
                (6, 3, "expected Given, When and Then in that order in `AC-003`, found `Then` before `When`".into()),
                (7, 3, "expected Given, When and Then in that order in `AC-004`, found no `Given`, `When` or `Then`".into()),
                (8, 3, "expected Given, When and Then in that order in `AC-005`, found no `Given`, `When` or `Then`".into()),
            ]
        );
    }
}
