//! PRD022 `fr-id-duplicate`: No two requirements share an FR ID.

use super::{next_number, repeats, Anchors, Kind};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD022",
    name: "fr-id-duplicate",
    severity: Severity::Error,
    summary: "No two requirements share an FR ID",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Fr.section_number(t);
    let frs = &doc.facts.frs;
    // Made for the first duplicate's hint: most documents have none.
    let next_free = std::cell::LazyCell::new(|| {
        next_number(frs.iter().map(|r| r.id.text.as_str()), Kind::Fr, t)
    });
    let mut anchors = Anchors::default();
    for (i, f0) in repeats(frs.len(), |i| frs[i].id.text.as_str()) {
        let r = &frs[i];
        let id = r.id.text.as_str();
        let first_span = frs[f0].id.span.clone();
        out.report(
            r.id.span.clone(),
            format!("expected a unique FR ID, found `{id}` again"),
        )
        .related(first_span, "first defined here")
        .help(format!(
            "give one of the two requirements a free ID such as `{}-{:0>w$}`, and update the criteria that link it",
            t.file.ids.fr_prefix,
            *next_free,
            w = t.file.ids.min_digits
        ))
        .anchor(anchors.make(format!("§{n}/{id}/duplicate")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    fn src(rows: &str) -> String {
        format!("# A — PRD\n\n## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n{rows}")
    }

    #[test]
    fn unique_ids_pass() {
        assert!(run_rule(
            &RULE,
            &src("| FR-001 | a | P0 | o |\n| FR-002 | b | P0 | o |\n")
        )
        .is_empty());
    }

    #[test]
    fn second_and_later_occurrences_fire() {
        let s = src("| FR-001 | a | P0 | o |\n| FR-002 | b | P0 | o |\n| FR-001 | c | P0 | o |\n\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n| FR-001 | d | P0 | o |\n");
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (8, 3, "expected a unique FR ID, found `FR-001` again".into()),
                (
                    12,
                    3,
                    "expected a unique FR ID, found `FR-001` again".into()
                ),
            ]
        );
    }

    #[test]
    fn related_points_at_the_first() {
        let t = crate::template::Template::torus();
        let doc = crate::document::parse(
            "prd.md",
            None,
            src("| FR-001 | a | P0 | o |\n| FR-001 | b | P0 | o |\n"),
            &t,
        );
        let f = RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        });
        assert_eq!(f[0].related[0].location.start.line, 6);
        assert_eq!(f[0].related[0].message, "first defined here");
        assert_eq!(f[0].anchor, "§6/FR-001/duplicate");
    }
}
