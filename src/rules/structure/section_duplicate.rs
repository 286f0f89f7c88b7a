//! PRD006 `section-duplicate`: No section appears twice.

use super::{is_first, matched};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD006",
    name: "section-duplicate",
    severity: Severity::Error,
    summary: "No section appears twice",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    for (s, m) in matched(doc) {
        if is_first(doc, s) {
            continue;
        }
        let Some(first) = doc.section_for(m.spec) else {
            continue;
        };
        let heading = ctx.template.canonical_heading(m.spec);
        out.report(
            doc.heading_span(s),
            format!(
                "section `## {heading}` appears twice (first at line {})",
                doc.position(doc.heading_span(first).start).line
            ),
        )
        .related(doc.heading_span(first), "first occurrence")
        .help("merge the two sections into one")
        .anchor(format!(
            "§{}/duplicate",
            ctx.template.sections()[m.spec].number
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn points_at_the_second_occurrence() {
        let got = run_rule(
            &RULE,
            "# A — PRD\n\n## 1. Overview\nx\n\n## 1. Overview\ny\n",
        );
        assert_eq!(
            got,
            vec![(
                6,
                1,
                "section `## 1. Overview` appears twice (first at line 3)".into()
            )]
        );
    }
}
