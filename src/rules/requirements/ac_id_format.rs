//! PRD031 `ac-id-format`: AC IDs are `AC-` plus three or more digits and an optional lowercase letter.

use super::{canonical, is_valid, rename_edits, Anchors, Kind};
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD031",
    name: "ac-id-format",
    severity: Severity::Error,
    summary: "AC IDs are `AC-` plus three or more digits and an optional lowercase letter",
    fix: Some(Applicability::Safe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Ac.section_number(t);
    let criteria = &doc.facts.criteria;
    let mut anchors = Anchors::default();
    for (i, c) in criteria.iter().enumerate() {
        let id = c.id.text.as_str();
        if is_valid(id, Kind::Ac, t) {
            continue;
        }
        let example = Kind::Ac.example(t);
        let mut f = out.report(
            c.id.span.clone(),
            format!("expected an AC ID like `{example}` or `{example}b`, found `{id}`"),
        );
        if let Some(new) = canonical(id, Kind::Ac, t) {
            let taken = criteria.iter().enumerate().any(|(j, o)| {
                j != i
                    && (o.id.text == new
                        || canonical(&o.id.text, Kind::Ac, t).as_deref() == Some(&new))
            });
            if taken {
                f = f.help(format!(
                    "`{new}` is taken by another criterion: give this one a free ID by hand"
                ));
            } else {
                f = f.help(format!("write `{new}`"));
                if let Some(edits) = rename_edits(doc, t, Kind::Ac, (&c.id.span, id), &new) {
                    f = f.fix(
                        Applicability::Safe,
                        format!("Rename `{id}` to `{new}` everywhere in the file"),
                        edits,
                    );
                }
            }
        }
        f.anchor(anchors.make(format!("§{n}/{id}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;
    use crate::rules::run_rule;
    use crate::template::Template;

    const HEAD: &str = "# A — PRD\n\n## 7. Acceptance Criteria\n";

    #[test]
    fn well_formed_ids_pass() {
        let s = format!("{HEAD}- AC-001 (FR-001) — Given a When b Then c\n- **AC-001b** (FR-001) Given a When b Then c\n- AC-0003 (FR-001) Given a When b Then c\n");
        assert!(run_rule(&RULE, &s).is_empty());
    }

    #[test]
    fn malformed_ids_fire() {
        let s = format!("{HEAD}- AC1 (FR-001) Given a When b Then c\n- AC-2: Given a When b Then c\n- **Ac-003** Given a When b Then c\n");
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (
                    4,
                    3,
                    "expected an AC ID like `AC-001` or `AC-001b`, found `AC1`".into()
                ),
                (
                    5,
                    3,
                    "expected an AC ID like `AC-001` or `AC-001b`, found `AC-2`".into()
                ),
                (
                    6,
                    5,
                    "expected an AC ID like `AC-001` or `AC-001b`, found `Ac-003`".into()
                ),
            ]
        );
    }

    #[test]
    fn fix_renames_mentions_when_unambiguous() {
        let s = format!("{HEAD}- AC1 (FR-001) Given a When b Then c\n- AC-001 (FR-001) Given a When b Then c\n- AC-2 (FR-001) Given a When b Then c\n\n## 16. QA Plan\nAutomated: AC-2 and AC2.\n");
        let t = Template::torus();
        let doc = parse("prd.md", None, s.clone(), &t);
        let f = RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        });
        assert!(f[0].fix.is_none(), "AC-001 is taken");
        let fix = f[1].fix.as_ref().unwrap();
        let mut out = s.clone();
        for e in fix.edits.iter().rev() {
            out.replace_range(e.location.start_byte..e.location.end_byte, &e.content);
        }
        assert!(out.contains("- AC-002 (FR-001)"));
        assert!(out.contains("Automated: AC-002 and AC-002."));
    }
}
