//! PRD030 `ac-missing`: §7 holds at least one acceptance criterion.

use super::{section, Kind};
use crate::document::BlockKind;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use regex::Regex;
use std::sync::OnceLock;

pub const RULE: Rule = Rule {
    code: "PRD030",
    name: "ac-missing",
    severity: Severity::Error,
    summary: "§7 holds at least one acceptance criterion",
    fix: None,
    check,
};

fn given() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)(?-u:\b)given(?-u:\b)").expect("valid"))
}

fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let Some(s) = section(doc, t, Kind::Ac) else {
        return;
    };
    if !doc.facts.criteria.is_empty() {
        return;
    }
    let n = Kind::Ac.section_number(t);
    let (ac, fr) = (Kind::Ac.example(t), Kind::Fr.example(t));
    let blocks = doc.section_blocks(s);
    let in_table = blocks.iter().any(|b| {
        matches!(b.kind, BlockKind::TableCell { .. })
            && b.text().trim_start().starts_with(&t.file.ids.ac_prefix)
    });
    let gwt_text = blocks.iter().any(|b| given().is_match(&b.text()));
    let help = if in_table {
        format!("criteria in a table are not read: write each as a list item, `- {ac} ({fr}) — Given …, When …, Then …`")
    } else if gwt_text {
        format!("Given/When/Then text without an ID is not a criterion: start each one with its ID and FR link, `{ac} ({fr})`")
    } else {
        format!("add criteria such as `- {ac} ({fr}) — Given …, When …, Then …`")
    };
    out.report(
        doc.heading_span(s),
        format!("expected at least one acceptance criterion starting with an ID like `{ac}` in §{n}, found none"),
    )
    .help(help)
    .anchor(format!("§{n}/criteria"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const HEAD: &str = "# A — PRD\n\n## 7. Acceptance Criteria\n";

    #[test]
    fn any_criterion_form_satisfies_it() {
        for body in [
            "- AC-001 (FR-001) — Given a, When b, Then c\n",
            "1. **AC-001** (FR-001): Given a When b Then c\n",
            "AC-001 (FR-001)\nGiven a\nWhen b\nThen c\n",
            "### AC-001 (FR-001)\nGiven a When b Then c\n",
        ] {
            assert!(
                run_rule(&RULE, &format!("{HEAD}{body}")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn fires_at_the_heading() {
        assert_eq!(
            run_rule(&RULE, &format!("{HEAD}- Given a, When b, Then c\n")),
            vec![(
                3,
                1,
                "expected at least one acceptance criterion starting with an ID like `AC-001` in §7, found none".into()
            )]
        );
    }

    #[test]
    fn silent_without_the_section() {
        assert!(run_rule(&RULE, "# A — PRD\n\n## 6. Functional Requirements\nx\n").is_empty());
    }
}
