//! PRD033 `ac-no-fr`: Every acceptance criterion links at least one FR.

use super::{Anchors, Kind};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD033",
    name: "ac-no-fr",
    severity: Severity::Error,
    summary: "Every acceptance criterion links at least one FR",
    fix: None,
    check,
};

/// A criterion links FRs with a group right after its ID, `(FR-001, FR-004)`; failing that, FR
/// IDs anywhere in the criterion count (`AC-001 — Given … (FR-001)`).
fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Ac.section_number(t);
    let fr = Kind::Fr.example(t);
    let mut anchors = Anchors::default();
    for c in &doc.facts.criteria {
        if !c.links.is_empty() {
            continue;
        }
        let id = &c.id.text;
        out.report(
            c.id.span.clone(),
            format!("expected an FR link like `({fr})` after `{id}`, found none"),
        )
        .help(format!(
            "name the requirement(s) this criterion verifies: `{id} ({fr}) — Given …`"
        ))
        .anchor(anchors.make(format!("§{n}/{id}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const HEAD: &str = "# A — PRD\n\n## 7. Acceptance Criteria\n";

    #[test]
    fn linked_criteria_pass() {
        for body in [
            "- AC-001 (FR-001) — Given a When b Then c\n",
            "- AC-001 (FR-001, FR-004) — Given a When b Then c\n",
            "- **AC-001 (FR-001)**: Given a When b Then c\n",
            "- AC-001 — Given a When b Then c (FR-001)\n",
            "AC-001 [FR-001]\nGiven a\nWhen b\nThen c\n",
            "### AC-001: Bulk extend\n\n- Given a\n- When b\n- Then c (FR-001)\n",
        ] {
            assert!(
                run_rule(&RULE, &format!("{HEAD}{body}")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn unlinked_criteria_fire() {
        let s = format!(
            "{HEAD}- AC-001: Given a When b Then c\n- AC-002 (P0) Given `FR-001` When b Then c\n"
        );
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (
                    4,
                    3,
                    "expected an FR link like `(FR-001)` after `AC-001`, found none".into()
                ),
                (
                    5,
                    3,
                    "expected an FR link like `(FR-001)` after `AC-002`, found none".into()
                ),
            ]
        );
    }
}
